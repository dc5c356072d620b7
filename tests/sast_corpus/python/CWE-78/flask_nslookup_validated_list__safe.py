"""DNS helper for the support team: resolves a posted domain checked against a hostname pattern."""

import re
import subprocess

from flask import Flask, Response, abort, request

app = Flask(__name__)
HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


@app.post("/tools/nslookup")
def nslookup():
    domain = request.form["domain"]
    if not HOSTNAME.fullmatch(domain):
        abort(400)
    answer = subprocess.run(["nslookup", domain], capture_output=True, text=True, timeout=10)
    return Response(answer.stdout, mimetype="text/plain")
