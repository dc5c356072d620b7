"""Reads the title of an uploaded XHTML page with minidom's default expat builder."""

from xml.dom import minidom

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/pages/title")
def page_title():
    document = minidom.parseString(request.get_data())
    titles = document.getElementsByTagName("title")
    return jsonify(title=titles[0].firstChild.data if titles and titles[0].firstChild else None)
