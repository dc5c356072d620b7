"""Searches orders by customer name with a named parameter."""


def search_orders(conn, customer: str):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT * FROM orders WHERE customer LIKE %(pattern)s",
            {"pattern": f"%{customer}%"},
        )
        return cur.fetchall()
