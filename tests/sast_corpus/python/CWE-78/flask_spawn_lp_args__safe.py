"""Prints a shipping label on one of the known warehouse printers, without a shell."""

import os

from flask import Flask, abort, request

app = Flask(__name__)
PRINTERS = {"dock-1", "dock-2", "returns"}


@app.post("/labels/print")
def print_label():
    printer = request.form["printer"]
    if printer not in PRINTERS:
        abort(400)
    label = f"/srv/labels/{int(request.form['order'])}.pdf"
    os.spawnl(os.P_WAIT, "/usr/bin/lp", "lp", "-d", printer, label)
    return "", 202
