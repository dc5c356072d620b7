"""A Werkzeug app that searches the address book, extending the query with +=."""

import sqlite3

from werkzeug.wrappers import Request, Response


@Request.application
def application(request):
    sql = "SELECT name, phone FROM contacts WHERE 1 = 1"
    if "city" in request.args:
        sql += " AND city = '" + request.args["city"] + "'"
    rows = sqlite3.connect("/srv/app/contacts.db").execute(sql).fetchall()
    return Response(repr(rows), mimetype="text/plain")
