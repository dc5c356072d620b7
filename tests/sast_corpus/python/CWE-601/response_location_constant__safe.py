"""Sets a response's Location to a fixed page; 'then' is kept as a query value."""

from urllib.parse import quote

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/ack")
def ack():
    response = Response(status=302)
    response.headers["Location"] = "/done?then=" + quote(request.args.get("then", ""), safe="")
    return response
