"""Counts a click in a newsletter and forwards to the link stored under its id."""

from flask import Flask, abort, redirect, request

app = Flask(__name__)
CLICKS: dict[int, int] = {}
NEWSLETTER_LINKS = {1: "https://example.com/blog/launch", 2: "https://example.com/pricing"}


@app.get("/t")
def track():
    link_id = request.args.get("id", 0, type=int)
    if link_id not in NEWSLETTER_LINKS:
        abort(404)
    CLICKS[link_id] = CLICKS.get(link_id, 0) + 1
    return redirect(NEWSLETTER_LINKS[link_id], code=302)
