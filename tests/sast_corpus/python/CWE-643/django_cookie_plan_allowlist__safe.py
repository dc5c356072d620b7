"""Django view that shows the limits of the cookie's plan if it is a known plan."""

from django.http import JsonResponse
from lxml import etree

PLANS = etree.parse("/srv/billing/plans.xml")
KNOWN = ("free", "team", "enterprise")


def limits(request):
    plan = request.COOKIES.get("plan", "free")
    if plan not in KNOWN:
        plan = "free"
    nodes = PLANS.xpath("/plans/plan[@id='" + plan + "']/limit")
    return JsonResponse({n.get("name"): n.text for n in nodes})
