"""Reading CycloneDX VEX: states, justifications, references, products and their versions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.vex import VexError, VexStatus, load

from .factory import DATA, cyclonedx, vulnerability, write_json


def _error(tmp_path: Path, doc: Any, name: str = "bom.cdx.vex.json") -> VexError:
    path = write_json(tmp_path, name, doc)
    with pytest.raises(VexError) as caught:
        load(path)
    assert name in str(caught.value)
    return caught.value


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("not_affected", VexStatus.NOT_AFFECTED),
        ("false_positive", VexStatus.NOT_AFFECTED),
        ("exploitable", VexStatus.AFFECTED),
        ("resolved", VexStatus.FIXED),
        ("resolved_with_pedigree", VexStatus.FIXED),
        ("in_triage", VexStatus.UNDER_INVESTIGATION),
    ],
)
def test_each_analysis_state_maps_to_a_status(
    tmp_path: Path, state: str, status: VexStatus
) -> None:
    path = write_json(tmp_path, "bom.json", cyclonedx(vulnerability(state=state)))
    assert [s.status for s in load(path)] == [status]


@pytest.mark.parametrize("spec", ["1.4", "1.5", "1.6"])
def test_spec_versions_14_to_16_are_read(tmp_path: Path, spec: str) -> None:
    path = write_json(tmp_path, "bom.json", cyclonedx(vulnerability(), spec=spec))
    assert len(load(path)) == 1


def test_reads_a_bom_with_components() -> None:
    source = str(DATA / "cyclonedx_components.json")
    jinja, markupsafe, triage, pedigree = load(source)

    assert jinja.vulnerability == "CVE-2024-22195"
    # A reference is an alias unless it only repeats the id.
    assert jinja.aliases == ("GHSA-h5c8-rqwp-cp95",)
    # The bom-ref resolves to the component's purl.
    assert jinja.products == ("pkg:pypi/jinja2@3.1.2",)
    assert jinja.subcomponents == ()
    assert jinja.status is VexStatus.NOT_AFFECTED
    assert jinja.justification == "code_not_reachable"  # kept as CycloneDX wrote it
    assert jinja.impact_statement == "demo-app never calls xmlattr."
    assert jinja.action_statement == "will_not_fix"
    assert jinja.timestamp == datetime(2024, 5, 3, tzinfo=UTC)  # lastUpdated first
    assert jinja.source == source

    # A BOM-link into this BOM resolves to a nested component; exact versions narrow it.
    assert markupsafe.products == ("pkg:pypi/markupsafe@2.1.1", "pkg:pypi/markupsafe@2.1.2")
    assert markupsafe.status is VexStatus.AFFECTED
    assert markupsafe.action_statement == "update, workaround_available"
    assert markupsafe.timestamp == datetime(2024, 5, 1, tzinfo=UTC)  # metadata.timestamp

    # A purl is taken as it is; refs that resolve to no purl are kept as written.
    assert triage.products == (
        "pkg:pypi/requests@2.31.0",
        "blob-ref",
        "urn:cdx:00000000-1111-2222-3333-444444444444/1#elsewhere",
        "not-in-this-bom",
    )
    assert triage.status is VexStatus.UNDER_INVESTIGATION
    assert triage.action_statement == "Pin requests below 3 until the analysis is done."
    assert triage.timestamp == datetime(2024, 5, 4, tzinfo=UTC)  # firstIssued next

    assert pedigree.status is VexStatus.FIXED
    assert pedigree.products == ("pkg:pypi/demo-app@1.4.0",)  # metadata.component
    assert pedigree.impact_statement == "Patched in our fork."


def test_a_bom_link_to_another_version_of_this_bom_is_not_resolved(tmp_path: Path) -> None:
    serial = "3e671687-395b-41f5-a30f-a58921a69b79"
    link = f"urn:cdx:{serial}/2#lib"
    bom = cyclonedx(vulnerability(affects=[{"ref": link}]), serialNumber=f"urn:uuid:{serial}",
                    components=[{"type": "library", "name": "lib", "bom-ref": "lib",
                                 "purl": "pkg:pypi/lib@1.0"}])
    assert load(write_json(tmp_path, "bom.json", bom))[0].products == (link,)


def test_a_version_range_on_a_package_is_refused_not_widened(tmp_path: Path) -> None:
    affects = [{"ref": "pkg:pypi/demo", "versions": [
        {"version": "1.0", "status": "unaffected"},
        {"range": "vers:pypi/>=1.1|<2", "status": "unaffected"},
    ]}]
    error = _error(tmp_path, cyclonedx(vulnerability(affects=affects)))
    assert error.field == "vulnerabilities[0].affects[0].versions[1].range"
    assert "exact versions" in str(error)


def test_a_version_range_on_a_product_that_is_no_package_is_kept(tmp_path: Path) -> None:
    affects = [{"ref": "product-ABC", "versions": [{"range": "vers:generic/>=1.0|<=2.3"}]}]
    doc = cyclonedx(vulnerability(affects=affects))
    assert load(write_json(tmp_path, "bom.json", doc))[0].products == ("product-ABC",)


@pytest.mark.parametrize(
    ("state", "own"), [("not_affected", "affected"), ("exploitable", "unaffected")]
)
def test_a_version_status_contradicting_the_state_is_refused(
    tmp_path: Path, state: str, own: str
) -> None:
    affects = [{"ref": "pkg:pypi/demo", "versions": [{"version": "1.0", "status": own}]}]
    error = _error(tmp_path, cyclonedx(vulnerability(state=state, affects=affects)))
    assert error.field == "vulnerabilities[0].affects[0].versions[0].status"
    assert state in str(error) and own in str(error)


@pytest.mark.parametrize(
    ("vuln", "field"),
    [
        ({"id": None}, "vulnerabilities[0].id"),
        ({"analysis": None}, "vulnerabilities[0].analysis"),
        ({"analysis": {"justification": "code_not_present"}}, "vulnerabilities[0].analysis.state"),
        ({"analysis": {"state": "affected"}}, "vulnerabilities[0].analysis.state"),
        ({"analysis": {"state": "not_affected", "justification": "not_present"}},
         "vulnerabilities[0].analysis.justification"),
        ({"analysis": {"state": "exploitable", "response": ["patch"]}},
         "vulnerabilities[0].analysis.response[0]"),
        ({"analysis": {"state": "exploitable", "reponse": ["update"]}},
         "vulnerabilities[0].analysis.reponse"),
        ({"analysis": {"state": "in_triage", "lastUpdated": "soon"}},
         "vulnerabilities[0].analysis.lastUpdated"),
        ({"references": [{"source": {"name": "x"}}]}, "vulnerabilities[0].references[0].id"),
        ({"affects": [{"versions": []}]}, "vulnerabilities[0].affects[0].ref"),
        ({"affects": [{"ref": "pkg:pypi"}]}, "vulnerabilities[0].affects[0].ref"),
        ({"affects": [{"ref": "pkg:pypi/a", "versions": [{"status": "affected"}]}]},
         "vulnerabilities[0].affects[0].versions[0]"),
        ({"affects": [{"ref": "pkg:pypi/a", "versions": [{"version": "1", "range": "vers:"}]}]},
         "vulnerabilities[0].affects[0].versions[0]"),
    ],
)
def test_bad_vulnerabilities_are_errors_naming_file_and_field(
    tmp_path: Path, vuln: dict[str, Any], field: str
) -> None:
    entry = vulnerability() | vuln
    error = _error(tmp_path, cyclonedx(entry))
    assert error.field == field
    assert f"'{field}'" in str(error)
    assert error.fix


def test_a_bom_without_vulnerabilities_is_not_a_vex_document(tmp_path: Path) -> None:
    bom = cyclonedx()
    del bom["vulnerabilities"]
    error = _error(tmp_path, bom)
    assert error.field == "vulnerabilities"
    assert "not a VEX document" in str(error)


def test_an_empty_vulnerabilities_list_says_nothing(tmp_path: Path) -> None:
    assert load(write_json(tmp_path, "bom.json", cyclonedx())) == []


@pytest.mark.parametrize("spec", ["1.3", "2.0", 1.5, None])
def test_other_spec_versions_are_refused(tmp_path: Path, spec: Any) -> None:
    error = _error(tmp_path, cyclonedx(vulnerability(), spec=spec))
    assert error.field == "specVersion"
    assert "1.4, 1.5, 1.6" in str(error)


def test_a_malformed_component_purl_is_refused(tmp_path: Path) -> None:
    bom = cyclonedx(vulnerability(affects=[{"ref": "a"}]),
                    components=[{"type": "library", "name": "a", "bom-ref": "a",
                                 "purl": "pkg:/a@1"}])
    assert _error(tmp_path, bom).field == "components[0].purl"


def test_a_bom_ref_that_is_a_purl_is_narrowed_by_versions_too(tmp_path: Path) -> None:
    # The component carries no purl field; its bom-ref is one, and must not cover every version.
    bom = cyclonedx(
        vulnerability(affects=[{"ref": "pkg:pypi/demo", "versions": [{"version": "1.0"}]}]),
        components=[{"type": "library", "name": "demo", "bom-ref": "pkg:pypi/demo"}],
    )
    assert load(write_json(tmp_path, "bom.json", bom))[0].products == ("pkg:pypi/demo@1.0",)
