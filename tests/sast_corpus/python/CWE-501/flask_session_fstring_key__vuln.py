"""Stores a per-project note in the session under a key built from the path."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/projects/<project>/note")
def note(project):
    session[f"note:{project}"] = request.get_data(as_text=True)
    return "", 204
