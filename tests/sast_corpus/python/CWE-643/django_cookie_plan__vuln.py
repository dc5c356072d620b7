"""Django view that shows the limits of the plan stored in a cookie."""

from django.http import JsonResponse
from lxml import etree

PLANS = etree.parse("/srv/billing/plans.xml")


def limits(request):
    plan = request.COOKIES.get("plan", "free")
    nodes = PLANS.xpath("/plans/plan[@id='" + plan + "']/limit")
    return JsonResponse({n.get("name"): n.text for n in nodes})
