"""Serves a tenant's logo; the tenant folder comes from a header."""

from flask import Flask, request, send_from_directory

app = Flask(__name__)


@app.get("/logo")
def logo():
    tenant_dir = "/srv/tenants/" + request.headers.get("X-Tenant", "default")
    return send_from_directory(tenant_dir, "logo.png")
