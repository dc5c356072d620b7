"""Django class-based view that finds shared mailboxes, name escaped."""

import os

from django.http import JsonResponse
from django.views import View
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

SERVER = Server(os.environ["LDAP_URL"])


class MailboxView(View):
    def get(self, request):
        name = escape_filter_chars(request.GET.get("name", ""))
        conn = Connection(SERVER, auto_bind=True)
        conn.search("ou=mailboxes,dc=example,dc=com", f"(displayName={name}*)", attributes=["mail"])
        return JsonResponse({"mailboxes": [str(e.mail) for e in conn.entries]})
