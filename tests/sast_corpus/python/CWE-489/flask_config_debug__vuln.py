"""Application factory of the device dashboard."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["DEBUG"] = True
    app.config["JSON_SORT_KEYS"] = False
    return app
