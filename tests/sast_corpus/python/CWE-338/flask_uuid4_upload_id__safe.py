"""Names an upload session with uuid4 (drawn from os.urandom)."""

import uuid

from flask import Flask, jsonify

app = Flask(__name__)
UPLOADS: dict[str, list[bytes]] = {}


@app.post("/uploads")
def start_upload():
    upload_id = str(uuid.uuid4())
    UPLOADS[upload_id] = []
    return jsonify(upload_id=upload_id), 201
