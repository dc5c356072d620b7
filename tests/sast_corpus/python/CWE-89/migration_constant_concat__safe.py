"""Creates the schema; the statement is split over lines but fixed."""

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit_log ("
    " id INTEGER PRIMARY KEY,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL)"
)


def migrate(conn) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(SCHEMA + ";")
    conn.commit()
