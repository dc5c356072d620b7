"""Sets a response's Location header to the 'then' argument."""

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/ack")
def ack():
    response = Response(status=302)
    response.headers["Location"] = request.args.get("then", "/")
    return response
