"""Builds a query with psycopg's sql module, quoting the user's value as a literal."""

from flask import Flask, g, jsonify, request
from psycopg import sql

app = Flask(__name__)


@app.get("/audit")
def audit():
    query = sql.SQL("SELECT * FROM audit WHERE actor = {}").format(
        sql.Literal(request.args["actor"])
    )
    with g.db.cursor() as cur:
        cur.execute(query)
        return jsonify(cur.fetchall())
