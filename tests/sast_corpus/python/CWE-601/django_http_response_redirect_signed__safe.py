"""Django view that forwards a click only to a URL signed by the ad server."""

from django.core.signing import BadSignature, Signer
from django.http import HttpResponseBadRequest, HttpResponseRedirect


def click(request):
    try:
        url = Signer(salt="ad-click").unsign(request.GET["url"])
    except BadSignature:
        return HttpResponseBadRequest("bad link")
    return HttpResponseRedirect(url)
