"""Returns the permissions of the built-in viewer role; the role is logged only."""

import logging

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
log = logging.getLogger(__name__)
POLICY = etree.parse("/srv/auth/policy.xml").getroot()


@app.get("/permissions")
def permissions():
    log.info("permissions asked for role %r", request.args.get("role"))
    application = POLICY.find("application[@id='billing']")
    perms = application.xpath("./role[@name='viewer']/permission/text()")
    return jsonify([str(p) for p in perms])
