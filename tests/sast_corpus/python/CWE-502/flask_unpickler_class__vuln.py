"""Reads a posted snapshot with a pickle.Unpickler over the request stream."""

import io
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/snapshots")
def snapshot():
    snapshot = pickle.Unpickler(io.BytesIO(request.get_data())).load()
    return jsonify(keys=sorted(snapshot))
