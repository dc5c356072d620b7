"""Downloads a firmware image from our release bucket; the device reports only a version."""

import re

import urllib3
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
pool = urllib3.PoolManager(timeout=urllib3.Timeout(total=30))
VERSION = re.compile(r"^\d+\.\d+\.\d+$")


@app.post("/firmware/mirror")
def mirror_firmware():
    version = request.get_json()["version"]
    if not VERSION.fullmatch(version):
        abort(400)
    response = pool.request("GET", f"https://releases.example.com/firmware/{version}.bin")
    return jsonify(bytes=len(response.data))
