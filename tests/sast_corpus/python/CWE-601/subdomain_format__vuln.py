"""Sends a user to their workspace host, named in the query string."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/workspace")
def workspace():
    host = request.args["host"]
    return redirect("https://{}/home".format(host))  # noqa: UP032
