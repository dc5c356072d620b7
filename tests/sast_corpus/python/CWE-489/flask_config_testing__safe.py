"""Application factory; tests switch TESTING on, never DEBUG."""

from flask import Flask


def create_app(testing: bool = False) -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = testing
    app.config["DEBUG"] = False
    return app
