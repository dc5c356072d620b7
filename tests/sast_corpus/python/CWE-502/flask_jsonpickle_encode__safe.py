"""Returns the editor's undo stack, encoded with jsonpickle (encoding builds no objects)."""

import jsonpickle
from flask import Flask, Response

app = Flask(__name__)
UNDO_STACK: list[dict] = [{"op": "insert", "at": 0, "text": "hello"}]


@app.get("/editor/undo")
def undo():
    return Response(jsonpickle.encode(UNDO_STACK, unpicklable=False), mimetype="application/json")
