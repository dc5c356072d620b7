"""Remembers the tenant from a request header for later requests."""

from flask import Flask, request, session

app = Flask(__name__)


@app.before_request
def remember_tenant():
    tenant = request.headers.get("X-Tenant-Id")
    if tenant:
        session["tenant_id"] = tenant
