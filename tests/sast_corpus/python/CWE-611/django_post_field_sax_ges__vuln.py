"""Django view that counts the placemarks of KML pasted into a form, with SAX following entities."""

import io
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from django.http import JsonResponse


class PlacemarkCounter(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += name == "Placemark"


def count_placemarks(request):
    reader = xml.sax.make_parser()
    reader.setFeature(feature_external_ges, True)
    counter = PlacemarkCounter()
    reader.setContentHandler(counter)
    reader.parse(io.BytesIO(request.POST["kml"].encode()))
    return JsonResponse({"placemarks": counter.count})
