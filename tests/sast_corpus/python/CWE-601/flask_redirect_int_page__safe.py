"""Redirects to the requested page number of a listing."""

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.get("/jump")
def jump():
    page = request.args.get("page", 1, type=int)
    return redirect(url_for("listing", page=page))
