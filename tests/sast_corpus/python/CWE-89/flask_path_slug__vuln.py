"""Shows a blog post by slug in the URL path."""

from flask import Flask, g, jsonify

app = Flask(__name__)


@app.route("/posts/<slug>")
def post(slug):
    sql = "SELECT title, body FROM posts WHERE slug = '" + slug + "'"
    return jsonify(g.db.execute(sql).fetchone())
