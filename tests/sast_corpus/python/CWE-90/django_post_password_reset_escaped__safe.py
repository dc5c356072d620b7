"""Django view that finds the account for a password reset, mail escaped."""

import os

import ldap
from django.http import HttpResponse
from ldap.filter import escape_filter_chars


def reset_request(request):
    mail = escape_filter_chars(request.POST["email"])
    conn = ldap.initialize(os.environ["LDAP_URL"])
    hits = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(mail={mail})")
    return HttpResponse("sent" if hits else "unknown")
