"""After login, returns the user to the page given in ?next=."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/login")
def login():
    return redirect(request.args.get("next", "/"))
