"""Logs out and goes to one of the site's own pages chosen by name."""

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
DESTINATIONS = {"home": "index", "pricing": "pricing_page", "docs": "docs_index"}


@app.post("/logout")
def logout():
    session.clear()
    endpoint = DESTINATIONS.get(request.form.get("return_to", ""), "index")
    return redirect(url_for(endpoint))
