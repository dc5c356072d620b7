"""Lists the backups of the tenant named in a request header, by its numeric id."""

import os

from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/backups")
def backups(x_tenant_id: int = Header(...)) -> dict:
    with os.popen(f"ls -1 /srv/backups/{x_tenant_id:d}") as pipe:
        names = pipe.read().split()
    return {"backups": names}
