"""Marks an expense as approved, recording the approver named in the form."""

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/expenses/approve")
def approve():
    approver = request.form.get("approver", "")
    session["approved_by"] = "%s (manual)" % approver  # noqa: UP031
    return "approved"
