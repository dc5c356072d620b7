"""Finds a device in the inventory by walking it and comparing in Python."""

import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
DEVICES = ET.parse("/srv/net/devices.xml").getroot()


@app.get("/device")
def device():
    host = request.args.get("host", "")
    found = [d for d in DEVICES.iter("device") if d.get("host") == host]
    return jsonify([d.get("ip") for d in found])
