"""FastAPI endpoint that reads an order with asyncpg and a $1 parameter."""

import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/orders/{ref}")
async def order(ref: str):
    conn = await asyncpg.connect()
    return await conn.fetchrow("SELECT * FROM orders WHERE reference = $1", ref)
