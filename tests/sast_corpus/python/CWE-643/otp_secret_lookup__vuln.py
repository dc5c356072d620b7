"""Verifies a one-time code against the device secrets file."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DEVICES = etree.parse("/srv/auth/devices.xml")


def device_secret(serial: str) -> str:
    return DEVICES.xpath("string(//device[@serial='%s']/secret)" % serial)  # noqa: UP031


@app.post("/otp/verify")
def verify():
    secret = device_secret(request.form["serial"])
    return ("ok", 200) if secret else ("unknown device", 404)
