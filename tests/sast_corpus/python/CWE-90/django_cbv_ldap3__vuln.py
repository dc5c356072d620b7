"""Django class-based view that finds shared mailboxes by display name."""

import os

from django.http import JsonResponse
from django.views import View
from ldap3 import Connection, Server

SERVER = Server(os.environ["LDAP_URL"])


class MailboxView(View):
    def get(self, request):
        name = request.GET.get("name", "")
        conn = Connection(SERVER, auto_bind=True)
        conn.search("ou=mailboxes,dc=example,dc=com", f"(displayName={name}*)", attributes=["mail"])
        return JsonResponse({"mailboxes": [str(e.mail) for e in conn.entries]})
