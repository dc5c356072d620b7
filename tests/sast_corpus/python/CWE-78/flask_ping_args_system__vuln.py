"""Network page of the admin console: pings the host typed into the form field."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/tools/ping")
def ping():
    host = request.args.get("host", "")
    status = os.system(f"ping -c 1 -W 2 {host} > /dev/null")
    return jsonify(reachable=status == 0)
