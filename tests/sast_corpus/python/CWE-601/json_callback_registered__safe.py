"""Finishes the flow by redirecting to the callback registered for the client."""

from flask import Flask, abort, redirect, request

app = Flask(__name__)
REGISTERED = {
    "dashboard": "https://dashboard.example.com/oauth/callback",
    "mobile": "https://m.example.com/oauth/callback",
}


@app.post("/authorize/done")
def done():
    callback = REGISTERED.get(request.get_json().get("client_id", ""))
    if callback is None:
        abort(400)
    return redirect(f"{callback}?status=granted")
