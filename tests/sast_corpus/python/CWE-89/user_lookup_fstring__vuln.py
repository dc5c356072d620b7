"""Looks a user up by e-mail for the login form."""

import sqlite3


def find_user(conn: sqlite3.Connection, email: str):
    cur = conn.cursor()
    cur.execute(f"SELECT id, password_hash FROM users WHERE email = '{email}'")
    return cur.fetchone()
