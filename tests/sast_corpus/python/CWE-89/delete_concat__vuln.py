"""Deletes a tag chosen in the admin UI."""


def delete_tag(conn, tag: str) -> None:
    sql = "DELETE FROM tags WHERE name = '" + tag + "'"
    conn.cursor().execute(sql)
    conn.commit()
