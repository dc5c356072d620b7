"""Network page of the admin console: pings a host only once it parses as an IP address."""

import ipaddress
import subprocess

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.get("/tools/ping")
def ping():
    try:
        host = str(ipaddress.ip_address(request.args.get("host", "")))
    except ValueError:
        abort(400)
    result = subprocess.run(["ping", "-c", "1", "-W", "2", host], capture_output=True, timeout=5)
    return jsonify(reachable=result.returncode == 0)
