"""Shows the last commits of a branch named in the URL path."""

import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/repos/site/branches/{branch}/log")
def branch_log(branch: str) -> dict:
    result = subprocess.run(
        f"git -C /srv/repos/site log --oneline -n 20 {branch}",
        shell=True,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return {"commits": result.stdout.splitlines()}
