"""Django view for a SOAP endpoint; the envelope is parsed with defusedxml."""

from defusedxml.ElementTree import fromstring
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

SOAP = "{http://schemas.xmlsoap.org/soap/envelope/}"


@csrf_exempt
def soap_endpoint(request):
    envelope = fromstring(request.body)
    operation = envelope.find(f"{SOAP}Body")[0].tag
    return HttpResponse(operation.split("}")[-1], content_type="text/plain")
