"""Counts a tenant's invoices; the tenant comes from a cookie."""

from flask import Flask, g, request

app = Flask(__name__)


@app.get("/invoices/count")
def count():
    tenant = request.cookies.get("tenant", "public")
    cur = g.db.cursor()
    cur.execute("SELECT count(*) FROM invoices WHERE tenant = '{}'".format(tenant))  # noqa: UP032
    return str(cur.fetchone()[0])
