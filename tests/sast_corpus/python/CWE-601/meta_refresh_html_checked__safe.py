"""Shows an interstitial page that forwards only to allow-listed hosts."""

from urllib.parse import urlsplit

from flask import Flask, abort, request
from markupsafe import escape

app = Flask(__name__)
ALLOWED = {"docs.example.com", "status.example.com"}


@app.get("/leaving")
def leaving():
    to = request.args.get("to", "/")
    if urlsplit(to).hostname not in ALLOWED:
        abort(400)
    return f'<meta http-equiv="refresh" content="0; url={escape(to)}"><p>Leaving the site...</p>'
