"""Runs the linter over a checkout given in the query string, without a shell."""

import asyncio
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
CHECKOUT = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@app.post("/lint")
async def lint(path: str) -> dict:
    if not CHECKOUT.fullmatch(path):
        raise HTTPException(status_code=400, detail="unknown checkout")
    proc = await asyncio.create_subprocess_exec(
        "ruff", "check", f"/srv/checkouts/{path}", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    return {"exit": proc.returncode, "lines": out.decode().count("\n")}
