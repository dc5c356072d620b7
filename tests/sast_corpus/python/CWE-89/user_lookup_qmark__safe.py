"""Looks a user up by e-mail with a bound parameter."""

import sqlite3


def find_user(conn: sqlite3.Connection, email: str):
    cur = conn.cursor()
    cur.execute("SELECT id, password_hash FROM users WHERE email = ?", (email,))
    return cur.fetchone()
