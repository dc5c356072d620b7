"""Small VEX documents built in code, and where the test data lives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
OPENVEX_CORPUS = CORPORA / "vex" / "openvex"
CYCLONEDX_CORPUS = CORPORA / "vex" / "cyclonedx"
OPENVEX_SCHEMA = OPENVEX_CORPUS / "openvex_json_schema.json"

V020 = "https://openvex.dev/ns/v0.2.0"


def write_json(directory: Path, name: str, data: Any) -> Path:
    """Write `data` as JSON to directory/name and return the path."""
    path = directory / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def statement(
    vuln: str | dict[str, Any] = "CVE-2024-0001",
    status: str = "fixed",
    products: list[Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An OpenVEX v0.2.0 statement; a string vulnerability becomes {"name": ...}."""
    out: dict[str, Any] = {
        "vulnerability": {"name": vuln} if isinstance(vuln, str) else vuln,
        "status": status,
        "products": [{"@id": "pkg:pypi/demo@1.0"}] if products is None else products,
    }
    out.update(extra)
    return out


def openvex(*statements: dict[str, Any], context: str = V020, **extra: Any) -> dict[str, Any]:
    """An OpenVEX document holding `statements`."""
    doc: dict[str, Any] = {
        "@context": context,
        "@id": "https://example.org/vex/test-1",
        "author": "Test Author",
        "timestamp": "2024-01-01T00:00:00Z",
        "version": 1,
        "statements": list(statements),
    }
    doc.update(extra)
    return doc


def vulnerability(
    vid: str = "CVE-2024-0001",
    state: str = "not_affected",
    affects: list[dict[str, Any]] | None = None,
    **analysis: Any,
) -> dict[str, Any]:
    """A CycloneDX vulnerability entry with an analysis."""
    if state == "not_affected" and "justification" not in analysis:
        analysis["justification"] = "code_not_present"
    return {
        "id": vid,
        "analysis": {"state": state, **analysis},
        "affects": [{"ref": "pkg:pypi/demo@1.0"}] if affects is None else affects,
    }


def cyclonedx(*vulns: dict[str, Any], spec: str = "1.6", **extra: Any) -> dict[str, Any]:
    """A CycloneDX BOM holding `vulns`."""
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "version": 1,
        "metadata": {"timestamp": "2024-02-01T00:00:00Z"},
        "vulnerabilities": list(vulns),
    }
    bom.update(extra)
    return bom


def openvex_schema() -> dict[str, Any]:
    """The OpenVEX JSON schema from ../shared/corpora (skips the test when absent)."""
    if not OPENVEX_SCHEMA.is_file():
        pytest.skip("../shared/corpora/vex/openvex is not present")
    return json.loads(OPENVEX_SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate_openvex(doc: Any) -> None:
    """Validate a document against the official OpenVEX schema, when it is present.

    Tests that only exist to check the schema call `openvex_schema()` first, so they skip
    visibly; elsewhere the check is an extra that a fresh clone does without.
    """
    if not OPENVEX_SCHEMA.is_file():
        return
    import jsonschema  # type: ignore[import-untyped]

    validator = jsonschema.Draft202012Validator(
        openvex_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(doc)
