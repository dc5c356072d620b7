"""Filters tickets by any of several optional query parameters."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/tickets")
def tickets():
    clauses = [
        f"{field} = '{request.args[field]}'"
        for field in ("status", "owner")
        if field in request.args
    ]
    where = " AND ".join(clauses) or "1 = 1"
    return jsonify(g.db.execute("SELECT id FROM tickets WHERE " + where).fetchall())
