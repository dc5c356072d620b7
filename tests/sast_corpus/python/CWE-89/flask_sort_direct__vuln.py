"""Sorts a listing by the column and direction in the query string."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/items")
def items():
    order = request.args.get("sort", "name") + " " + request.args.get("dir", "ASC")
    return jsonify(g.db.execute(f"SELECT id, name FROM items ORDER BY {order}").fetchall())
