"""Starts the OAuth login; the anti-CSRF state parameter comes from random."""

import random
import string
from urllib.parse import urlencode

from flask import Flask, redirect, session

app = Flask(__name__)
AUTHORIZE = "https://accounts.example.com/oauth/authorize?"


@app.get("/login/oauth")
def oauth_login():
    state = "".join(random.choices(string.ascii_letters + string.digits, k=24))
    session["oauth_state"] = state
    query = urlencode({"client_id": "web", "response_type": "code", "state": state})
    return redirect(AUTHORIZE + query)
