"""Reads a tenant's settings; the tenant header must be a short slug."""

import re

from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
TENANTS = etree.parse("/srv/config/tenants.xml")
SLUG = re.compile(r"[a-z0-9-]{1,32}")


@app.get("/settings")
def settings():
    tenant = request.headers.get("X-Tenant", "default")
    if not SLUG.fullmatch(tenant):
        abort(400)
    nodes = TENANTS.xpath(f"/tenants/tenant[@id='{tenant}']/setting")
    return jsonify({n.get("key"): n.text for n in nodes})
