"""Sets the session's plan from the account record, ignoring the legacy cookie."""

from flask import Flask, session

app = Flask(__name__)
ACCOUNTS: dict[int, dict] = {}


@app.get("/")
def index():
    if "plan" not in session:
        account = ACCOUNTS.get(session.get("user_id", -1), {})
        session["plan"] = account.get("plan", "free")
    return "home"
