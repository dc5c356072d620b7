"""Redirects to a partner's landing page if the domain is a registered partner."""

from flask import Flask, abort, redirect, request

app = Flask(__name__)
PARTNERS = frozenset({"shop.partner-one.com", "partner-two.net"})


@app.get("/partner")
def partner():
    domain = request.args.get("domain", "")
    if domain not in PARTNERS:
        abort(404)
    return redirect("https://%s/welcome?ref=example" % domain)  # noqa: UP031
