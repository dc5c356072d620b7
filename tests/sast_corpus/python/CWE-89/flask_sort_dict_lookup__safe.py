"""Sorts a listing by a column picked from a fixed table."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)
ORDER_BY = {"name": "name ASC", "newest": "created_at DESC", "price": "price ASC"}


@app.get("/items")
def items():
    order = ORDER_BY.get(request.args.get("sort", ""), "name ASC")
    return jsonify(g.db.execute(f"SELECT id, name FROM items ORDER BY {order}").fetchall())
