"""The OSV evaluation rules, one test (or a few) per rule and corner case."""

from __future__ import annotations

import pytest

from margo_ssdf.vulndb.match import (
    AdvisoryMatcher,
    affects,
    fixed_versions,
    go_toolchain_packages,
    match_advisory,
    merge_aliases,
    normalise_name,
)
from margo_ssdf.vulndb.osv import Advisory
from margo_ssdf.vulndb.versions import VersionError

from .factory import advisory, entry, rng


def verdicts(adv: Advisory, name: str, versions: list[str], ecosystem: str = "PyPI") -> list[bool]:
    return [affects(adv, ecosystem, name, v) for v in versions]


class TestRanges:
    def test_introduced_zero_and_fixed(self) -> None:
        adv = advisory("X-1", entry("requests", rng(("introduced", "0"), ("fixed", "2.20.0"))))
        assert verdicts(adv, "requests", ["0.0.1", "2.19.1", "2.20.0", "2.31.0"]) == [
            True,
            True,
            False,
            False,
        ]

    def test_introduced_is_inclusive(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "1.2"), ("fixed", "1.5"))))
        assert verdicts(adv, "a", ["1.1.9", "1.2", "1.2.0", "1.4.99", "1.5"]) == [
            False,
            True,
            True,
            True,
            False,
        ]

    def test_no_fixed_version_means_every_later_version(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "2.0"))))
        assert verdicts(adv, "a", ["1.9", "2.0", "99.0"]) == [False, True, True]
        assert fixed_versions(adv, "PyPI", "a") == []

    def test_introduced_zero_is_before_everything(self) -> None:
        # PEP 440 puts 0.dev0 and 0a1 below "0"; the OSV "0" is the beginning of time.
        adv = advisory("X-1", entry("a", rng(("introduced", "0"), ("fixed", "1.0"))))
        assert verdicts(adv, "a", ["0.dev0", "0a1", "0"]) == [True, True, True]

    def test_last_affected_is_inclusive(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0"), ("last_affected", "2.1.214"))))
        assert verdicts(adv, "a", ["2.1.213", "2.1.214", "2.1.214.post1", "2.1.215"]) == [
            True,
            True,
            False,
            False,
        ]

    def test_limit_bounds_the_range(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "1.0"), ("limit", "1.4"))))
        assert verdicts(adv, "a", ["0.9", "1.0", "1.3.9", "1.4", "2.0"]) == [
            False,
            True,
            True,
            False,
            False,
        ]

    def test_several_limits_any_one_suffices(self) -> None:
        adv = advisory(
            "X-1",
            entry("a", rng(("introduced", "1.0"), ("limit", "1.4"), ("limit", "3.0"))),
        )
        assert verdicts(adv, "a", ["1.5", "2.9", "3.0"]) == [True, True, False]

    def test_star_limit_is_infinity(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "1.0"), ("limit", "*"))))
        assert verdicts(adv, "a", ["0.1", "1000.0"]) == [False, True]

    def test_several_intervals_in_one_range(self) -> None:
        adv = advisory(
            "X-1",
            entry(
                "a",
                rng(
                    ("introduced", "1.0"),
                    ("fixed", "1.0.2"),
                    ("introduced", "3.0"),
                    ("fixed", "3.2.5"),
                ),
            ),
        )
        assert verdicts(adv, "a", ["0.9", "1.0.1", "1.0.2", "2.5", "3.1", "3.2.5"]) == [
            False,
            True,
            False,
            False,
            True,
            False,
        ]

    def test_events_are_sorted_before_evaluation(self) -> None:
        adv = advisory(
            "X-1",
            entry(
                "a",
                rng(
                    ("fixed", "3.2.5"),
                    ("introduced", "3.0"),
                    ("fixed", "1.0.2"),
                    ("introduced", "1.0"),
                ),
            ),
        )
        assert verdicts(adv, "a", ["1.0.1", "2.5", "3.1"]) == [True, False, True]

    def test_introduced_and_fixed_at_the_same_version_is_empty(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "1.0"), ("fixed", "1.0"))))
        assert verdicts(adv, "a", ["0.9", "1.0", "1.1"]) == [False, False, False]

    def test_several_ranges(self) -> None:
        adv = advisory(
            "X-1",
            entry(
                "a",
                rng(("introduced", "1.0"), ("fixed", "1.1")),
                rng(("introduced", "2.0"), ("fixed", "2.1")),
            ),
        )
        assert verdicts(adv, "a", ["1.0.5", "1.5", "2.0.5", "2.1"]) == [True, False, True, False]

    def test_several_affected_entries(self) -> None:
        adv = advisory(
            "X-1",
            entry("a", rng(("introduced", "0"), ("fixed", "1.0"))),
            entry("b", rng(("introduced", "5.0"))),
            entry("a", rng(("introduced", "3.0"), ("fixed", "3.1"))),
        )
        assert verdicts(adv, "a", ["0.5", "2.0", "3.0.1"]) == [True, False, True]
        assert verdicts(adv, "b", ["0.5", "5.0"]) == [False, True]
        assert verdicts(adv, "c", ["0.5"]) == [False]

    def test_other_ecosystem_same_name_does_not_match(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0")), ecosystem="npm"))
        assert not affects(adv, "PyPI", "a", "1.0")


class TestPrereleases:
    def test_release_candidate_before_the_fix_is_affected(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0"), ("fixed", "1.0"))))
        assert verdicts(adv, "a", ["1.0rc1", "1.0a1", "1.0.dev3", "1.0", "1.0.post1"]) == [
            True,
            True,
            True,
            False,
            False,
        ]

    def test_release_candidate_before_introduction_is_not(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "1.0"), ("fixed", "1.1"))))
        assert verdicts(adv, "a", ["1.0rc1", "1.0", "1.1rc1", "1.1"]) == [False, True, True, False]

    def test_prerelease_fix(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0"), ("fixed", "2.0b2"))))
        assert verdicts(adv, "a", ["2.0b1", "2.0b2", "2.0"]) == [True, False, False]


class TestVersionsList:
    def test_listed_versions_only(self) -> None:
        adv = advisory("X-1", entry("a", versions=["1.0", "1.2"]))
        assert verdicts(adv, "a", ["1.0", "1.1", "1.2"]) == [True, False, True]

    def test_listed_version_outside_the_ranges_still_counts(self) -> None:
        adv = advisory(
            "X-1", entry("a", rng(("introduced", "0"), ("fixed", "1.0")), versions=["5.0"])
        )
        assert verdicts(adv, "a", ["0.5", "3.0", "5.0"]) == [True, False, True]

    def test_equal_versions_match_a_listed_spelling(self) -> None:
        adv = advisory("X-1", entry("a", versions=["2.10.0", "0.12.01"]))
        assert verdicts(adv, "a", ["2.10", "0.12.1", "2.1"]) == [True, True, False]

    def test_invalid_pep440_strings_in_the_list_still_match_verbatim(self) -> None:
        adv = advisory("X-1", entry("a", versions=["0.7.1.fix1"]))
        assert affects(adv, "PyPI", "a", "0.7.1") is False
        with pytest.raises(VersionError):
            affects(adv, "PyPI", "a", "0.7.1.fix1")  # the installed version must be valid

    def test_git_ranges_are_ignored_but_versions_count(self) -> None:
        git = rng(
            ("introduced", "0"), ("fixed", "a" * 40), kind="GIT", repo="https://example.org/a.git"
        )
        only_git = advisory("X-1", entry("a", git))
        with_list = advisory("X-2", entry("a", git, versions=["1.0"]))
        assert verdicts(only_git, "a", ["0.1", "1.0"]) == [False, False]
        assert verdicts(with_list, "a", ["0.1", "1.0"]) == [False, True]


class TestWithdrawn:
    def test_withdrawn_never_matches(self) -> None:
        adv = advisory(
            "X-1",
            entry("a", rng(("introduced", "0")), versions=["1.0"]),
            withdrawn="2024-02-01T00:00:00Z",
        )
        assert verdicts(adv, "a", ["1.0", "2.0"]) == [False, False]

    def test_withdrawn_still_checks_the_installed_version(self) -> None:
        adv = advisory(
            "X-1", entry("a", rng(("introduced", "0"))), withdrawn="2024-02-01T00:00:00Z"
        )
        with pytest.raises(VersionError):
            affects(adv, "PyPI", "a", "not valid")


class TestNames:
    @pytest.mark.parametrize(
        ("spelling", "is_pyyaml"),
        [
            ("PyYAML", True),
            ("pyyaml", True),
            ("PYYAML", True),
            ("py_yaml", False),
            ("Py.Yaml", False),
        ],
    )
    def test_pep503_normalisation(self, spelling: str, is_pyyaml: bool) -> None:
        pyyaml = advisory("X-1", entry("PyYAML", rng(("introduced", "0"), ("fixed", "5.4"))))
        py_yaml = advisory("X-2", entry("py-yaml", rng(("introduced", "0"))))
        assert affects(pyyaml, "PyPI", spelling, "5.3") is is_pyyaml
        assert affects(py_yaml, "PyPI", spelling, "5.3") is not is_pyyaml

    def test_jinja2_any_case(self) -> None:
        adv = advisory("X-1", entry("jinja2", rng(("introduced", "0"), ("fixed", "2.10.1"))))
        assert affects(adv, "PyPI", "Jinja2", "2.10")
        assert affects(adv, "pypi", "JINJA2", "2.10")

    def test_normalise_name(self) -> None:
        assert normalise_name("PyPI", "Foo__Bar.-baz") == "foo-bar-baz"
        assert normalise_name("Go", "github.com/BurntSushi/toml") == "github.com/BurntSushi/toml"

    def test_go_module_paths_are_case_sensitive(self) -> None:
        adv = advisory(
            "GO-1",
            entry(
                "github.com/BurntSushi/toml",
                rng(("introduced", "0"), kind="SEMVER"),
                ecosystem="Go",
            ),
        )
        assert affects(adv, "Go", "github.com/BurntSushi/toml", "v1.0.0")
        assert not affects(adv, "Go", "github.com/burntsushi/toml", "v1.0.0")


def go_advisory(name: str, *events: tuple[str, str], advisory_id: str = "GO-1") -> Advisory:
    return advisory(advisory_id, entry(name, rng(*events, kind="SEMVER"), ecosystem="Go"))


class TestGo:
    def test_pseudo_version_before_the_fixing_pseudo_version(self) -> None:
        adv = go_advisory(
            "golang.org/x/net", ("introduced", "0"), ("fixed", "0.0.0-20210520170846-37e1c6afe023")
        )
        assert verdicts(
            adv,
            "golang.org/x/net",
            [
                "v0.0.0-20210226172049-e18ecbb05110",
                "v0.0.0-20210520170846-37e1c6afe023",
                "v0.0.0-20211209124913-491a49abca63",
                "v0.1.0",
            ],
            ecosystem="Go",
        ) == [True, False, False, False]

    def test_pseudo_version_against_release_bounds(self) -> None:
        adv = go_advisory("example.com/m", ("introduced", "1.3.0"), ("fixed", "1.4.0"))
        assert verdicts(
            adv,
            "example.com/m",
            [
                "v1.2.9",
                "v1.3.1-0.20190301021747-ccb9e902956d",
                "v1.4.0-0.20200101000000-abcdefabcdef",
                "v1.4.0",
            ],
            ecosystem="Go",
        ) == [False, True, True, False]

    def test_incompatible_and_leading_v(self) -> None:
        adv = go_advisory(
            "github.com/docker/docker", ("introduced", "0"), ("fixed", "20.10.11+incompatible")
        )
        assert verdicts(
            adv,
            "github.com/docker/docker",
            [
                "v20.10.10+incompatible",
                "20.10.10",
                "v20.10.11+incompatible",
                "v24.0.0+incompatible",
            ],
            ecosystem="Go",
        ) == [True, True, False, False]

    def test_stdlib_from_go_release_names(self) -> None:
        adv = go_advisory(
            "stdlib",
            ("introduced", "0"),
            ("fixed", "1.20.10"),
            ("introduced", "1.21.0-0"),
            ("fixed", "1.21.3"),
        )
        versions = [
            "go1.20.9",
            "go1.20.10",
            "go1.21rc2",
            "go1.21",
            "1.21.2",
            "go1.21.3",
            "go1.22.0",
        ]
        assert verdicts(adv, "stdlib", versions, ecosystem="Go") == [
            True,
            False,
            True,
            True,
            True,
            False,
            False,
        ]
        assert fixed_versions(adv, "Go", "stdlib", "go1.20.5") == ["1.20.10", "1.21.3"]
        assert fixed_versions(adv, "Go", "stdlib", "go1.21.1") == ["1.21.3"]

    def test_toolchain_package(self) -> None:
        adv = go_advisory(
            "toolchain", ("introduced", "1.22.0-0"), ("fixed", "1.22.5"), advisory_id="GO-2"
        )
        assert affects(adv, "Go", "toolchain", "go1.22.1")
        assert not affects(adv, "Go", "stdlib", "go1.22.1")

    def test_go_and_toolchain_directives(self) -> None:
        assert go_toolchain_packages("1.21") == [("stdlib", "1.21"), ("toolchain", "1.21")]
        assert go_toolchain_packages("1.21", "go1.21.3") == [
            ("stdlib", "go1.21.3"),
            ("toolchain", "go1.21.3"),
        ]
        assert go_toolchain_packages("1.22", "default") == [
            ("stdlib", "1.22"),
            ("toolchain", "1.22"),
        ]
        assert go_toolchain_packages(None) == []
        with pytest.raises(VersionError):
            go_toolchain_packages("one.twenty")

    def test_invalid_go_version_raises(self) -> None:
        adv = go_advisory("example.com/m", ("introduced", "0"))
        with pytest.raises(VersionError, match="'master' is not a valid Go version"):
            affects(adv, "Go", "example.com/m", "master")


class TestBadAdvisoryData:
    def test_unparsable_fixed_widens_the_range_and_says_so(self) -> None:
        adv = advisory("X-1", entry("binderhub", rng(("introduced", "0"), ("fixed", "0.2.0-n653"))))
        verdict = match_advisory(adv, "PyPI", "binderhub", "1.0")
        assert verdict.affected
        assert verdict.caveats == ("fixed '0.2.0-n653' is not a valid PyPI version; ignored",)

    def test_unparsable_introduced_is_read_as_the_beginning(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "someday"), ("fixed", "2.0"))))
        verdict = match_advisory(adv, "PyPI", "a", "0.1")
        assert verdict.affected
        assert "read as the beginning" in verdict.caveats[0]

    def test_semver_range_that_cannot_order_the_version(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0"), kind="SEMVER")))
        verdict = match_advisory(adv, "PyPI", "a", "1.0rc1")
        assert not verdict.affected
        assert "SEMVER range was not evaluated" in verdict.caveats[0]

    def test_invalid_installed_pypi_version_raises(self) -> None:
        adv = advisory("X-1", entry("a", rng(("introduced", "0"))))
        with pytest.raises(VersionError, match="PEP 440"):
            affects(adv, "PyPI", "a", "latest")

    def test_matcher_is_reusable(self) -> None:
        matcher = AdvisoryMatcher(
            advisory("X-1", entry("a", rng(("introduced", "0"), ("fixed", "2"))))
        )
        assert [matcher.match("PyPI", "a", v).affected for v in ("1", "2", "1.5")] == [
            True,
            False,
            True,
        ]


class TestFixedVersions:
    def test_sorted_by_version_and_deduplicated(self) -> None:
        adv = advisory(
            "X-1",
            entry(
                "a",
                rng(
                    ("introduced", "2.0"),
                    ("fixed", "2.10.1"),
                    ("introduced", "0"),
                    ("fixed", "1.9"),
                ),
                rng(("introduced", "2.0"), ("fixed", "2.10.1")),
            ),
        )
        assert fixed_versions(adv, "PyPI", "a") == ["1.9", "2.10.1"]

    def test_only_fixes_above_the_installed_version(self) -> None:
        adv = advisory(
            "X-1",
            entry(
                "a",
                rng(
                    ("introduced", "0"),
                    ("fixed", "1.9"),
                    ("introduced", "2.0"),
                    ("fixed", "2.10.1"),
                ),
            ),
        )
        assert fixed_versions(adv, "PyPI", "a", "2.2") == ["2.10.1"]
        assert fixed_versions(adv, "PyPI", "a", "1.0") == ["1.9", "2.10.1"]

    def test_unparsable_fixes_come_last(self) -> None:
        adv = advisory(
            "X-1", entry("a", rng(("introduced", "0"), ("fixed", "2019-09-12"), ("fixed", "1.0")))
        )
        assert fixed_versions(adv, "PyPI", "a") == ["1.0", "2019-09-12"]

    def test_other_packages_fixes_are_not_mixed_in(self) -> None:
        adv = advisory(
            "X-1",
            entry("a", rng(("introduced", "0"), ("fixed", "1.0"))),
            entry("b", rng(("introduced", "0"), ("fixed", "9.0"))),
        )
        assert fixed_versions(adv, "PyPI", "A") == ["1.0"]


class TestAliases:
    def test_one_vulnerability_from_several_databases_is_reported_once(self) -> None:
        pysec = advisory("PYSEC-2018-28", aliases=["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"])
        ghsa = advisory(
            "GHSA-x84v-xcm2-53pg", aliases=["CVE-2018-18074"], published="2018-10-09T00:00:00Z"
        )
        cve = advisory("CVE-2018-18074", published="2018-10-08T00:00:00Z")
        other = advisory("PYSEC-2023-74", aliases=["CVE-2023-32681"])
        merged = merge_aliases([ghsa, cve, other, pysec])
        assert [v.id for v in merged] == ["PYSEC-2018-28", "PYSEC-2023-74"]
        first = merged[0]
        assert first.aliases == ("CVE-2018-18074", "GHSA-x84v-xcm2-53pg")
        assert [a.id for a in first.advisories] == [
            "PYSEC-2018-28",
            "GHSA-x84v-xcm2-53pg",
            "CVE-2018-18074",
        ]
        assert first.published == "2018-10-08T00:00:00Z"

    def test_transitive_through_a_shared_alias(self) -> None:
        go = advisory("GO-2021-0238", aliases=["CVE-2021-33194"])
        ghsa = advisory("GHSA-83g2-8m93-v3w7", aliases=["CVE-2021-33194"])
        (merged,) = merge_aliases([ghsa, go])
        assert merged.id == "GO-2021-0238"
        assert merged.aliases == ("CVE-2021-33194", "GHSA-83g2-8m93-v3w7")

    def test_related_ids_are_not_merged(self) -> None:
        a = advisory("PYSEC-1", related=["PYSEC-2"])
        b = advisory("PYSEC-2")
        assert len(merge_aliases([a, b])) == 2

    def test_same_id_twice_keeps_the_newest(self) -> None:
        old = advisory("PYSEC-1", modified="2020-01-01T00:00:00Z", summary="old")
        new = advisory("PYSEC-1", modified="2020-01-01T00:00:00.5Z", summary="new")
        (merged,) = merge_aliases([new, old])
        assert merged.advisories[0].summary == "new"
        assert merged.aliases == ()
