"""The real OpenVEX and CycloneDX VEX documents in ../shared/corpora/vex, when present."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from margo_ssdf.vex import (
    VexError,
    VexStatement,
    VexStatus,
    applicable,
    load,
    openvex_document,
    write,
)

from .factory import CYCLONEDX_CORPUS, OPENVEX_CORPUS, validate_openvex

pytestmark = pytest.mark.corpus

NA, AF, FX, UI = (VexStatus.NOT_AFFECTED, VexStatus.AFFECTED, VexStatus.FIXED,
                  VexStatus.UNDER_INVESTIGATION)
CASE_DATE = datetime(2022, 3, 3, tzinfo=UTC)
ABC = "urn:cdx:cbb2cd68-2857-43b8-a10b-e8c03d277d18/1#product-ABC"
JKL = "urn:cdx:e4c3eedc-4978-470c-ad02-6ffff63738ff/1#product-JKL"
DIGEST = "124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126"
ALPINE = f"pkg:oci/alpine@sha256%3A{DIGEST}"
LIBS = ("pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3")


def _cdx(relative: str) -> Path:
    if not CYCLONEDX_CORPUS.is_dir():
        pytest.skip("../shared/corpora/vex/cyclonedx is not present")
    return CYCLONEDX_CORPUS / relative


def _ovx(name: str) -> Path:
    if not OPENVEX_CORPUS.is_dir():
        pytest.skip("../shared/corpora/vex/openvex is not present")
    return OPENVEX_CORPUS / name


def _summary(statements: list[VexStatement]) -> list[tuple[str, VexStatus, tuple[str, ...]]]:
    return [(s.vulnerability, s.status, s.products) for s in statements]


# CycloneDX: the CISA use cases


@pytest.mark.parametrize(
    ("name", "status", "product", "justification"),
    [
        ("vex-affected.json", AF, "product-DEF", None),
        ("vex-fixed.json", FX, "product-DEF", None),
        ("vex-not_affected.json", NA, "product-ABC", "code_not_present"),
        ("vex-under_investigation.json", UI, "product-GHI", None),
    ],
)
def test_case_1_one_status_per_file(
    name: str, status: VexStatus, product: str, justification: str | None
) -> None:
    path = _cdx(f"Case-1/{name}")
    (only,) = load(path)
    assert (only.vulnerability, only.status, only.products) == ("CVE-2021-44228", status,
                                                                (product,))
    assert only.justification == justification
    assert only.timestamp == CASE_DATE
    assert only.source == str(path)


def test_case_1_details() -> None:
    (affected,) = load(_cdx("Case-1/vex-affected.json"))
    assert affected.action_statement == "will_not_fix, update"
    assert affected.impact_statement is not None
    assert affected.impact_statement.startswith("This version of Product DEF is affected")
    (triage,) = load(_cdx("Case-1/vex-under_investigation.json"))
    assert triage.action_statement is None


def test_case_2_many_vulnerabilities_one_status() -> None:
    statements = load(_cdx("Case-2/vex.json"))
    assert [s.vulnerability for s in statements] == [f"CVE-2020-{n}" for n in range(11896, 11915)]
    assert {(s.status, s.justification, s.products) for s in statements} == {
        (NA, "code_not_reachable", ("product-ABC",))}


def test_case_3_many_vulnerabilities_many_statuses() -> None:
    statements = load(_cdx("Case-3/vex.json"))
    by_status: dict[VexStatus, set[str]] = {}
    for s in statements:
        by_status.setdefault(s.status, set()).add(s.vulnerability.removeprefix("CVE-2020-"))
        assert s.products == ("product-GHI",)
    # As the case's README lists them.
    assert by_status == {
        NA: {"11897", "11902", "11899", "11905", "11906", "11913"},
        AF: {"11898", "11907", "11909", "11910", "11911"},
        UI: {"11896", "11900", "11904", "11903", "11908"},
        FX: {"11901", "11912", "11914"},
    }
    assert {s.justification for s in statements if s.status is NA} == {"code_not_present"}


def test_cases_4_and_5_one_product_all_or_several_versions() -> None:
    # The versions and ranges are on a bom-ref without a purl, which names no package.
    assert _summary(load(_cdx("Case-4/vex.json"))) == [("CVE-2021-44228", AF, ("product-ABC",))]
    assert _summary(load(_cdx("Case-5/vex.json"))) == [("CVE-2021-44228", UI, ("product-XYZ",))]


def test_case_6_one_product_two_statuses() -> None:
    statements = load(_cdx("Case-6/vex.json"))
    assert _summary(statements) == [("CVE-2021-44228", AF, ("product-ABC",)),
                                    ("CVE-2021-44228", NA, ("product-ABC",))]
    # Neither statement names a package, so none applies to one.
    assert applicable(statements, {"CVE-2021-44228"}, "pkg:generic/ABC@2.4") is None


def test_case_7_bom_links_into_other_boms() -> None:
    statements = load(_cdx("Case-7/vex.json"))
    assert _summary(statements) == [
        ("CVE-2021-44228", AF, (ABC, JKL)),
        ("CVE-2021-44228", NA, (ABC,)),
        ("CVE-2021-44228", NA, (JKL,)),
        ("CVE-2021-44228", FX, (JKL,)),
    ]
    # The document has no metadata, so no time.
    assert {s.timestamp for s in statements} == {None}


@pytest.mark.parametrize("name", ["Case-7/bom-1.json", "Case-7/bom-2.json",
                                  "Case-8/bom-1.json", "Case-8/bom-2.json"])
def test_the_boms_beside_the_vex_are_refused_as_not_vex(name: str) -> None:
    with pytest.raises(VexError) as caught:
        load(_cdx(name))
    assert caught.value.field == "vulnerabilities"
    assert name.split("/")[1] in str(caught.value)


def test_case_8_two_vulnerabilities_many_products_and_statuses() -> None:
    statements = load(_cdx("Case-8/vex.json"))
    assert _summary(statements) == [
        ("CVE-2021-44228", AF, (ABC, JKL)),
        ("CVE-2021-44228", NA, (ABC,)),
        ("CVE-2021-44228", NA, (JKL,)),
        ("CVE-2021-44228", FX, (JKL,)),
        ("CVE-2021-45105", AF, (ABC, JKL)),
        ("CVE-2021-45105", NA, (ABC, JKL)),  # JKL 5.2 is unaffected by this one
        ("CVE-2021-45105", NA, (JKL,)),
        ("CVE-2021-45105", FX, (JKL,)),
    ]


def test_case_8_can_be_rewritten_as_valid_openvex() -> None:
    statements = load(_cdx("Case-8/vex.json"))
    doc = openvex_document(statements, author="Example Company",
                           doc_id="https://example.com/vex/case-8",
                           timestamp=datetime(2022, 3, 3, tzinfo=UTC))
    validate_openvex(doc)
    assert doc["statements"][1]["justification"] == "vulnerable_code_not_present"


def test_case_9_has_no_document() -> None:
    # CycloneDX declines product lines; the case is a README only.
    folder = _cdx("Case-9")
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]


def test_every_cyclonedx_vex_document_is_read() -> None:
    folder = _cdx("")
    counts = Counter(s.status for p in sorted(folder.glob("Case-*/vex*.json")) for s in load(p))
    assert counts == {NA: 19 + 6 + 1 + 2 + 4 + 1, AF: 1 + 5 + 1 + 1 + 1 + 2,
                      FX: 1 + 3 + 1 + 2, UI: 1 + 5 + 1}


# OpenVEX


def test_openvex_v020_container_image_with_subcomponents() -> None:
    statements = load(_ovx("v0.2.0.json"))
    assert [(s.vulnerability, s.status) for s in statements] == [
        ("CVE-2023-1255", FX), ("CVE-2023-2650", FX), ("CVE-2023-2975", FX),
        ("CVE-2023-3446", NA), ("CVE-2023-3817", NA),
    ]
    for s in statements:
        assert s.products == (ALPINE,)
        assert s.subcomponents == LIBS
        assert s.timestamp == datetime(2023, 7, 17, 18, 28, 47, 696004,
                                       tzinfo=timezone(timedelta(hours=-6)))
    assert {(s.justification, s.impact_statement) for s in statements if s.status is NA} == {
        ("vulnerable_code_not_present", "affected functions were removed before packaging")}

    found = applicable(statements, {"cve-2023-3446"}, "pkg:apk/alpine/libssl3@3.0.8-r3")
    assert found is statements[3]
    assert applicable(statements, {"CVE-2023-3446"}, "pkg:apk/alpine/libssl3@3.0.9-r0") is None
    image = f"pkg:oci/alpine@sha256:{DIGEST}"
    assert applicable(statements, {"CVE-2023-1255"}, image) is statements[0]


@pytest.mark.parametrize(
    ("name", "vuln", "product"),
    [
        ("v020-1.vex.json", "CVE-9876-54321", "pkg:apk/wolfi/bash@1.0.0"),
        ("v020-2.vex.json", "CVE-1234-5678", "pkg:apk/wolfi/git@2.41.0-1"),
    ],
)
def test_openvex_v020_minimal_documents(name: str, vuln: str, product: str) -> None:
    # Neither has a document timestamp or version; the statements carry the time.
    (only,) = load(_ovx(name))
    assert (only.vulnerability, only.status, only.products) == (vuln, UI, (product,))
    assert only.timestamp == datetime(2022, 12, 22, 21, 36, 43, tzinfo=UTC)
    assert applicable([only], {vuln}, product) is only


def test_openvex_v001_is_upgraded() -> None:
    (only,) = load(_ovx("v0.0.1.json"))
    assert only.vulnerability == "CVE-2023-12345"
    assert only.status is FX
    assert only.products == ("pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
                             "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64")
    assert only.subcomponents == ()
    # The statement has no time of its own: the document's.
    assert only.timestamp == datetime(2023, 1, 9, 0, 2, 3, 647787, tzinfo=UTC)
    assert applicable([only], {"CVE-2023-12345"}, "pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64") \
        is only


def test_every_openvex_document_round_trips_through_the_writer(tmp_path: Path) -> None:
    for name in ("v0.0.1.json", "v0.2.0.json", "v020-1.vex.json", "v020-2.vex.json"):
        statements = load(_ovx(name))
        doc = openvex_document(statements, author="margo-ssdf tests",
                               doc_id=f"https://example.org/vex/{name}",
                               timestamp=datetime(2024, 1, 1, tzinfo=UTC))
        validate_openvex(doc)
        out = tmp_path / name
        write(out, doc)
        again = load(out)
        assert [(s.vulnerability, s.status, s.products, s.subcomponents, s.justification,
                 s.timestamp) for s in again] == [
            (s.vulnerability, s.status, s.products, s.subcomponents, s.justification,
             s.timestamp) for s in statements]
