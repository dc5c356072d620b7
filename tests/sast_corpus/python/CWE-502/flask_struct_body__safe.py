"""Accepts a packed array of sensor readings (little-endian floats) as the raw body."""

import struct

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/readings/upload")
def upload_readings():
    blob = request.get_data()
    if len(blob) % 4:
        abort(400)
    readings = struct.unpack(f"<{len(blob) // 4}f", blob)
    return jsonify(count=len(readings), peak=max(readings, default=0.0))
