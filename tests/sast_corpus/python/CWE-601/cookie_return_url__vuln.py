"""Resumes a checkout at the URL remembered in a cookie."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/checkout/resume")
def resume():
    return redirect(request.cookies.get("return_url", "/cart"))
