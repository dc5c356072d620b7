"""Looks up the registrar of a domain for the abuse desk."""

# The string formatting below is the flaw this file exhibits.
# ruff: noqa: UP031

import os


def registrar(domain: str) -> str:
    with os.popen("whois %s | grep -i registrar" % domain) as out:
        return out.read().strip()
