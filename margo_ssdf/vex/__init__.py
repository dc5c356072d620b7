"""VEX: what a project says about the vulnerabilities found in its dependencies.

`load` reads one OpenVEX (v0.2.0; v0.0.1 is upgraded) or CycloneDX VEX (1.4 to 1.6) JSON
document into `VexStatement`s; `discover` picks the project files that are VEX documents by
name; `applicable` finds the statement that speaks for a vulnerability in a package;
`openvex_document` and `dumps` write statements as OpenVEX v0.2.0. Every problem with a
document is a `VexError` naming the file, the field and the fix.
"""

from __future__ import annotations

from margo_ssdf.vex._json import MAX_DOCUMENT_BYTES
from margo_ssdf.vex.cyclonedx import STATES as CYCLONEDX_STATES
from margo_ssdf.vex.load import discover, load
from margo_ssdf.vex.match import applicable
from margo_ssdf.vex.model import (
    CYCLONEDX_JUSTIFICATIONS,
    Justification,
    VexError,
    VexStatement,
    VexStatus,
)
from margo_ssdf.vex.openvex import OPENVEX_CONTEXT, dumps, openvex_document, write
from margo_ssdf.vex.project import load_project, lookup, release_document

__all__ = [
    "CYCLONEDX_JUSTIFICATIONS",
    "CYCLONEDX_STATES",
    "MAX_DOCUMENT_BYTES",
    "OPENVEX_CONTEXT",
    "Justification",
    "VexError",
    "VexStatement",
    "VexStatus",
    "applicable",
    "discover",
    "dumps",
    "load",
    "load_project",
    "lookup",
    "openvex_document",
    "release_document",
    "write",
]
