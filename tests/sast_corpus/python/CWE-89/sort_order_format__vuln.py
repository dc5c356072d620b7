"""Lists products sorted by a column named in the query string."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP032

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/products")
def products():
    column = request.args.get("sort", "name")
    cur = g.db.cursor()
    cur.execute("SELECT id, name, price FROM products ORDER BY {}".format(column))
    return jsonify(cur.fetchall())
