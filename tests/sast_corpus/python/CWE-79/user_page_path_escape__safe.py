"""A public page per user; the name from the path is escaped."""

from flask import Flask
from markupsafe import escape

app = Flask(__name__)


@app.route("/u/<username>")
def user_page(username):
    return "<h1>" + escape(username) + "</h1><p>No posts yet.</p>"
