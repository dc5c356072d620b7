"""Verifies a one-time code against device secrets; serials are digits only."""

from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
DEVICES = etree.parse("/srv/auth/devices.xml")


def device_secret(serial: str) -> str:
    return DEVICES.xpath("string(//device[@serial='%s']/secret)" % serial)  # noqa: UP031


@app.post("/otp/verify")
def verify():
    serial = request.form["serial"]
    if not serial.isdigit():
        abort(400)
    secret = device_secret(serial)
    return ("ok", 200) if secret else ("unknown device", 404)
