"""Lets staff run a data-fix snippet against the order table from a form."""

from flask import Flask, jsonify, request

app = Flask(__name__)
ORDERS: dict[int, dict] = {}


@app.post("/admin/datafix")
def datafix():
    snippet = request.form["snippet"]
    scope = {"orders": ORDERS}
    exec(snippet, scope)
    return jsonify(changed=scope.get("changed", 0))
