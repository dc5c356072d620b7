"""A public page per user, named in the URL path."""

from flask import Flask

app = Flask(__name__)


@app.route("/u/<username>")
def user_page(username):
    return "<h1>" + username + "</h1><p>No posts yet.</p>"
