"""Generates an initial password for accounts created by an administrator."""

import random
import string

from flask import Flask, jsonify, request

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits + "!#%+-"


@app.post("/admin/users")
def create_user():
    password = "".join(random.sample(ALPHABET, 14))
    return jsonify(user=request.form["username"], initial_password=password), 201
