"""Reads a posted snapshot with an Unpickler that refuses every global (plain data only)."""

import io
import pickle

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


class PlainDataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"global {module}.{name} is forbidden")


@app.post("/snapshots")
def snapshot():
    try:
        snapshot = PlainDataUnpickler(io.BytesIO(request.get_data())).load()
    except pickle.UnpicklingError:
        abort(400)
    return jsonify(keys=sorted(snapshot))
