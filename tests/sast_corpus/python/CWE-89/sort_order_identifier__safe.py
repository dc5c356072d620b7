"""Lists products sorted by a column, composed with psycopg2.sql."""

from psycopg2 import sql

SORTABLE = {"name", "price", "created_at"}


def products(conn, column: str):
    if column not in SORTABLE:
        column = "name"
    query = sql.SQL("SELECT id, name, price FROM products ORDER BY {}").format(
        sql.Identifier(column)
    )
    with conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()
