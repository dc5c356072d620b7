"""Appends a line to the log of a build job whose id must be a UUID."""

import uuid

from flask import Flask, abort, request

app = Flask(__name__)
JOB_LOGS = "/srv/ci/logs/"


@app.post("/jobs/log")
def append_log():
    body = request.get_json()
    try:
        job = uuid.UUID(str(body["job"]))
    except ValueError:
        abort(400)
    line = " ".join(str(body.get("line", "")).splitlines())
    with open(f"{JOB_LOGS}{job}.log", "a", encoding="utf-8") as log:
        log.write(line + "\n")
    return "", 204
