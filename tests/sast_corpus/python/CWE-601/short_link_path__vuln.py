"""A link shortener that redirects to a URL encoded in the path."""

from flask import Flask, redirect

app = Flask(__name__)


@app.route("/go/<path:target>")
def go(target):
    return redirect("https://" + target)
