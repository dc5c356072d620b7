"""Shows how much space a customer's folder uses; the folder comes from the query string."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP032

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/storage/usage")
def usage():
    folder = request.args.get("folder", "")
    status, output = subprocess.getstatusoutput("du -sh /srv/customers/{}".format(folder))
    return jsonify(status=status, usage=output.split()[0] if output else None)
