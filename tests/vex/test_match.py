"""Which statement applies to a vulnerability in a package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from margo_ssdf.vex import VexError, VexStatement, VexStatus, applicable

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def make(
    *products: str,
    vuln: str = "CVE-2024-0001",
    aliases: tuple[str, ...] = (),
    status: VexStatus = VexStatus.FIXED,
    timestamp: datetime | None = T0,
    subcomponents: tuple[str, ...] = (),
    note: str = "",
) -> VexStatement:
    return VexStatement(vulnerability=vuln, aliases=aliases, products=products,
                        subcomponents=subcomponents, status=status, timestamp=timestamp,
                        impact_statement=note or None, source="test.json")


def test_ids_match_the_vulnerability_or_an_alias_ignoring_case() -> None:
    s = make("pkg:pypi/requests", vuln="GHSA-j8r2-6x86-q33q", aliases=("CVE-2023-32681",))
    assert applicable([s], {"cve-2023-32681"}, "pkg:pypi/requests@2.30.0") is s
    assert applicable([s], {"ghsa-J8R2-6X86-Q33Q"}, "pkg:pypi/requests@2.30.0") is s
    assert applicable([s], {"PYSEC-2023-74", "CVE-2023-32681"}, "pkg:pypi/requests@2.30.0") is s
    assert applicable([s], {"CVE-2023-32682"}, "pkg:pypi/requests@2.30.0") is None
    assert applicable([s], set(), "pkg:pypi/requests@2.30.0") is None


def test_a_versionless_purl_covers_every_version() -> None:
    s = make("pkg:pypi/requests")
    for version in ("0.1", "2.31.0", "3.0.0rc1"):
        assert applicable([s], {"CVE-2024-0001"}, f"pkg:pypi/requests@{version}") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests") is s


def test_a_versioned_purl_covers_that_version_only() -> None:
    s = make("pkg:pypi/requests@2.31.0")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.1") is None
    # A package of unknown version cannot be shown to be the one the statement names.
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests") is None


def test_pypi_versions_compare_as_pep_440_says() -> None:
    s = make("pkg:pypi/requests@2.31")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.0") is s
    go = make("pkg:golang/golang.org/x/net@v0.17")
    assert applicable([go], {"CVE-2024-0001"}, "pkg:golang/golang.org/x/net@v0.17.0") is None


@pytest.mark.parametrize(
    "written",
    ["pkg:pypi/Zope.Interface", "pkg:pypi/zope-interface", "pkg:pypi/ZOPE__interface",
     "pkg:pypi/zope-._interface"],
)
def test_pypi_names_are_pep_503_normalised(written: str) -> None:
    s = make(written)
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/zope.interface@6.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/zope_interface@6.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/zopeinterface@6.0") is None


def test_other_ecosystems_keep_their_names() -> None:
    s = make("pkg:golang/github.com/Foo/bar@v1.0.0")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:golang/github.com/Foo/bar@v1.0.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:golang/github.com/foo/bar@v1.0.0") is None


def test_qualifiers_and_subpath_are_ignored() -> None:
    s = make("pkg:apk/wolfi/git@2.39.0-r1?arch=armv7")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:apk/wolfi/git@2.39.0-r1") is s
    t = make("pkg:pypi/demo@1.0")
    assert applicable([t], {"CVE-2024-0001"}, "pkg:pypi/demo@1.0?extension=whl#src") is t


def test_type_and_namespace_must_be_equal() -> None:
    s = make("pkg:npm/%40scope/left-pad@1.0.0")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:npm/%40scope/left-pad@1.0.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:npm/left-pad@1.0.0") is None
    assert applicable([s], {"CVE-2024-0001"}, "pkg:npm/%40other/left-pad@1.0.0") is None
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/left-pad@1.0.0") is None


def test_a_statement_without_products_covers_nothing() -> None:
    assert applicable([make()], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.0") is None


def test_ids_that_are_not_package_urls_match_nothing() -> None:
    s = make("product-ABC", "https://example.org/product", "requests")
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.0") is None


def test_a_subcomponent_is_covered() -> None:
    s = make("pkg:oci/app@sha256%3Aabcd", subcomponents=("pkg:pypi/requests@2.31.0",))
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.31.0") is s
    assert applicable([s], {"CVE-2024-0001"}, "pkg:pypi/requests@2.32.0") is None


def test_the_latest_timestamp_wins() -> None:
    old = make("pkg:pypi/demo", status=VexStatus.UNDER_INVESTIGATION, timestamp=T0)
    new = make("pkg:pypi/demo@1.0", status=VexStatus.NOT_AFFECTED, note="gone",
               timestamp=T0 + timedelta(days=1))
    assert applicable([old, new], {"CVE-2024-0001"}, "pkg:pypi/demo@1.0") is new
    assert applicable([new, old], {"CVE-2024-0001"}, "pkg:pypi/demo@1.0") is new
    # Where only the old one applies, it is the answer.
    assert applicable([new, old], {"CVE-2024-0001"}, "pkg:pypi/demo@2.0") is old


def test_times_in_other_offsets_are_compared_as_instants() -> None:
    utc = make("pkg:pypi/demo", timestamp=datetime(2024, 1, 1, 12, tzinfo=UTC), note="a")
    five_east = timezone(timedelta(hours=5))
    east = make("pkg:pypi/demo", note="b", timestamp=datetime(2024, 1, 1, 18, 30, tzinfo=five_east))
    assert applicable([east, utc], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is east


def test_a_tie_goes_to_the_later_statement() -> None:
    first = make("pkg:pypi/demo", note="first")
    second = make("pkg:pypi/demo", note="second")
    assert applicable([first, second], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is second
    assert applicable([second, first], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is first


def test_a_statement_without_a_time_loses_to_one_with_a_time() -> None:
    timeless = make("pkg:pypi/demo", timestamp=None, note="timeless")
    dated = make("pkg:pypi/demo", timestamp=T0, note="dated")
    assert applicable([dated, timeless], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is dated
    other = make("pkg:pypi/demo", timestamp=None, note="later")
    assert applicable([timeless, other], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is other


def test_statements_can_be_any_iterable() -> None:
    s = make("pkg:pypi/demo")
    assert applicable(iter([s]), {"CVE-2024-0001"}, "pkg:pypi/demo@1") is s


@pytest.mark.parametrize("purl", ["requests==2.31.0", "pkg:pypi", "pkg:/requests"])
def test_the_package_must_be_a_package_url(purl: str) -> None:
    with pytest.raises(VexError) as caught:
        applicable([make("pkg:pypi/requests")], {"CVE-2024-0001"}, purl)
    assert caught.value.field == "purl"
    assert purl in str(caught.value)


def test_a_naive_time_built_by_hand_counts_as_utc() -> None:
    naive = make("pkg:pypi/demo", timestamp=datetime(2024, 1, 2), note="naive")
    aware = make("pkg:pypi/demo", timestamp=T0, note="aware")
    assert applicable([naive, aware], {"CVE-2024-0001"}, "pkg:pypi/demo@1") is naive
