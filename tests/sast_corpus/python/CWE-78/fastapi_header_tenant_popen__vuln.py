"""Lists the backups of the tenant named in a request header."""

import os

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/backups")
def backups(x_tenant: str = Header(...)) -> dict:
    with os.popen(f"ls -1 /srv/backups/{x_tenant}") as pipe:
        names = pipe.read().split()
    return {"backups": names}
