"""A link shortener that redirects to the URL stored for a code."""

from flask import Flask, abort, redirect

app = Flask(__name__)
LINKS = {"docs": "https://docs.example.com/", "status": "https://status.example.com/"}


@app.route("/go/<code>")
def go(code):
    if code not in LINKS:
        abort(404)
    return redirect(LINKS[code])
