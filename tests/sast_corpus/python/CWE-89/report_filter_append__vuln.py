"""Builds a report query from optional filters."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

def sales_report(cursor, region: str | None, year: int):
    query = "SELECT region, SUM(total) FROM sales WHERE year = %d" % int(year)
    if region:
        query += " AND region = '" + region + "'"
    query += " GROUP BY region"
    cursor.execute(query)
    return cursor.fetchall()
