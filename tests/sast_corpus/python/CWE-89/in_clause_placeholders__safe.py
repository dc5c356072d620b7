"""Fetches several users at once with one placeholder per id."""


def users_by_id(cursor, ids: list[int]):
    placeholders = ", ".join("?" for _ in ids)
    cursor.execute(f"SELECT id, name FROM users WHERE id IN ({placeholders})", ids)
    return cursor.fetchall()
