"""Runs the linter over a repository path given in the query string, asynchronously."""

import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.post("/lint")
async def lint(path: str) -> dict:
    proc = await asyncio.create_subprocess_shell(
        f"ruff check /srv/checkouts/{path}", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    return {"exit": proc.returncode, "lines": out.decode().count("\n")}
