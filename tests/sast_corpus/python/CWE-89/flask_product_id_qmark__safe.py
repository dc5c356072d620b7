"""Shows a product by the id in the query string, bound as a parameter."""

from flask import Flask, g, jsonify, request

app = Flask(__name__)


@app.get("/product")
def product():
    product_id = request.args.get("id", "")
    row = g.db.execute("SELECT name, price FROM products WHERE id = ?", (product_id,)).fetchone()
    return jsonify(row)
