"""Lists the latest comments, the limit converted to an integer and capped."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/comments/latest")
def latest():
    limit = min(request.args.get("limit", 20, type=int), 100)
    rows = g.db.execute(f"SELECT body FROM comments ORDER BY id DESC LIMIT {limit}").fetchall()
    return jsonify(rows)
