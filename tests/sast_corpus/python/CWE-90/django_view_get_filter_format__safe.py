"""Django view that finds rooms by building name with filter_format."""

import os

import ldap
from django.http import JsonResponse
from ldap.filter import filter_format


def rooms(request):
    query = filter_format("(building=%s)", [request.GET.get("building", "")])
    conn = ldap.initialize(os.environ["LDAP_URL"])
    found = conn.search_s("ou=rooms,dc=example,dc=com", ldap.SCOPE_ONELEVEL, query, ["cn"])
    return JsonResponse({"rooms": [dn for dn, _ in found]})
