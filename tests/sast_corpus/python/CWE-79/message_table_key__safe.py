"""Shows one of several fixed messages; the request only picks the key."""

from flask import Flask, request

app = Flask(__name__)
MESSAGES = {
    "welcome": "<p>Welcome!</p>",
    "goodbye": "<p>See you soon.</p>",
}


@app.get("/message")
def message():
    return MESSAGES.get(request.args.get("kind", ""), MESSAGES["welcome"])
