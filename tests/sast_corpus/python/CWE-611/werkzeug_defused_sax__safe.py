"""Werkzeug application that checks a posted GPX track with defusedxml's SAX parser."""

from xml.sax.handler import ContentHandler

from defusedxml import sax
from werkzeug.wrappers import Request, Response


class PointCounter(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.points = 0

    def startElement(self, name, attrs):
        self.points += name == "trkpt"


@Request.application
def application(request):
    counter = PointCounter()
    sax.parseString(request.get_data(), counter)
    return Response(f"{counter.points} points", mimetype="text/plain")
