"""Serves status as JSONP; the callback must be a plain identifier."""

import json
import re

from flask import Flask, Response, abort, request

app = Flask(__name__)
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]{0,63}")


@app.get("/status.js")
def status_js():
    callback = request.args.get("callback", "cb")
    if not IDENTIFIER.fullmatch(callback):
        abort(400)
    body = f"{callback}({json.dumps({'ok': True})});"
    return Response(body, mimetype="application/javascript")
