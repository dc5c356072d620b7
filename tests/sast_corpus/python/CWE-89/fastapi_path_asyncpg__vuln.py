"""FastAPI endpoint that reads an order with asyncpg."""

import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/orders/{ref}")
async def order(ref: str):
    conn = await asyncpg.connect()
    return await conn.fetchrow(f"SELECT * FROM orders WHERE reference = '{ref}'")
