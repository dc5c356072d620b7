"""Returns a comment preview as JSON for the client to insert as text."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/comments/preview")
def preview():
    return jsonify(preview=f"<div class='comment'>{request.form['body']}</div>")
