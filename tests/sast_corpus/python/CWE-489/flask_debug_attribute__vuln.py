"""Starts the dashboard with debugging switched on through the attribute."""

from flask import Flask

app = Flask(__name__)
app.debug = True


@app.get("/health")
def health():
    return {"ok": True}
