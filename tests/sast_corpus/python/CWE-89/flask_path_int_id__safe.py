"""Shows a blog post by numeric id in the URL path."""

from flask import Flask, g, jsonify

app = Flask(__name__)


@app.route("/posts/<int:post_id>")
def post(post_id):
    return jsonify(g.db.execute(f"SELECT title, body FROM posts WHERE id = {post_id}").fetchone())
