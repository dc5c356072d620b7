"""Makes the workspace in the URL path the current one."""

from flask import Flask, redirect, session

app = Flask(__name__)


@app.route("/w/<workspace>/enter")
def enter(workspace):
    session["workspace"] = workspace
    return redirect("/")
