"""CWE classes as MITRE's research view (CWE-1000) nests them, for findings and SARIF taxa.

A rule names the most specific weakness it finds (eval injection, CWE-95); a consumer filtering
by the broader class (code injection, CWE-94) must find it too. So every finding carries its
own CWE first and then the parents below, and SARIF runs declare the CWE taxonomy with each
rule related to its taxa. The table holds the direct parents (ChildOf in view 1000) of the
classes our engines report; an id not in it keeps only itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

PARENTS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "CWE-22": ("CWE-706",),     # path traversal: use of incorrectly-resolved name
    "CWE-78": ("CWE-77",),      # OS command injection: command injection
    "CWE-79": ("CWE-74",),      # XSS: injection
    "CWE-89": ("CWE-943",),     # SQL injection: data query logic
    "CWE-90": ("CWE-943",),     # LDAP injection
    "CWE-95": ("CWE-94",),      # eval injection: code injection
    "CWE-94": ("CWE-74",),
    "CWE-77": ("CWE-74",),
    "CWE-295": ("CWE-287",),    # certificate validation: authentication
    "CWE-327": ("CWE-693",),    # broken crypto algorithm: protection mechanism failure
    "CWE-328": ("CWE-326",),    # weak hash: inadequate encryption strength
    "CWE-338": ("CWE-330",),    # weak PRNG: insufficiently random values
    "CWE-330": ("CWE-693",),
    "CWE-377": ("CWE-668",),    # insecure temporary file: exposure to wrong sphere
    "CWE-501": ("CWE-664",),    # trust boundary violation
    "CWE-502": ("CWE-913",),    # deserialization: control of dynamically-managed code
    "CWE-601": ("CWE-610",),    # open redirect: externally controlled reference
    "CWE-611": ("CWE-610",),    # XXE
    "CWE-614": ("CWE-319",),    # cookie without Secure: cleartext transmission
    "CWE-643": ("CWE-91",),     # XPath injection: XML injection
    "CWE-918": ("CWE-441",),    # SSRF: unintended proxy
    "CWE-1004": ("CWE-732",),   # cookie without HttpOnly: incorrect permission
})

_CWE = re.compile(r"CWE-(\d+)")


def normalise(text: str) -> str | None:
    """'CWE-79', 'CWE-079: Improper...' or 'cwe-79' as 'CWE-79'; None when it names none."""
    found = _CWE.search(text.upper())
    return f"CWE-{int(found.group(1))}" if found else None


def with_parents(cwes: Iterable[str]) -> tuple[str, ...]:
    """The given CWE ids (normalised, in order), then their direct parents, each once.

    One level only: the parent is the class a reader filters by (code injection for eval
    injection); going further up would tag every injection finding as plain CWE-74.
    """
    given = [c for c in (normalise(t) for t in cwes) if c]
    out: list[str] = []
    for cwe in [*given, *(p for c in given for p in PARENTS.get(c, ()))]:
        if cwe not in out:
            out.append(cwe)
    return tuple(out)


def github_tag(cwe: str) -> str:
    """The tag GitHub code scanning reads a CWE from ('external/cwe/cwe-079')."""
    return f"external/cwe/cwe-{int(cwe.removeprefix('CWE-')):03d}"
