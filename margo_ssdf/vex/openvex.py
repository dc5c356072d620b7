"""OpenVEX (https://github.com/openvex/spec): reading v0.2.0, upgrading v0.0.1, writing v0.2.0.

v0.0.1 differs from v0.2.0 only in shape, not in meaning: the vulnerability is a bare string,
products are bare id strings, and subcomponents are listed once per statement rather than per
product. The statuses and justifications are the same words. So a v0.0.1 document is upgraded
as it is read (as the reference implementation, go-vex, does), but its shape is checked
strictly: a v0.2.0-shaped part under a v0.0.1 context is refused, not guessed at. Any other
version is refused with a message naming it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from margo_ssdf.files import write_atomic
from margo_ssdf.vex import _purl
from margo_ssdf.vex._json import FieldReader
from margo_ssdf.vex.model import (
    CYCLONEDX_JUSTIFICATIONS,
    Justification,
    VexError,
    VexStatement,
    VexStatus,
)

OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0"
"""The `@context` of the OpenVEX version this package writes and reads natively."""

SPEC_HINT = "See the OpenVEX specification: https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md"

_CONTEXT = re.compile(r"^https?://openvex\.dev/ns(?:/v(?P<version>[0-9][^/]*))?/?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_STATUSES = frozenset(s.value for s in VexStatus)
_JUSTIFICATIONS = frozenset(j.value for j in Justification)

_STATEMENT_FIELDS_V020 = frozenset({
    "@id", "version", "vulnerability", "timestamp", "last_updated", "products", "status",
    "supplier", "status_notes", "justification", "impact_statement", "action_statement",
    "action_statement_timestamp",
})
_STATEMENT_FIELDS_V001 = frozenset({
    "vulnerability", "vuln_description", "timestamp", "products", "subcomponents", "status",
    "status_notes", "justification", "impact_statement", "action_statement",
    "action_statement_timestamp",
})
_VULNERABILITY_FIELDS = frozenset({"@id", "name", "description", "aliases"})
_PRODUCT_FIELDS = frozenset({"@id", "identifiers", "hashes", "subcomponents"})
_SUBCOMPONENT_FIELDS = frozenset({"@id", "identifiers", "hashes"})
_IDENTIFIER_FIELDS = ("purl", "cpe23", "cpe22")

# CycloneDX justifications with the same meaning as an OpenVEX one; the others have no
# equivalent and are written as text instead (see `openvex_document`).
_FROM_CYCLONEDX = {
    "code_not_present": Justification.VULNERABLE_CODE_NOT_PRESENT,
    "code_not_reachable": Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
}


def is_openvex(data: Any) -> bool:
    """Whether parsed JSON claims to be OpenVEX (an `@context` under openvex.dev/ns)."""
    if not isinstance(data, dict):
        return False
    context = data.get("@context")
    return isinstance(context, str) and "openvex.dev/ns" in context


def read_openvex(source: str, data: Any) -> list[VexStatement]:
    """The statements of a parsed OpenVEX document (v0.2.0, or v0.0.1 upgraded)."""
    doc = FieldReader.of(source, data, "", SPEC_HINT, "an OpenVEX document")
    context = doc.required_string("@context")
    match = _CONTEXT.match(context.strip())
    if match is None:
        doc.fail("@context", f"is '{context}', which is not an OpenVEX context.",
                 f"Set it to {OPENVEX_CONTEXT}.")
    version = match["version"]
    # go-vex wrote the bare https://openvex.dev/ns before versions were added to it.
    if version in (None, "0.0.1"):
        return _read(doc, legacy=True)
    if version == "0.2.0":
        return _read(doc, legacy=False)
    doc.fail(
        "@context",
        f"names OpenVEX v{version}, which cannot be read: only v0.2.0 is read, and v0.0.1 is "
        "upgraded to it.",
        f"Write the document as OpenVEX v0.2.0 (@context {OPENVEX_CONTEXT}); vexctl from the "
        "OpenVEX project converts documents it can read. " + SPEC_HINT,
    )


def _read(doc: FieldReader, *, legacy: bool) -> list[VexStatement]:
    # Unknown top-level keys are tolerated: they describe the document, not what it claims.
    # Inside statements every key must be known, since a misspelt one would be lost silently.
    doc_time = doc.timestamp("timestamp")
    doc.timestamp("last_updated")
    for key in ("@id", "author", "role", "tooling", "supplier"):
        doc.string(key)
    if doc.has("version"):
        _check_version(doc, "version", legacy=legacy)
    if not doc.has("statements"):
        doc.fail("statements", "is missing.", "An OpenVEX document lists its claims under "
                 "'statements'. " + SPEC_HINT)
    return [_statement(reader, index, doc_time, legacy=legacy)
            for index, reader in enumerate(doc.objects("statements", "a statement"))]


def _check_version(reader: FieldReader, key: str, *, legacy: bool) -> None:
    value = reader.data[key]
    # v0.0.1 wrote the document version as a string ("1"); v0.2.0 as an integer.
    if legacy and isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        reader.fail(key, f"is {value!r}; it must be an integer of at least 1.")


def _statement(
    reader: FieldReader, index: int, doc_time: datetime | None, *, legacy: bool
) -> VexStatement:
    reader.only(_STATEMENT_FIELDS_V001 if legacy else _STATEMENT_FIELDS_V020)
    name, aliases = _vulnerability(reader, legacy=legacy)
    if legacy:
        products = _legacy_ids(reader, "products")
        subcomponents = _legacy_ids(reader, "subcomponents")
        reader.string("vuln_description")
    else:
        products, subcomponents = _products(reader)
        reader.string("supplier")
        reader.string("@id")
        if reader.has("version"):
            _check_version(reader, "version", legacy=False)
    status = VexStatus(reader.required_choice("status", _STATUSES))
    justification = reader.choice("justification", _JUSTIFICATIONS)
    impact = reader.string("impact_statement")
    action = reader.string("action_statement")
    reader.string("status_notes")
    reader.timestamp("action_statement_timestamp")
    if status is VexStatus.NOT_AFFECTED and justification is None and impact is None:
        reader.fail(
            None,
            f"statement {index} says not_affected but gives neither a justification nor an "
            "impact_statement; OpenVEX requires one of them.",
            "Add a 'justification' (one of: " + ", ".join(j.value for j in Justification)
            + ") or an 'impact_statement' saying why the product is not affected.",
        )
    timestamp = reader.timestamp("timestamp")
    updated = None if legacy else reader.timestamp("last_updated")
    return VexStatement(
        vulnerability=name,
        aliases=aliases,
        products=products,
        subcomponents=subcomponents,
        status=status,
        justification=justification,
        impact_statement=impact,
        action_statement=action,
        timestamp=updated or timestamp or doc_time,
        source=reader.source,
    )


def _vulnerability(reader: FieldReader, *, legacy: bool) -> tuple[str, tuple[str, ...]]:
    value = reader.data.get("vulnerability")
    if value is None:
        reader.fail("vulnerability", "is missing.",
                    'Name the vulnerability, e.g. "vulnerability": {"name": "CVE-2021-44228"}.')
    if isinstance(value, str):
        # The string form is v0.0.1's; under v0.2.0 it is read too, its meaning being plain.
        return reader.required_string("vulnerability"), ()
    if legacy:
        reader.fail("vulnerability", "is an object, which is the OpenVEX v0.2.0 form, but "
                    "@context is a v0.0.1 one.", f"Set @context to {OPENVEX_CONTEXT}.")
    vuln = reader.object("vulnerability", "a vulnerability")
    assert vuln is not None
    vuln.only(_VULNERABILITY_FIELDS)
    name = vuln.required_string("name", 'Give the vulnerability\'s id as "name".')
    vuln.string("@id")
    vuln.string("description")
    aliases = [a for a in _unique(vuln.strings("aliases")) if a.casefold() != name.casefold()]
    return name, tuple(aliases)


def _legacy_ids(reader: FieldReader, key: str) -> tuple[str, ...]:
    for index, value in enumerate(reader.array(key)):
        if isinstance(value, dict):
            reader.fail(f"{key}[{index}]", "is an object, which is the OpenVEX v0.2.0 form, "
                        "but @context is a v0.0.1 one.", f"Set @context to {OPENVEX_CONTEXT}.")
    return tuple(_unique(reader.check_id(f"{key}[{index}]", value)
                         for index, value in enumerate(reader.strings(key))))


def _products(reader: FieldReader) -> tuple[tuple[str, ...], tuple[str, ...]]:
    products: list[str] = []
    subcomponents: list[str] = []
    for index, value in enumerate(reader.array("products")):
        if isinstance(value, str):
            reader.fail(f"products[{index}]", "is a string, which is the OpenVEX v0.0.1 form, "
                        "but @context names v0.2.0.",
                        f'Write the product as {{"@id": "{value}"}}.')
    for product in reader.objects("products", "a product"):
        product.only(_PRODUCT_FIELDS)
        products.extend(_component_ids(product))
        for sub in product.objects("subcomponents", "a subcomponent"):
            sub.only(_SUBCOMPONENT_FIELDS)
            subcomponents.extend(_component_ids(sub))
    return tuple(_unique(products)), tuple(_unique(subcomponents))


def _component_ids(component: FieldReader) -> list[str]:
    ids = [i for i in [component.identifier("@id")] if i]
    identifiers = component.object("identifiers", "a map of identifiers")
    if identifiers is not None:
        identifiers.only(_IDENTIFIER_FIELDS)
        purl = identifiers.identifier("purl")
        if purl is not None and not _purl.is_purl(purl):
            identifiers.fail("purl", f"is '{purl}', which is not a package URL.",
                             "Write it as pkg:<type>/<namespace>/<name>@<version>.")
        found = [v for v in (purl, identifiers.string("cpe23"), identifiers.string("cpe22")) if v]
        if not found:
            identifiers.fail(None, "names no identifier.", "Give a purl, cpe23 or cpe22.")
        ids.extend(found)
    component.object("hashes", "a map of hashes")
    if not ids:
        component.fail(None, "has neither an '@id' nor 'identifiers'.",
                       'Identify it, e.g. {"@id": "pkg:pypi/requests@2.31.0"}.')
    return ids


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# Writing


def openvex_document(
    statements: Sequence[VexStatement], *, author: str, doc_id: str, timestamp: datetime
) -> dict[str, Any]:
    """An OpenVEX v0.2.0 document (version 1) making `statements`, in their order.

    Every product and subcomponent id must be an IRI (a package URL is one). Subcomponents
    are attached to every product of their statement. A CycloneDX justification with an
    OpenVEX equivalent is translated; one without is written into the impact statement.
    Raises VexError for what OpenVEX cannot say: a not_affected statement without a reason,
    an affected one without an action statement, an id that is not an IRI.
    """
    if not author.strip():
        raise VexError("the author must not be empty.", field="author",
                       fix="Name the person or organisation making the statements.")
    if not _IRI.match(doc_id):
        raise VexError(f"the document id '{doc_id}' is not an IRI.", field="@id",
                       fix="Use a URL or URN, e.g. https://example.org/vex/2024-001.")
    if not statements:
        raise VexError("an OpenVEX document needs at least one statement.", field="statements",
                       fix="Pass the statements to write.")
    written: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, statement in enumerate(statements):
        entry = _statement_json(statement, index)
        key = json.dumps(entry, sort_keys=True)
        if key not in seen:  # the schema wants unique statements; a repeat says nothing new
            seen.add(key)
            written.append(entry)
    return {
        "@context": OPENVEX_CONTEXT,
        "@id": doc_id,
        "author": author,
        "timestamp": _rfc3339(timestamp, "timestamp"),
        "version": 1,
        "statements": written,
    }


def _statement_json(statement: VexStatement, index: int) -> dict[str, Any]:
    where = f"statements[{index}]"
    label = f"statement {index} ({statement.vulnerability}, {statement.status.value})"
    vulnerability: dict[str, Any] = {"name": statement.vulnerability}
    aliases = [a for a in _unique(statement.aliases)
               if a.casefold() != statement.vulnerability.casefold()]
    if aliases:
        vulnerability["aliases"] = aliases
    entry: dict[str, Any] = {"vulnerability": vulnerability, "status": statement.status.value}
    products = _unique(statement.products)
    subcomponents = _unique(statement.subcomponents)
    for pid in (*products, *subcomponents):
        if not _IRI.match(pid):
            raise VexError(f"{label} names '{pid}', which is not an IRI.", field=where,
                           fix="Identify products and subcomponents by package URL.")
    if subcomponents and not products:
        raise VexError(f"{label} has subcomponents but no product to hold them.", field=where,
                       fix="Name the product the subcomponents belong to.")
    if products:
        entry["products"] = [
            {"@id": pid, **({"subcomponents": [{"@id": s} for s in subcomponents]}
                            if subcomponents else {})}
            for pid in products
        ]
    justification, impact = _openvex_reason(statement, label, where)
    if justification:
        entry["justification"] = justification
    if impact:
        entry["impact_statement"] = impact
    if statement.action_statement:
        entry["action_statement"] = statement.action_statement
    if statement.status is VexStatus.NOT_AFFECTED and not (justification or impact):
        raise VexError(f"{label} gives neither a justification nor an impact statement.",
                       field=where, fix="OpenVEX requires one of them for not_affected.")
    if statement.status is VexStatus.AFFECTED and not statement.action_statement:
        raise VexError(f"{label} has no action statement.", field=where,
                       fix="OpenVEX requires an action_statement (what users should do) for "
                           "affected.")
    if statement.timestamp is not None:
        entry["timestamp"] = _rfc3339(statement.timestamp, f"{where}.timestamp")
    return entry


def _openvex_reason(
    statement: VexStatement, label: str, where: str
) -> tuple[str | None, str | None]:
    value, impact = statement.justification, statement.impact_statement
    if value is None or value in {j.value for j in Justification}:
        return value, impact
    if value in _FROM_CYCLONEDX:
        return _FROM_CYCLONEDX[value].value, impact
    if value in CYCLONEDX_JUSTIFICATIONS:
        note = f"CycloneDX justification: {value}."
        return None, f"{note} {impact}" if impact else note
    raise VexError(f"{label} has the justification '{value}', which is neither an OpenVEX nor "
                   "a CycloneDX justification.", field=f"{where}.justification",
                   fix="Use one of: " + ", ".join(j.value for j in Justification) + ".")


def _rfc3339(moment: datetime, field: str) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise VexError("the time has no timezone.", field=field,
                       fix="Pass a timezone-aware datetime, e.g. datetime.now(UTC).")
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds") + "Z"


def dumps(doc: Mapping[str, Any]) -> bytes:
    """A document as stable JSON bytes: keys sorted, two-space indent, UTF-8, final newline."""
    text = json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write(path: str | os.PathLike[str], doc: Mapping[str, Any]) -> None:
    """Write a document atomically: readers see the old file or the whole new one."""
    write_atomic(Path(path), dumps(doc))
