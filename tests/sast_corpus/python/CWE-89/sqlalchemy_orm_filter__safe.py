"""Deletes an API key by its label with the SQLAlchemy ORM."""

from flask import Flask, request
from sqlalchemy import delete

from .db import ApiKey, Session

app = Flask(__name__)


@app.delete("/keys")
def delete_key():
    with Session() as session:
        session.execute(delete(ApiKey).where(ApiKey.label == request.args["label"]))
        session.commit()
    return "", 204
