"""Django view for a SOAP endpoint; the envelope is parsed with entities resolved."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

SOAP = "{http://schemas.xmlsoap.org/soap/envelope/}"


@csrf_exempt
def soap_endpoint(request):
    envelope = etree.XML(request.body, etree.XMLParser(resolve_entities=True, load_dtd=True))
    operation = envelope.find(f"{SOAP}Body")[0].tag
    return HttpResponse(operation.split("}")[-1], content_type="text/plain")
