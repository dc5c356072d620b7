"""Prints a shipping label on the warehouse printer named in the request."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.post("/labels/print")
def print_label():
    printer = request.form["printer"]
    label = f"/srv/labels/{int(request.form['order'])}.pdf"
    os.spawnl(os.P_WAIT, "/bin/sh", "sh", "-c", f"lp -d {printer} {label}")
    return "", 202
