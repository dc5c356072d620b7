"""Imports a profile picture from an address given in the JSON body."""

import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/profile/avatar")
def import_avatar():
    data = request.get_json()
    image = requests.get(data["avatar_url"], timeout=10)
    return {"bytes": len(image.content)}, 201
