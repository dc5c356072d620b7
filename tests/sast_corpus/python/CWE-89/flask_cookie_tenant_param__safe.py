"""Counts a tenant's invoices; the cookie's tenant is a bound parameter."""

from flask import Flask, g, request

app = Flask(__name__)


@app.get("/invoices/count")
def count():
    tenant = request.cookies.get("tenant", "public")
    cur = g.db.cursor()
    cur.execute("SELECT count(*) FROM invoices WHERE tenant = %s", [tenant])
    return str(cur.fetchone()[0])
