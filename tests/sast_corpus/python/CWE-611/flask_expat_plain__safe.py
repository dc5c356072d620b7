"""Parses a posted XML form definition with raw expat and no external entity handler."""

from xml.parsers import expat

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/forms/definition")
def form_definition():
    fields: list[str] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda name, attrs: fields.append(attrs.get("name", name))
    parser.Parse(request.get_data(), True)
    return jsonify(fields=fields)
