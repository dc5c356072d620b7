"""Searches orders by customer name in PostgreSQL."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

def search_orders(conn, customer: str):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM orders WHERE customer LIKE '%%%s%%'" % customer)
        return cur.fetchall()
