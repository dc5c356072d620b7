"""Task endpoint of a small compute cluster: runs a function sent by the client."""

import cloudpickle
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/tasks")
def run_task():
    task = cloudpickle.loads(request.get_data())
    return jsonify(result=task())
