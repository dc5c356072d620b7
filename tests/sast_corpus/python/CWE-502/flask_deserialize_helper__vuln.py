"""A shared helper decodes message payloads; the payload comes from the posted form."""

import base64
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


def decode_payload(text: str):
    return pickle.loads(base64.b64decode(text))


@app.post("/messages")
def post_message():
    payload = decode_payload(request.form["payload"])
    return jsonify(kind=type(payload).__name__)
