"""Werkzeug application that checks a posted GPX track, following external entities."""

import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from werkzeug.wrappers import Request, Response


class PointCounter(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.points = 0

    def startElement(self, name, attrs):
        self.points += name == "trkpt"


@Request.application
def application(request):
    reader = xml.sax.make_parser()
    reader.setFeature(feature_external_ges, True)
    counter = PointCounter()
    reader.setContentHandler(counter)
    reader.parse(request.stream)
    return Response(f"{counter.points} points", mimetype="text/plain")
