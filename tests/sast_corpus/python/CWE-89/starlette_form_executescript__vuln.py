"""Starlette endpoint that saves a posted note with executescript."""

import sqlite3

from starlette.responses import PlainTextResponse


async def save_note(request):
    form = await request.form()
    conn = sqlite3.connect("/srv/app/notes.db")
    conn.executescript(f"INSERT INTO notes (body) VALUES ('{form['body']}');")
    return PlainTextResponse("saved")
