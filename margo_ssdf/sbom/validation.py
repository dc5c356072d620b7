"""Strict CycloneDX 1.6 validation that is cheap to start.

Every SBOM we write is validated against the schema with format checks on, through
cyclonedx-python-lib's own validator, built once per process and format. What made it slow
was not validating but importing jsonschema: its `_format` module builds rfc3987-syntax's
Earley grammar at import (about a second) for the `iri` formats. We import jsonschema without
that package and register an equivalent IRI check (RFC 3987's mapping to a URI, then the
RFC 3986 grammar jsonschema already uses for `uri-reference`), so no format the schema uses
goes unchecked.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import Any
from urllib.parse import quote

from margo_ssdf.errors import MargoError

SCHEMA_FORMATS = ("date-time", "idn-email", "iri-reference", "uri")
"""Every `format` the CycloneDX 1.6 schema and the schemas it references use."""

# RFC 3987 section 2.2: the non-ASCII characters an IRI may hold, and those only its query may.
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((p << 16, (p << 16) + 0xFFFD) for p in range(1, 14)), (0xE1000, 0xEFFFD))
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_SLOW_IRI = "rfc3987_syntax"


class ValidatorUnavailableError(MargoError):
    """Strict validation cannot run: a format checker it needs is not installed."""


def first_error(text: str, fmt: str = "json") -> str | None:
    """The first reason `text` is not a valid CycloneDX 1.6 document, or None when it is."""
    error = _validator(fmt).validate_str(text)
    return None if error is None else str(error)


def uri_of_iri(text: str) -> str | None:
    """RFC 3987 section 3.1: the URI an IRI maps to; None when a character cannot be in an IRI."""
    hash_at = text.find("#")
    end = hash_at if hash_at != -1 else len(text)
    query_at = text.find("?", 0, end)
    out = []
    for i, char in enumerate(text):
        point = ord(char)
        if point < 0x80:
            out.append(char)
            continue
        in_query = query_at != -1 and query_at < i < end
        if not (_within(point, _UCSCHAR) or (in_query and _within(point, _IPRIVATE))):
            return None
        out.append(quote(char, safe=""))
    return "".join(out)


def is_iri_reference(instance: object) -> bool:
    """The `iri-reference` format: non-strings pass, as JSON Schema's formats do."""
    return not isinstance(instance, str) or _matches(instance, "URI_reference")


def is_iri(instance: object) -> bool:
    """The `iri` format (absolute, with a scheme)."""
    return not isinstance(instance, str) or _matches(instance, "URI")


def _matches(iri: str, rule: str) -> bool:
    """Whether the IRI's URI matches an RFC 3986 rule (the grammar jsonschema uses for `uri`)."""
    from rfc3986_validator import validate_rfc3986  # type: ignore[import-untyped]

    uri = uri_of_iri(iri)
    return uri is not None and validate_rfc3986(uri, rule=rule) is not None


def _within(point: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= point <= high for low, high in ranges)


@functools.cache
def _validator(fmt: str) -> Any:
    """cyclonedx-python-lib's validator of one format; it compiles its schema on first use."""
    from cyclonedx.schema import OutputFormat, SchemaVersion
    from cyclonedx.validation import make_schemabased_validator

    if fmt == "json":
        _load_jsonschema()
        return make_schemabased_validator(OutputFormat.JSON, SchemaVersion.V1_6)
    return make_schemabased_validator(OutputFormat.XML, SchemaVersion.V1_6)


def _load_jsonschema() -> None:
    """Import jsonschema without its slow IRI grammar, then give every draft our IRI check."""
    if "jsonschema" not in sys.modules and _SLOW_IRI not in sys.modules:
        sys.modules[_SLOW_IRI] = None  # type: ignore[assignment]  # import fails: jsonschema skips it
        try:
            importlib.import_module("jsonschema")
        finally:
            del sys.modules[_SLOW_IRI]
    jsonschema = importlib.import_module("jsonschema")
    for draft in (jsonschema.Draft7Validator, jsonschema.Draft201909Validator,
                  jsonschema.Draft202012Validator):
        checker = draft.FORMAT_CHECKER
        for name, check in (("iri", is_iri), ("iri-reference", is_iri_reference)):
            if name not in checker.checkers:
                checker.checks(name)(check)
    known = jsonschema.Draft7Validator.FORMAT_CHECKER.checkers
    missing = [f for f in SCHEMA_FORMATS if f not in known]
    if missing:
        raise ValidatorUnavailableError(
            f"cannot validate SBOMs strictly: jsonschema has no checker for the format(s) "
            f"{', '.join(missing)} that the CycloneDX 1.6 schema uses. Reinstall margo-ssdf "
            f"with its dependencies (`pip install --force-reinstall margo-ssdf`): "
            f"cyclonedx-python-lib[json-validation] brings rfc3339-validator and "
            f"rfc3986-validator.")
