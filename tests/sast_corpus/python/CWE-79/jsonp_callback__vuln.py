"""Serves status as JSONP with the callback name the caller chose."""

import json

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/status.js")
def status_js():
    callback = request.args.get("callback", "cb")
    body = f"{callback}({json.dumps({'ok': True})});"
    return Response(body, mimetype="application/javascript")
