"""Appends a line to the log of a build job named in the JSON body."""

from flask import Flask, request

app = Flask(__name__)
JOB_LOGS = "/srv/ci/logs/"


@app.post("/jobs/log")
def append_log():
    body = request.get_json()
    line = " ".join(str(body.get("line", "")).splitlines())
    with open(JOB_LOGS + body["job"] + ".log", "a", encoding="utf-8") as log:
        log.write(line + "\n")
    return "", 204
