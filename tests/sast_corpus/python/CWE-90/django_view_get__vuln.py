"""Django view that finds rooms by building name."""

import os

import ldap
from django.http import JsonResponse


def rooms(request):
    building = request.GET.get("building", "")
    conn = ldap.initialize(os.environ["LDAP_URL"])
    found = conn.search_s(
        "ou=rooms,dc=example,dc=com", ldap.SCOPE_ONELEVEL, "(building=" + building + ")", ["cn"]
    )
    return JsonResponse({"rooms": [dn for dn, _ in found]})
