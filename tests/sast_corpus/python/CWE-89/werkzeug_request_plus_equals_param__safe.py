"""A Werkzeug app that searches the address book, extending the query with a placeholder."""

import sqlite3

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    sql, params = "SELECT name, phone FROM contacts WHERE 1 = 1", []
    if "city" in request.args:
        sql += " AND city = ?"
        params.append(request.args["city"])
    rows = sqlite3.connect("/srv/app/contacts.db").execute(sql, params).fetchall()
    return Response(repr(rows), mimetype="text/plain")
