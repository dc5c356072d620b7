"""A bare WSGI app that looks up stock levels in MySQL with a parameter."""

import os
from urllib.parse import parse_qs

import pymysql


def application(environ, start_response):
    sku = parse_qs(environ.get("QUERY_STRING", "")).get("sku", [""])[0]
    conn = pymysql.connect(
        host="db", user="shop", password=os.environ["DB_PASSWORD"], database="shop"
    )
    with conn.cursor() as cur:
        cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
        row = cur.fetchone()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(row).encode()]
