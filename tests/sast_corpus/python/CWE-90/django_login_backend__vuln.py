"""A Django authentication backend that finds the user's DN by uid."""

import os

import ldap


class DirectoryBackend:
    def authenticate(self, request, username=None, password=None):
        conn = ldap.initialize(os.environ["LDAP_URL"])
        hits = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={username})")
        if len(hits) != 1:
            return None
        conn.simple_bind_s(hits[0][0], password)
        return hits[0][0]
