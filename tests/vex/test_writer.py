"""Writing OpenVEX v0.2.0: valid against the official schema, stable, and read back the same."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.vex import (
    OPENVEX_CONTEXT,
    VexError,
    VexStatement,
    VexStatus,
    dumps,
    load,
    openvex_document,
    write,
)

from .factory import DATA, openvex_schema, validate_openvex

WHEN = datetime(2024, 7, 1, 9, 30, tzinfo=UTC)

STATEMENTS = [
    VexStatement(
        vulnerability="GHSA-j8r2-6x86-q33q",
        aliases=("CVE-2023-32681", "PYSEC-2023-74"),
        products=("pkg:pypi/demo-app@1.4.0",),
        subcomponents=("pkg:pypi/requests@2.30.0", "pkg:pypi/urllib3@2.0.7"),
        status=VexStatus.NOT_AFFECTED,
        justification="vulnerable_code_not_in_execute_path",
        impact_statement="No proxies are used.",
        timestamp=datetime(2024, 6, 1, 8, 0, 0, 250000, tzinfo=timezone(timedelta(hours=2))),
    ),
    VexStatement(
        vulnerability="CVE-2024-35195",
        products=("pkg:pypi/requests", "pkg:pypi/demo-app@1.4.0"),
        status=VexStatus.AFFECTED,
        action_statement="Upgrade requests to 2.32.0.",
    ),
    VexStatement(vulnerability="CVE-2024-0450", products=("pkg:generic/python@3.11.7",),
                 status=VexStatus.UNDER_INVESTIGATION, timestamp=WHEN),
    VexStatement(vulnerability="CVE-2023-0001", products=("pkg:pypi/demo-app@1.3.0",),
                 status=VexStatus.FIXED, impact_statement="Fixed in 1.3.0."),
    VexStatement(vulnerability="CVE-2023-0002", products=("pkg:pypi/demo-app",),
                 status=VexStatus.NOT_AFFECTED, impact_statement="Only on Windows."),
]


def _document(statements: list[VexStatement] = STATEMENTS) -> dict[str, Any]:
    return openvex_document(statements, author="Demo Security Team",
                            doc_id="https://example.org/vex/demo-1", timestamp=WHEN)


def test_the_document_has_the_v020_header() -> None:
    doc = _document()
    assert doc["@context"] == OPENVEX_CONTEXT == "https://openvex.dev/ns/v0.2.0"
    assert doc["@id"] == "https://example.org/vex/demo-1"
    assert doc["author"] == "Demo Security Team"
    assert doc["timestamp"] == "2024-07-01T09:30:00Z"
    assert doc["version"] == 1


def test_statements_are_written_as_openvex() -> None:
    first = _document()["statements"][0]
    assert first == {
        "vulnerability": {"name": "GHSA-j8r2-6x86-q33q",
                          "aliases": ["CVE-2023-32681", "PYSEC-2023-74"]},
        "products": [{"@id": "pkg:pypi/demo-app@1.4.0",
                      "subcomponents": [{"@id": "pkg:pypi/requests@2.30.0"},
                                        {"@id": "pkg:pypi/urllib3@2.0.7"}]}],
        "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path",
        "impact_statement": "No proxies are used.",
        "timestamp": "2024-06-01T06:00:00.250000Z",
    }


def test_the_document_validates_against_the_openvex_schema() -> None:
    openvex_schema()  # skips when ../shared/corpora is absent
    validate_openvex(_document())


def test_the_schema_check_is_live() -> None:
    import jsonschema  # type: ignore[import-untyped]

    openvex_schema()
    doc = _document()
    del doc["version"]
    with pytest.raises(jsonschema.ValidationError):
        validate_openvex(doc)


def test_dumps_is_sorted_and_stable() -> None:
    data = dumps(_document())
    assert data == dumps(_document())
    assert data.endswith(b"}\n")
    text = data.decode()
    assert text.index('"@context"') < text.index('"author"') < text.index('"statements"')
    assert json.loads(text) == _document()
    assert dumps({"b": 1, "a": "é"}) == '{\n  "a": "é",\n  "b": 1\n}\n'.encode()


def test_load_of_write_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "out" / "demo.openvex.json"
    write(path, _document())
    validate_openvex(json.loads(path.read_text()))
    back = load(path)
    assert back == [replace(s, source=str(path), timestamp=s.timestamp or WHEN)
                    for s in STATEMENTS]


def test_a_read_document_round_trips(tmp_path: Path) -> None:
    original = load(DATA / "openvex_pypi.json")
    path = tmp_path / "again.json"
    write(path, openvex_document(original, author="a", doc_id="urn:uuid:1", timestamp=WHEN))
    assert load(path) == [replace(s, source=str(path)) for s in original]


def test_cyclonedx_justifications_are_translated_or_kept_as_text() -> None:
    base = VexStatement(vulnerability="CVE-1", products=("pkg:pypi/a",),
                        status=VexStatus.NOT_AFFECTED, justification="code_not_present")
    reachable = replace(base, justification="code_not_reachable")
    configured = replace(base, justification="requires_configuration",
                         impact_statement="Needs the debug flag.")
    perimeter = replace(base, justification="protected_at_perimeter")
    doc = _document([base, reachable, configured, perimeter])
    validate_openvex(doc)
    written = doc["statements"]
    assert written[0]["justification"] == "vulnerable_code_not_present"
    assert written[1]["justification"] == "vulnerable_code_not_in_execute_path"
    assert "justification" not in written[2]
    assert written[2]["impact_statement"] == (
        "CycloneDX justification: requires_configuration. Needs the debug flag.")
    assert written[3]["impact_statement"] == (
        "CycloneDX justification: protected_at_perimeter.")


def test_repeated_statements_products_and_aliases_are_written_once() -> None:
    s = VexStatement(vulnerability="CVE-1", aliases=("GHSA-1", "GHSA-1", "cve-1"),
                     products=("pkg:pypi/a", "pkg:pypi/a"), status=VexStatus.FIXED)
    doc = _document([s, s])
    validate_openvex(doc)
    (only,) = doc["statements"]
    assert only["vulnerability"] == {"name": "CVE-1", "aliases": ["GHSA-1"]}
    assert only["products"] == [{"@id": "pkg:pypi/a"}]


def test_a_statement_without_products_is_written_without_them() -> None:
    doc = _document([VexStatement(vulnerability="CVE-1", status=VexStatus.FIXED)])
    validate_openvex(doc)
    assert "products" not in doc["statements"][0]


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (VexStatement(vulnerability="CVE-1", products=("pkg:pypi/a",),
                      status=VexStatus.NOT_AFFECTED), "neither a justification"),
        (VexStatement(vulnerability="CVE-1", products=("pkg:pypi/a",),
                      status=VexStatus.AFFECTED), "no action statement"),
        (VexStatement(vulnerability="CVE-1", products=("product-ABC",),
                      status=VexStatus.FIXED), "not an IRI"),
        (VexStatement(vulnerability="CVE-1", subcomponents=("pkg:pypi/a",),
                      status=VexStatus.FIXED), "no product"),
        (VexStatement(vulnerability="CVE-1", products=("pkg:pypi/a",), status=VexStatus.FIXED,
                      justification="because"), "neither an OpenVEX nor a CycloneDX"),
        (VexStatement(vulnerability="CVE-1", products=("pkg:pypi/a",), status=VexStatus.FIXED,
                      timestamp=datetime(2024, 1, 1)), "no timezone"),
    ],
)
def test_what_openvex_cannot_say_is_refused(statement: VexStatement, words: str) -> None:
    good = STATEMENTS[0]
    with pytest.raises(VexError) as caught:
        _document([good, statement])
    assert words in str(caught.value)
    assert (caught.value.field or "").startswith("statements[1]")
    assert "statement 1" in str(caught.value) or "timezone" in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"author": " "}, "author"),
        ({"doc_id": "demo-1"}, "@id"),
        ({"timestamp": datetime(2024, 1, 1)}, "timestamp"),
    ],
)
def test_bad_document_arguments_are_refused(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"author": "a", "doc_id": "urn:x:1", "timestamp": WHEN} | kwargs
    with pytest.raises(VexError) as caught:
        openvex_document(STATEMENTS, **args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(VexError) as caught:
        _document([])
    assert caught.value.field == "statements"
