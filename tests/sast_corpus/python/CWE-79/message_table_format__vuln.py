"""Shows one of several message templates with the visitor's name."""

from flask import Flask, request

app = Flask(__name__)
MESSAGES = {
    "welcome": "<p>Welcome, {user}!</p>",
    "goodbye": "<p>See you soon, {user}.</p>",
}


@app.get("/message")
def message():
    template = MESSAGES.get(request.args.get("kind", ""), MESSAGES["welcome"])
    return template.format(user=request.args.get("user", ""))
