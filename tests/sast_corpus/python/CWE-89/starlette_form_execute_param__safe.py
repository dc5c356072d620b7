"""Starlette endpoint that saves a posted note with a bound parameter."""

import sqlite3

from starlette.responses import PlainTextResponse


async def save_note(request):
    form = await request.form()
    conn = sqlite3.connect("/srv/app/notes.db")
    conn.execute("INSERT INTO notes (body) VALUES (?)", (str(form["body"]),))
    conn.commit()
    return PlainTextResponse("saved")
