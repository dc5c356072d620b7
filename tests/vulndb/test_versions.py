"""Version orderings: PEP 440 for PyPI, semantic versions (Go flavour) for Go."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from margo_ssdf.errors import MargoError
from margo_ssdf.vulndb.versions import (
    SemVer,
    VersionError,
    canonical_ecosystem,
    parse,
    parse_go,
    parse_pypi,
    parse_query,
    parse_semver,
)


def ascending(parse_one: Callable[[str], Any], texts: list[str]) -> bool:
    parsed = [parse_one(t) for t in texts]
    return all(a < b for a, b in pairwise(parsed))


class TestPypi:
    def test_pep440_order_with_pre_and_post_releases(self) -> None:
        order = ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.10"]
        assert ascending(parse_pypi, order)

    def test_trailing_zeros_are_equal(self) -> None:
        assert parse_pypi("2.10") == parse_pypi("2.10.0")

    def test_invalid_version_raises_a_clear_error(self) -> None:
        with pytest.raises(VersionError) as caught:
            parse_pypi("not-a-version")
        error = caught.value
        assert isinstance(error, MargoError)
        assert "'not-a-version' is not a valid PyPI version" in error.diagnostics()
        assert "PEP 440" in error.diagnostics()

    def test_query_uses_pep440_for_pypi(self) -> None:
        assert parse_query("pypi", "1.0rc1") == parse_pypi("1.0rc1")


class TestSemver:
    def test_precedence_example_of_the_semver_spec(self) -> None:
        order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ]
        assert ascending(parse_semver, order)

    def test_build_metadata_is_ignored(self) -> None:
        assert parse_semver("1.2.3+build.7") == parse_semver("1.2.3")
        assert hash(parse_semver("1.2.3+x")) == hash(parse_semver("1.2.3"))

    def test_str_round_trips(self) -> None:
        assert str(parse_semver("1.2.3-rc.1+meta")) == "1.2.3-rc.1+meta"

    @pytest.mark.parametrize("text", ["", "1.2.3.4", "a.b.c", "1.2-rc1", "1.2.3-", "v"])
    def test_invalid(self, text: str) -> None:
        with pytest.raises(VersionError):
            parse_semver(text)


class TestGo:
    def test_leading_v_is_optional(self) -> None:
        assert parse_go("v1.2.3") == parse_go("1.2.3")

    def test_incompatible_is_stripped_from_the_order(self) -> None:
        assert parse_go("v2.0.0+incompatible") == parse_go("2.0.0")
        assert parse_go("v2.0.0+incompatible") < parse_go("v2.0.1+incompatible")

    def test_pseudo_versions_are_prereleases_ordered_by_time(self) -> None:
        order = [
            "v0.0.0-20210226172049-e18ecbb05110",
            "v0.0.0-20210520170846-37e1c6afe023",
            "v0.0.0-20220906165146-f3363e06e74c",
            "v0.1.0",
        ]
        assert ascending(parse_go, order)
        assert parse_go(order[0]).is_prerelease

    def test_pseudo_version_after_a_release_sorts_between_it_and_the_next(self) -> None:
        # v1.3.1-0.<time>-<hash> is a commit after v1.3.0 and before v1.3.1.
        pseudo = parse_go("v1.3.1-0.20190301021747-ccb9e902956d")
        assert parse_go("v1.3.0") < pseudo < parse_go("v1.3.1")

    def test_go_toolchain_versions(self) -> None:
        assert parse_go("go1.21.3") == SemVer(1, 21, 3)
        assert parse_go("go1.21") == SemVer(1, 21, 0)
        assert parse_go("1.21") == SemVer(1, 21, 0)
        assert parse_go("go1.21rc2") == parse_go("1.21.0-rc.2")
        assert parse_go("1.21rc2") == parse_go("1.21.0-rc.2")
        assert parse_go("go1.20beta1") == parse_go("1.20.0-beta.1")

    def test_go_release_candidates_sort_before_the_release(self) -> None:
        # The Go database opens a minor series with `introduced: 1.21.0-0`.
        order = ["1.20.10", "1.21.0-0", "go1.21rc1", "go1.21rc2", "go1.21.0", "go1.21.3"]
        assert ascending(parse_go, order)

    @pytest.mark.parametrize("text", ["go", "gox1.2", "go1.21.x", "vv1.2.3", "latest", "1.2.3 "])
    def test_invalid(self, text: str) -> None:
        with pytest.raises(VersionError) as caught:
            parse_go(text)
        assert "Go version" in str(caught.value)


class TestDispatch:
    def test_canonical_ecosystem(self) -> None:
        assert canonical_ecosystem("pypi") == "PyPI"
        assert canonical_ecosystem("golang") == "Go"
        assert canonical_ecosystem("npm") == "npm"

    def test_semver_ranges_in_any_ecosystem(self) -> None:
        assert parse("npm", "1.2.3", "SEMVER") == SemVer(1, 2, 3)

    def test_unsupported_ecosystem_orders_are_refused(self) -> None:
        with pytest.raises(VersionError, match="not supported"):
            parse("Maven", "1.0", "ECOSYSTEM")
        with pytest.raises(VersionError, match="not supported"):
            parse_query("npm", "1.0.0")

    def test_git_ranges_have_no_order(self) -> None:
        with pytest.raises(VersionError, match="commits"):
            parse("PyPI", "abc123", "GIT")


semver_text = st.builds(
    lambda nums, pre: ".".join(map(str, nums)) + (f"-{'.'.join(pre)}" if pre else ""),
    st.tuples(*[st.integers(0, 30)] * 3),
    st.lists(
        st.one_of(
            st.from_regex(r"[0-9]{1,3}", fullmatch=True),
            st.sampled_from(["alpha", "beta", "rc", "0", "x-y"]),
        ),
        max_size=3,
    ),
)


@settings(deadline=None)
@given(st.lists(semver_text, min_size=3, max_size=3))
def test_semver_order_is_total_and_transitive(texts: list[str]) -> None:
    a, b, c = (parse_semver(t) for t in texts)
    assert (a < b) + (b < a) + (a == b) == 1
    if a <= b and b <= c:
        assert a <= c


@settings(deadline=None)
@given(semver_text)
def test_release_is_above_its_prereleases(text: str) -> None:
    version = parse_semver(text)
    release = SemVer(version.major, version.minor, version.patch)
    assert version <= release
    assert (version == release) == (not version.prerelease)
