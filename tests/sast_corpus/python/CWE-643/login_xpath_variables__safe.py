"""Checks a login against the users document; the values are XPath variables."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/app/users.xml")


@app.post("/login")
def login():
    found = USERS.xpath(
        "//user[name/text()=$user and password/text()=$password]",
        user=request.form["username"],
        password=request.form["password"],
    )
    return ("ok", 200) if found else ("denied", 401)
