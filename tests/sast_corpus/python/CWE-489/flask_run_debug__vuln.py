"""Entry point of the device dashboard."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "dashboard"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8080, debug=True)
