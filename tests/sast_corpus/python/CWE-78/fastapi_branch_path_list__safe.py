"""Shows the last commits of a branch named in the URL path, with the branch checked."""

import re
import subprocess

from fastapi import FastAPI, HTTPException

app = FastAPI()
BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")


@app.get("/repos/site/branches/{branch}/log")
def branch_log(branch: str) -> dict:
    if not BRANCH.fullmatch(branch) or ".." in branch:
        raise HTTPException(status_code=400, detail="bad branch name")
    result = subprocess.run(
        ["git", "-C", "/srv/repos/site", "log", "--oneline", "-n", "20", branch, "--"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return {"commits": result.stdout.splitlines()}
