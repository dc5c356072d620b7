"""Django view that looks up an account in the XML ledger."""

from django.http import JsonResponse
from lxml import etree

LEDGER = etree.parse("/srv/ledger/accounts.xml")


def balance(request):
    account = request.GET.get("account", "")
    nodes = LEDGER.xpath("//account[number='%s']/balance/text()" % account)  # noqa: UP031
    return JsonResponse({"balance": str(nodes[0]) if nodes else None})
