"""Re-issues the session id cookie on every request, Secure and HttpOnly."""

from flask import Flask, request

app = Flask(__name__)


@app.after_request
def refresh_session(response):
    sid = request.cookies.get("session_id")
    if sid:
        response.set_cookie(
            "session_id", sid, max_age=1800, secure=True, httponly=True, samesite="Lax"
        )
    return response
