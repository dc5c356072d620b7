"""Accepts a precompiled rule set from a client as a marshal blob."""

import marshal

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/rules/upload")
def upload_rules():
    rules = marshal.loads(request.get_data())
    return jsonify(count=len(rules))
