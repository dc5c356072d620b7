"""Lists the files of the shared area, filtered by a substring given in the query string."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)
SHARED = "/srv/shared"


@app.get("/shared")
def list_shared():
    needle = request.args.get("contains", "")
    return jsonify(files=sorted(n for n in os.listdir(SHARED) if needle in n))
