"""Stores a BPMN diagram sent as an XML string inside the JSON request, read by XMLPullParser."""

import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/diagrams")
def save_diagram():
    reader = ET.XMLPullParser(events=("start",))
    reader.feed(request.get_json()["bpmn"])
    reader.close()
    tasks = sum(1 for _event, el in reader.read_events() if el.tag.endswith("}task"))
    return jsonify(tasks=tasks), 201
