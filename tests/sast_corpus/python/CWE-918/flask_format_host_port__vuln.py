"""Reads metrics from an exporter at a host and port given in the query string."""

import requests
from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/metrics/remote")
def remote_metrics():
    url = "http://{}:{}/metrics".format(request.args["host"], request.args.get("port", "9100"))
    return Response(requests.get(url, timeout=5).text, mimetype="text/plain")
