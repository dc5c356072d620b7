"""Logs API usage per client key through a small SQL helper."""

from flask import Flask, g, request

app = Flask(__name__)


def record_usage(client: str, path: str) -> None:
    g.db.execute(f"INSERT INTO usage (client, path) VALUES ('{client}', '{path}')")


@app.before_request
def usage():
    record_usage(request.headers.get("X-Client", "anon"), request.path)
