"""Remembers the tenant from a header only if the user belongs to it."""

from flask import Flask, abort, request, session

app = Flask(__name__)
TENANTS_OF_USER: dict[int, set[str]] = {}


@app.before_request
def remember_tenant():
    tenant = request.headers.get("X-Tenant-Id")
    if tenant:
        if tenant not in TENANTS_OF_USER.get(session.get("user_id", -1), set()):
            abort(403)
        session["tenant_id"] = tenant
