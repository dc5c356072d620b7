"""Builds a query with psycopg's sql module but formats the value into the SQL text."""

from flask import Flask, g, jsonify, request
from psycopg import sql

app = Flask(__name__)


@app.get("/audit")
def audit():
    query = sql.SQL(f"SELECT * FROM audit WHERE actor = '{request.args['actor']}'")
    with g.db.cursor() as cur:
        cur.execute(query)
        return jsonify(cur.fetchall())
