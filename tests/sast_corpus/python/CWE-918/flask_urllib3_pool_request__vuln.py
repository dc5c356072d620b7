"""Downloads a firmware image for a device from the address the device reports."""

import urllib3
from flask import Flask, jsonify, request

app = Flask(__name__)
pool = urllib3.PoolManager(timeout=urllib3.Timeout(total=30))


@app.post("/firmware/mirror")
def mirror_firmware():
    url = request.get_json()["firmware_url"]
    response = pool.request("GET", url)
    return jsonify(bytes=len(response.data))
