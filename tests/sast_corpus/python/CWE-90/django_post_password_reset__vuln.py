"""Django view that finds the account for a password-reset request by mail."""

import os

import ldap
from django.http import HttpResponse


def reset_request(request):
    mail = request.POST["email"]
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(mail={})".format(mail))  # noqa: UP032
    return HttpResponse("sent" if hits else "unknown")
