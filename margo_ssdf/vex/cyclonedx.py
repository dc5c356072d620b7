"""CycloneDX VEX (JSON, spec versions 1.4 to 1.6): each `vulnerabilities[]` entry is a statement.

What is read, and how it maps:
- `id` is the vulnerability, `references[].id` its aliases;
- `analysis.state` is the status: not_affected and false_positive are not_affected,
  exploitable is affected, resolved and resolved_with_pedigree are fixed, in_triage is
  under_investigation;
- `analysis.justification` is kept as written; `analysis.detail` is the impact statement;
  `recommendation` (or else the `analysis.response` values) is the action statement;
- `analysis.lastUpdated`, else `analysis.firstIssued`, else `metadata.timestamp` is the time;
- `affects[].ref` is a product: a bom-ref of this BOM (or a BOM-link into it) becomes the
  component's package URL; a package URL is taken as it is; anything else (a bom-ref without a
  purl, a BOM-link into another BOM) is kept as written and never matches a package.
- `affects[].versions[]` narrows a package URL to the exact versions listed. A version
  `range` on a package URL cannot be represented and is refused rather than widened to every
  version; so is a version whose own status contradicts the analysis state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from margo_ssdf.vex import _purl
from margo_ssdf.vex._json import FieldReader
from margo_ssdf.vex.model import CYCLONEDX_JUSTIFICATIONS, VexStatement, VexStatus

SPEC_VERSIONS = ("1.4", "1.5", "1.6")
"""CycloneDX versions read; VEX (the `vulnerabilities` array) arrived in 1.4."""

SPEC_HINT = "See https://cyclonedx.org/docs/1.6/json/#vulnerabilities."

STATES: dict[str, VexStatus] = {
    "not_affected": VexStatus.NOT_AFFECTED,
    "false_positive": VexStatus.NOT_AFFECTED,
    "exploitable": VexStatus.AFFECTED,
    "resolved": VexStatus.FIXED,
    "resolved_with_pedigree": VexStatus.FIXED,
    "in_triage": VexStatus.UNDER_INVESTIGATION,
}
"""CycloneDX `analysis.state` values and the VEX status each one means."""

_RESPONSES = frozenset({"can_not_fix", "will_not_fix", "update", "rollback",
                        "workaround_available"})
_ANALYSIS_FIELDS = frozenset({"state", "justification", "response", "detail", "firstIssued",
                              "lastUpdated"})
_VERSION_STATUSES = frozenset({"affected", "unaffected", "unknown"})
_BOM_LINK = re.compile(
    r"^urn:cdx:(?P<serial>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12})/(?P<version>[1-9][0-9]*)#(?P<ref>.+)$"
)


def is_cyclonedx(data: Any) -> bool:
    """Whether parsed JSON claims to be a CycloneDX BOM."""
    return isinstance(data, dict) and data.get("bomFormat") == "CycloneDX"


def read_cyclonedx(source: str, data: Any) -> list[VexStatement]:
    """The statements of a parsed CycloneDX VEX document."""
    bom = FieldReader.of(source, data, "", SPEC_HINT, "a CycloneDX BOM")
    spec = bom.data.get("specVersion")
    if spec not in SPEC_VERSIONS:
        bom.fail("specVersion", f"is {spec!r}; VEX is read from CycloneDX "
                 f"{', '.join(SPEC_VERSIONS)} only.",
                 "Write the document as CycloneDX 1.6 (VEX needs 1.4 or later).")
    if "vulnerabilities" not in bom.data:
        bom.fail("vulnerabilities", "is missing, so this is a bill of materials, not a VEX "
                 "document.", "Point at the VEX document, or add a 'vulnerabilities' array "
                 "whose entries each carry an 'analysis'. " + SPEC_HINT)
    metadata = bom.object("metadata", "the BOM's metadata")
    doc_time = metadata.timestamp("timestamp") if metadata else None
    purls = _component_purls(bom, metadata)
    this_bom = (bom.string("serialNumber"), str(bom.data.get("version", 1)))
    return [_statement(vuln, doc_time, purls, this_bom)
            for vuln in bom.objects("vulnerabilities", "a vulnerability")]


def _component_purls(bom: FieldReader, metadata: FieldReader | None) -> dict[str, str | None]:
    # bom-ref -> purl (or None) over every component, however deeply nested.
    found: dict[str, str | None] = {}
    roots: list[FieldReader] = []
    if metadata is not None:
        main = metadata.object("component", "a component")
        if main is not None:
            roots.append(main)
    roots.extend(bom.objects("components", "a component"))
    for component in _walk(roots):
        ref = component.string("bom-ref")
        if ref is not None:
            found[ref] = component.identifier("purl")
    return found


def _walk(components: list[FieldReader]) -> Iterator[FieldReader]:
    stack = list(reversed(components))
    while stack:
        component = stack.pop()
        yield component
        stack.extend(reversed(component.objects("components", "a component")))


def _statement(
    vuln: FieldReader,
    doc_time: datetime | None,
    purls: dict[str, str | None],
    this_bom: tuple[str | None, str],
) -> VexStatement:
    name = vuln.required_string("id", "Give the vulnerability's id, e.g. CVE-2021-44228.")
    aliases: list[str] = []
    for reference in vuln.objects("references", "a reference"):
        alias = reference.required_string("id")
        if alias.casefold() != name.casefold() and alias not in aliases:
            aliases.append(alias)
    analysis = vuln.object("analysis", "an analysis")
    if analysis is None:
        vuln.fail("analysis", "is missing: without an analysis state this is a vulnerability "
                  "report, not a VEX statement.",
                  "Add an 'analysis' with a 'state' (one of: "
                  + ", ".join(sorted(STATES)) + ").")
    analysis.only(_ANALYSIS_FIELDS)
    state = analysis.required_choice("state", STATES)
    status = STATES[state]
    justification = analysis.choice("justification", CYCLONEDX_JUSTIFICATIONS)
    responses = analysis.strings("response")
    for index, response in enumerate(responses):
        if response not in _RESPONSES:
            analysis.fail(f"response[{index}]", f"is '{response}', which is not one of: "
                          + ", ".join(sorted(_RESPONSES)) + ".")
    detail = analysis.string("detail")
    first = analysis.timestamp("firstIssued")
    last = analysis.timestamp("lastUpdated")
    recommendation = vuln.string("recommendation")
    products: list[str] = []
    for affect in vuln.objects("affects", "an affected component"):
        for pid in _affected_ids(affect, state, status, purls, this_bom):
            if pid not in products:
                products.append(pid)
    return VexStatement(
        vulnerability=name,
        aliases=tuple(aliases),
        products=tuple(products),
        status=status,
        justification=justification,
        impact_statement=detail,
        action_statement=recommendation or (", ".join(responses) if responses else None),
        timestamp=last or first or doc_time,
        source=vuln.source,
    )


def _affected_ids(
    affect: FieldReader,
    state: str,
    status: VexStatus,
    purls: dict[str, str | None],
    this_bom: tuple[str | None, str],
) -> list[str]:
    affect.only({"ref", "versions"})
    ref = affect.required_string("ref", "Give the bom-ref or package URL of the component.")
    purl = _resolve(affect, ref, purls, this_bom)
    versions = affect.objects("versions", "a version")
    if not versions:
        return [purl or ref]
    ids: list[str] = []
    for entry in versions:
        entry.only({"version", "range", "status"})
        exact = entry.string("version")
        span = entry.string("range")
        own = entry.choice("status", _VERSION_STATUSES)
        if (exact is None) == (span is None):
            entry.fail(None, "needs exactly one of 'version' and 'range'.")
        if (status is VexStatus.NOT_AFFECTED and own == "affected") or (
            status is VexStatus.AFFECTED and own == "unaffected"
        ):
            entry.fail("status", f"is '{own}', but the analysis state is '{state}'.",
                       "Make them agree, or split the entry into one vulnerability per state.")
        if purl is None:
            ids.append(ref)  # not a package: the versions cannot narrow anything we match
        elif exact is not None:
            ids.append(_purl.with_version(purl, exact))
        else:
            entry.fail("range", f"is '{span}', a version range on the package {purl}; only "
                       "exact versions can be read.",
                       "List the exact versions, or leave 'versions' out to mean every "
                       "version of the package.")
    return ids


def _resolve(
    affect: FieldReader, ref: str, purls: dict[str, str | None], this_bom: tuple[str | None, str]
) -> str | None:
    link = _BOM_LINK.match(ref)
    if link is not None:
        serial, version = this_bom
        if serial is None or serial.lower() != f"urn:uuid:{link['serial']}".lower() or (
            version != link["version"]
        ):
            return None  # a component of another BOM, which is not read here
        ref = unquote(link["ref"])
    resolved = purls.get(ref)
    if resolved is not None:
        return resolved
    # A bom-ref may itself be a purl (cyclonedx-python writes them so), with or without a
    # component carrying it; either way it names that package.
    if _purl.is_purl(ref):
        return affect.check_id("ref", ref)
    return None
