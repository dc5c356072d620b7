"""Image proxy used by the chat page so that browsers never fetch third-party images directly."""

import requests
from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/proxy/image")
def image_proxy():
    upstream = requests.get(request.args["src"], timeout=5, stream=True)
    return Response(upstream.raw.read(2_000_000), mimetype="application/octet-stream")
