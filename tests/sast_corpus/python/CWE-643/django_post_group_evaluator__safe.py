"""Django view that lists group members through an XPathEvaluator with variables."""

from django.http import JsonResponse
from lxml import etree

GROUPS = etree.parse("/srv/auth/groups.xml")
EVALUATE = etree.XPathEvaluator(GROUPS)


def members(request):
    uids = EVALUATE("//group[@name=$g]/member/@uid", g=request.POST["group"])
    return JsonResponse({"members": [str(m) for m in uids]})
