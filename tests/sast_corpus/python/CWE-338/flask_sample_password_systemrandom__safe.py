"""Generates an initial password with random.SystemRandom (the operating system's CSPRNG)."""

import random
import string

from flask import Flask, jsonify, request

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits + "!#%+-"
_system = random.SystemRandom()


@app.post("/admin/users")
def create_user():
    password = "".join(_system.sample(ALPHABET, 14))
    return jsonify(user=request.form["username"], initial_password=password), 201
