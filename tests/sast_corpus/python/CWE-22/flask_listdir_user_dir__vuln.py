"""Lists the files in a sub-folder of the shared area given in the query string."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)
SHARED = "/srv/shared"


@app.get("/shared")
def list_shared():
    folder = os.path.join(SHARED, request.args.get("dir", ""))
    return jsonify(files=sorted(os.listdir(folder)))
