"""Stores the interface language in the session if it is a supported one."""

from flask import Flask, redirect, request, session

app = Flask(__name__)
SUPPORTED = ("en", "de", "fr", "ja")


@app.post("/language")
def language():
    lang = request.form.get("lang", "en")
    session["lang"] = lang if lang in SUPPORTED else "en"
    return redirect("/")
