"""Reads metrics from one of the local exporters; the port is chosen from the known ones."""

import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)
EXPORTER_PORTS = {9100, 9187, 9121}


@app.get("/metrics/local")
def local_metrics():
    port = request.args.get("port", 9100, type=int)
    if port not in EXPORTER_PORTS:
        abort(400)
    url = f"http://127.0.0.1:{port}/metrics"
    return Response(requests.get(url, timeout=5).text, mimetype="text/plain")
