"""Task endpoint of a small compute cluster: the client names a registered task in msgpack."""

import msgpack
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TASKS = {
    "count-words": lambda text: len(str(text).split()),
    "upper": lambda text: str(text).upper(),
}


@app.post("/tasks")
def run_task():
    message = msgpack.unpackb(request.get_data(), raw=False)
    task = TASKS.get(message.get("task"))
    if task is None:
        abort(400)
    return jsonify(result=task(message.get("arg", "")))
