"""Django view that lists members of the group posted in a form."""

from django.http import JsonResponse
from lxml import etree

GROUPS = etree.parse("/srv/auth/groups.xml")


def members(request):
    group = request.POST["group"]
    query = "//group[@name='{}']/member/@uid".format(group)  # noqa: UP032
    return JsonResponse({"members": [str(m) for m in GROUPS.xpath(query)]})
