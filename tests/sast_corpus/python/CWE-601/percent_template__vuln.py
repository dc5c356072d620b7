"""Redirects to a partner's landing page given by the partner's own domain."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/partner")
def partner():
    domain = request.args.get("domain", "")
    return redirect("https://%s/welcome?ref=example" % domain)  # noqa: UP031
