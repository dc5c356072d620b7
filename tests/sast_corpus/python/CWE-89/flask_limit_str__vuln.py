"""Lists the latest comments with the limit taken as text."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/comments/latest")
def latest():
    limit = request.args.get("limit", "20")
    rows = g.db.execute("SELECT body FROM comments ORDER BY id DESC LIMIT " + limit).fetchall()
    return jsonify(rows)
