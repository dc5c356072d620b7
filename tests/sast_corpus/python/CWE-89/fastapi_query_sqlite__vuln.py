"""FastAPI endpoint that lists events in a city."""

import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/events")
def events(city: str):
    conn = sqlite3.connect("/srv/app/events.db")
    return conn.execute("SELECT title FROM events WHERE city = '%s'" % city).fetchall()  # noqa: UP031
