"""Reading OpenVEX: v0.2.0 as written, v0.0.1 upgraded, everything else refused by name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.vex import Justification, VexError, VexStatus, load

from .factory import DATA, openvex, statement, write_json


def _error(tmp_path: Path, doc: Any, name: str = "doc.openvex.json") -> VexError:
    path = write_json(tmp_path, name, doc)
    with pytest.raises(VexError) as caught:
        load(path)
    assert name in str(caught.value)
    return caught.value


def test_reads_every_field_of_a_v020_document() -> None:
    source = str(DATA / "openvex_pypi.json")
    first, second, third = load(source)

    assert first.vulnerability == "GHSA-j8r2-6x86-q33q"
    assert first.aliases == ("CVE-2023-32681", "PYSEC-2023-74")
    # The @id and the identifiers of one product are all kept; matching uses the purls.
    assert first.products == ("https://example.org/products/demo-app", "pkg:pypi/demo-app@1.4.0")
    assert first.subcomponents == (
        "pkg:pypi/requests@2.30.0",
        "pkg:pypi/Requests_Toolbelt@1.0.0",
        "cpe:2.3:a:example:toolbelt:1.0.0:*:*:*:*:*:*:*",
    )
    assert first.status is VexStatus.NOT_AFFECTED
    assert first.justification == Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH
    assert first.impact_statement == "demo-app never follows redirects with a proxy configured."
    assert first.action_statement is None
    # Go writes nanoseconds; they are cut to microseconds, the offset is kept.
    assert first.timestamp == datetime(2024, 3, 2, 7, 30, 0, 123456, tzinfo=UTC)
    assert first.timestamp.utcoffset() == timedelta(hours=1)
    assert first.source == source

    assert (second.vulnerability, second.status) == ("CVE-2024-35195", VexStatus.AFFECTED)
    assert second.products == ("pkg:pypi/requests",)
    assert second.action_statement == "Upgrade requests to 2.32.0 or later."
    # No statement time: the document's.
    assert second.timestamp == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)

    assert third.status is VexStatus.UNDER_INVESTIGATION
    # last_updated says when the statement last changed, so it is the statement's time.
    assert third.timestamp == datetime(2024, 4, 1, tzinfo=UTC)


@pytest.mark.parametrize("status", ["not_affected", "affected", "fixed", "under_investigation"])
def test_every_status_is_read(tmp_path: Path, status: str) -> None:
    extra: dict[str, Any] = (
        {"justification": "component_not_present"} if status == "not_affected" else {}
    )
    path = write_json(tmp_path, "doc.json", openvex(statement(status=status, **extra)))
    assert [s.status.value for s in load(path)] == [status]


def test_the_older_string_form_of_the_vulnerability_is_accepted(tmp_path: Path) -> None:
    path = write_json(tmp_path, "doc.json", openvex(statement(vuln="CVE-2024-0001") | {
        "vulnerability": "CVE-2024-0001"}))
    (only,) = load(path)
    assert (only.vulnerability, only.aliases) == ("CVE-2024-0001", ())


def test_the_primary_id_is_not_repeated_among_the_aliases(tmp_path: Path) -> None:
    vuln = {"name": "CVE-2024-0001", "aliases": ["cve-2024-0001", "GHSA-xxxx-yyyy-zzzz"]}
    path = write_json(tmp_path, "doc.json", openvex(statement(vuln=vuln)))
    assert load(path)[0].aliases == ("GHSA-xxxx-yyyy-zzzz",)


@pytest.mark.parametrize(
    "reason",
    [{"justification": "inline_mitigations_already_exist"}, {"impact_statement": "Not shipped."}],
)
def test_not_affected_needs_a_justification_or_an_impact_statement(
    tmp_path: Path, reason: dict[str, Any]
) -> None:
    path = write_json(tmp_path, "doc.json", openvex(statement(status="not_affected", **reason)))
    assert load(path)[0].status is VexStatus.NOT_AFFECTED


def test_not_affected_without_a_reason_is_an_error_naming_the_statement(tmp_path: Path) -> None:
    doc = openvex(statement(), statement(vuln="CVE-2024-0002", status="not_affected"))
    error = _error(tmp_path, doc)
    text = str(error)
    assert error.field == "statements[1]"
    assert "statements[1]" in text and "statement 1" in text
    assert "justification" in text and "impact_statement" in text


def test_a_document_without_a_version_or_timestamp_is_read(tmp_path: Path) -> None:
    # go-vex's own test documents leave them out; the statements still mean the same.
    doc = openvex(statement())
    del doc["version"], doc["timestamp"], doc["@id"], doc["author"]
    (only,) = load(write_json(tmp_path, "doc.json", doc))
    assert only.timestamp is None


def test_a_statement_without_products_covers_nothing(tmp_path: Path) -> None:
    doc = openvex(statement())
    del doc["statements"][0]["products"]
    assert load(write_json(tmp_path, "doc.json", doc))[0].products == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "exploitable"}, "statements[0].status"),
        ({"status": None}, "statements[0].status"),
        ({"justification": "because"}, "statements[0].justification"),
        ({"vulnerability": None}, "statements[0].vulnerability"),
        ({"vulnerability": {"aliases": ["CVE-1"]}}, "statements[0].vulnerability.name"),
        ({"vulnerability": {"name": "CVE-1", "alias": ["x"]}},
         "statements[0].vulnerability.alias"),
        ({"vulnerability": 7}, "statements[0].vulnerability"),
        ({"justifcation": "component_not_present"}, "statements[0].justifcation"),
        ({"timestamp": "yesterday"}, "statements[0].timestamp"),
        ({"timestamp": "2024-01-01"}, "statements[0].timestamp"),
        ({"products": "pkg:pypi/demo"}, "statements[0].products"),
        ({"products": ["pkg:pypi/demo"]}, "statements[0].products[0]"),
        ({"products": [{"name": "demo"}]}, "statements[0].products[0].name"),
        ({"products": [{"hashes": {"sha-256": "00"}}]}, "statements[0].products[0]"),
        ({"products": [{"@id": "pkg:pypi"}]}, "statements[0].products[0].@id"),
        ({"products": [{"identifiers": {"purl": "requests"}}]},
         "statements[0].products[0].identifiers.purl"),
        ({"products": [{"identifiers": {}}]}, "statements[0].products[0].identifiers"),
        ({"products": [{"@id": "pkg:pypi/a", "subcomponents": [{"@id": "pkg:"}]}]},
         "statements[0].products[0].subcomponents[0].@id"),
        ({"impact_statement": ""}, "statements[0].impact_statement"),
        ({"action_statement": 3}, "statements[0].action_statement"),
    ],
)
def test_bad_statements_are_errors_naming_file_and_field(
    tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    error = _error(tmp_path, openvex(statement(**change)))
    assert error.field == field
    assert f"'{field}'" in str(error)
    assert error.fix


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"statements": None}, "statements"),
        ({"statements": {"a": 1}}, "statements"),
        ({"statements": ["CVE-1"]}, "statements[0]"),
        ({"version": 0}, "version"),
        ({"version": "1"}, "version"),
        ({"timestamp": "01/02/2024"}, "timestamp"),
        ({"author": ["a"]}, "author"),
    ],
)
def test_bad_documents_are_errors_naming_file_and_field(
    tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    doc = openvex(statement())
    doc.update(change)
    assert _error(tmp_path, doc).field == field


def test_a_product_string_in_v020_says_which_form_to_use(tmp_path: Path) -> None:
    error = _error(tmp_path, openvex(statement(products=["pkg:pypi/demo@1.0"])))
    assert "v0.0.1 form" in str(error)
    assert '{"@id": "pkg:pypi/demo@1.0"}' in str(error)


# v0.0.1 and other versions


def test_v001_is_upgraded(tmp_path: Path) -> None:
    first, second = load(DATA / "openvex_legacy.json")
    assert first.vulnerability == "CVE-2022-42969"
    assert first.products == ("pkg:pypi/demo-app@1.0.0", "pkg:pypi/demo-app@1.1.0")
    # v0.0.1 lists subcomponents per statement: they belong to every product.
    assert first.subcomponents == ("pkg:pypi/py@1.11.0",)
    assert first.status is VexStatus.NOT_AFFECTED
    assert first.justification == "vulnerable_code_not_in_execute_path"
    assert first.timestamp == datetime(2023, 2, 1, 12, tzinfo=UTC)
    assert second.status is VexStatus.AFFECTED
    assert second.action_statement == "Upgrade urllib3 to 1.26.17."
    assert second.timestamp == datetime(2023, 10, 10, tzinfo=UTC)


def test_the_unversioned_context_is_v001(tmp_path: Path) -> None:
    # The form go-vex wrote before the context carried a version.
    doc = {"@context": "https://openvex.dev/ns", "version": "1",
           "statements": [{"vulnerability": "CVE-2023-12345", "status": "fixed",
                           "products": ["pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"]}]}
    (only,) = load(write_json(tmp_path, "doc.json", doc))
    assert (only.vulnerability, only.status, only.products) == (
        "CVE-2023-12345", VexStatus.FIXED, ("pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64",))


@pytest.mark.parametrize(
    ("legacy_statement", "field"),
    [
        ({"vulnerability": {"name": "CVE-1"}, "status": "fixed"}, "statements[0].vulnerability"),
        ({"vulnerability": "CVE-1", "status": "fixed", "products": [{"@id": "pkg:pypi/a"}]},
         "statements[0].products[0]"),
    ],
)
def test_v020_shapes_under_a_v001_context_are_refused(
    tmp_path: Path, legacy_statement: dict[str, Any], field: str
) -> None:
    doc = {"@context": "https://openvex.dev/ns/v0.0.1", "statements": [legacy_statement]}
    error = _error(tmp_path, doc)
    assert error.field == field
    assert "v0.2.0 form" in str(error) and "https://openvex.dev/ns/v0.2.0" in str(error)


def test_v001_rules_still_apply(tmp_path: Path) -> None:
    legacy: dict[str, Any] = {"vulnerability": "CVE-1", "status": "not_affected",
                              "products": ["pkg:pypi/a"]}
    doc = {"@context": "https://openvex.dev/ns/v0.0.1", "statements": [legacy]}
    assert _error(tmp_path, doc).field == "statements[0]"
    legacy |= {"justification": "component_not_present", "last_updated": "x"}
    assert _error(tmp_path, doc).field == "statements[0].last_updated"


def test_other_versions_are_refused_by_name_with_the_way_forward(tmp_path: Path) -> None:
    error = _error(tmp_path, openvex(statement(), context="https://openvex.dev/ns/v0.3.0"))
    text = str(error)
    assert error.field == "@context"
    assert "v0.3.0" in text and "v0.2.0" in text and "https://openvex.dev/ns/v0.2.0" in text


def test_a_context_that_only_resembles_openvex_is_refused(tmp_path: Path) -> None:
    error = _error(tmp_path, openvex(statement(), context="https://openvex.dev/ns/latest"))
    assert error.field == "@context"


def test_times_without_an_offset_are_utc(tmp_path: Path) -> None:
    doc = openvex(statement(timestamp="2024-06-01T12:00:00"))
    assert load(write_json(tmp_path, "doc.json", doc))[0].timestamp == datetime(
        2024, 6, 1, 12, tzinfo=UTC
    )
