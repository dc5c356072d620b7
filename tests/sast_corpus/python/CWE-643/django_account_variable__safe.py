"""Django view that looks up an account in the XML ledger with a bound variable."""

from django.http import JsonResponse
from lxml import etree

LEDGER = etree.parse("/srv/ledger/accounts.xml")


def balance(request):
    account = request.GET.get("account", "")
    nodes = LEDGER.xpath("//account[number=$n]/balance/text()", n=account)
    return JsonResponse({"balance": str(nodes[0]) if nodes else None})
