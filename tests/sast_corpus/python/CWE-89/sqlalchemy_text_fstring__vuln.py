"""Searches customers with SQLAlchemy text()."""

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("sqlite:////srv/app/crm.db")


@app.get("/customers")
def customers():
    q = request.args.get("q", "")
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, name FROM customers WHERE name LIKE '%{q}%'"))
        return jsonify([dict(r._mapping) for r in rows])
