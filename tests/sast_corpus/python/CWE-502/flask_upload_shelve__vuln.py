"""Imports a customer's address book sent as a shelve database file (values are pickles)."""

import shelve
import tempfile
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/contacts/import")
def import_contacts():
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "book.db"
        request.files["book"].save(target)
        with shelve.open(str(target), flag="r") as book:
            contacts = [book[key] for key in book]
    return jsonify(imported=len(contacts))
