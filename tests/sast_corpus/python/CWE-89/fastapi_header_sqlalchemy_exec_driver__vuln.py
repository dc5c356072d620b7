"""FastAPI endpoint that loads the caller's workspace by a header, via exec_driver_sql."""

from typing import Annotated

from fastapi import FastAPI, Header
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine("postgresql+psycopg://app@db/app")


@app.get("/workspace")
def workspace(x_workspace: Annotated[str, Header()]):
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT * FROM workspaces WHERE slug = '" + x_workspace + "'"
        ).first()
    return dict(row._mapping) if row else {}
