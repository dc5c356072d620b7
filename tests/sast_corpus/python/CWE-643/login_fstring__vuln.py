"""Checks a login against the users document with an XPath query."""

from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/app/users.xml")


@app.post("/login")
def login():
    user = request.form["username"]
    password = request.form["password"]
    found = USERS.xpath(f"//user[name/text()='{user}' and password/text()='{password}']")
    return ("ok", 200) if found else ("denied", 401)
