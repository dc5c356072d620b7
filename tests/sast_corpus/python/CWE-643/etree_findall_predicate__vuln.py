"""Finds a device in the inventory with ElementTree's XPath subset."""

import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
DEVICES = ET.parse("/srv/net/devices.xml").getroot()


@app.get("/device")
def device():
    host = request.args.get("host", "")
    found = DEVICES.findall(f".//device[@host='{host}']")
    return jsonify([d.get("ip") for d in found])
