"""Returns the permissions a role grants within one application."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
POLICY = etree.parse("/srv/auth/policy.xml").getroot()


@app.get("/permissions")
def permissions():
    application = POLICY.find("application[@id='billing']")
    role = request.args.get("role", "viewer")
    perms = application.xpath("./role[@name='%s']/permission/text()" % role)  # noqa: UP031
    return jsonify([str(p) for p in perms])
