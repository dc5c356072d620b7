"""DNS helper for the support team: resolves a domain posted from the console."""

import os

from flask import Flask, Response, request

app = Flask(__name__)


@app.post("/tools/nslookup")
def nslookup():
    domain = request.form["domain"]
    with os.popen("nslookup " + domain) as pipe:
        answer = pipe.read()
    return Response(answer, mimetype="text/plain")
