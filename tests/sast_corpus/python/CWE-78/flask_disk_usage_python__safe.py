"""Shows how much space a customer's folder uses, measured in Python inside the customer root."""

import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ROOT = os.path.realpath("/srv/customers")


@app.get("/storage/usage")
def usage():
    folder = os.path.realpath(os.path.join(ROOT, request.args.get("folder", "")))
    if os.path.commonpath([ROOT, folder]) != ROOT:
        abort(404)
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return jsonify(bytes=total)
