"""A Django authentication backend that escapes the uid before searching."""

import os

import ldap
from ldap.filter import escape_filter_chars


class DirectoryBackend:
    def authenticate(self, request, username=None, password=None):
        conn = ldap.initialize(os.environ["LDAP_URL"])
        uid = escape_filter_chars(username or "")
        hits = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={uid})")
        if len(hits) != 1:
            return None
        conn.simple_bind_s(hits[0][0], password)
        return hits[0][0]
