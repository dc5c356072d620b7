"""Filters tickets by optional query parameters with one placeholder each."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/tickets")
def tickets():
    fields = [field for field in ("status", "owner") if field in request.args]
    where = " AND ".join(f"{field} = ?" for field in fields) or "1 = 1"
    params = [request.args[field] for field in fields]
    return jsonify(g.db.execute("SELECT id FROM tickets WHERE " + where, params).fetchall())
