"""Reads a tenant's settings, naming the tenant by a request header."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
TENANTS = etree.parse("/srv/config/tenants.xml")


@app.get("/settings")
def settings():
    tenant = request.headers.get("X-Tenant", "default")
    nodes = TENANTS.xpath(f"/tenants/tenant[@id='{tenant}']/setting")
    return jsonify({n.get("key"): n.text for n in nodes})
