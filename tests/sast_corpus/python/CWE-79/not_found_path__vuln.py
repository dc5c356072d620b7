"""A wiki that reports a missing page by its name."""

from flask import Flask

app = Flask(__name__)
PAGES: dict[str, str] = {}


@app.route("/wiki/<path:title>")
def wiki(title):
    if title not in PAGES:
        return f"<p>There is no page called {title}.</p>", 404
    return PAGES[title]
