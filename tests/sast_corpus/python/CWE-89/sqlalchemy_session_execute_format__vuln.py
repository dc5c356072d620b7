"""Deletes an API key by its label with a SQLAlchemy session."""

from flask import Flask, request
from sqlalchemy import text

from .db import Session

app = Flask(__name__)


@app.delete("/keys")
def delete_key():
    label = request.args["label"]
    with Session() as session:
        session.execute(text("DELETE FROM api_keys WHERE label = '{}'".format(label)))  # noqa: UP032
        session.commit()
    return "", 204
