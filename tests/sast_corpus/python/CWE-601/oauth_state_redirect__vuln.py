"""OAuth callback that returns to the URL the client put in the state parameter."""

import json
from base64 import urlsafe_b64decode

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/oauth/callback")
def oauth_callback():
    state = json.loads(urlsafe_b64decode(request.args["state"]))
    return redirect(state["return_to"])
