"""Shows an interstitial page that forwards with a meta refresh to ?to=."""

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.get("/leaving")
def leaving():
    target = escape(request.args.get("to", "/"))
    return f'<meta http-equiv="refresh" content="0; url={target}"><p>Leaving the site...</p>'
