"""A shared helper decodes message payloads as base64 JSON; the payload comes from the form."""

import base64
import json

from flask import Flask, jsonify, request

app = Flask(__name__)


def decode_payload(text: str):
    return json.loads(base64.b64decode(text))


@app.post("/messages")
def post_message():
    payload = decode_payload(request.form["payload"])
    return jsonify(kind=type(payload).__name__)
