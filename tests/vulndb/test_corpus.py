"""The real PyPA and Go advisory databases (../shared/corpora/osv), when they are present."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from margo_ssdf.vulndb.match import affects, fixed_versions, merge_aliases
from margo_ssdf.vulndb.store import ImportReport, OsvStore

from .factory import CORPORA

PYPI = CORPORA / "osv" / "PyPI"
GO = CORPORA / "osv" / "Go"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (PYPI.is_dir() and GO.is_dir()), reason="../shared/corpora/osv is not present"
    ),
]

NET = "golang.org/x/net"
NET_PSEUDO = "v0.0.0-20210226172049-e18ecbb05110"


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[OsvStore, dict[str, ImportReport], float]]:
    store = OsvStore(tmp_path_factory.mktemp("corpus") / "osv.sqlite3")
    started = time.perf_counter()
    reports = {"PyPI": store.import_source(PYPI), "Go": store.import_source(GO)}
    seconds = time.perf_counter() - started
    yield store, reports, seconds
    store.close()


@pytest.fixture(scope="module")
def store(imported: tuple[OsvStore, dict[str, ImportReport], float]) -> OsvStore:
    return imported[0]


def test_both_corpora_import_completely(
    imported: tuple[OsvStore, dict[str, ImportReport], float],
) -> None:
    store, reports, _ = imported  # the import's speed: benchmarks/bench_osv.py
    assert (reports["PyPI"].added, reports["PyPI"].rejected) == (2661, 0)
    assert (reports["Go"].added, reports["Go"].rejected) == (4291, 0)
    status = store.status()
    by_eco = {e.ecosystem: e for e in status.ecosystems}
    assert (by_eco["PyPI"].advisories, by_eco["PyPI"].withdrawn) == (2661, 10)
    assert by_eco["Go"].advisories == 4291
    assert status.advisories == 2661 + 4291
    assert [i.kind for i in status.imports] == ["directory", "directory"]


def test_reimport_changes_nothing(store: OsvStore) -> None:
    report = store.import_source(PYPI)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2661)


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [
        ("requests", "2.19.0", {"PYSEC-2018-28": ["2.20.0"], "PYSEC-2023-74": ["2.31.0"]}),
        ("Jinja2", "2.10", {"PYSEC-2019-217": ["2.10.1"], "PYSEC-2021-66": ["2.11.3"]}),
        ("PyYAML", "5.3", {"PYSEC-2020-96": ["5.3.1"], "PYSEC-2021-142": ["5.4"]}),
    ],
)
def test_known_python_advisories(
    store: OsvStore, name: str, version: str, expected: dict[str, list[str]]
) -> None:
    found = store.query("PyPI", name, version)
    assert {a.id: fixed_versions(a, "PyPI", name, version) for a in found} == expected


def test_aliases_are_merged(store: OsvStore) -> None:
    (first, second) = merge_aliases(store.query("PyPI", "requests", "2.19.0"))
    assert first.id == "PYSEC-2018-28"
    assert "CVE-2018-18074" in first.aliases
    assert second.id == "PYSEC-2023-74"
    assert "CVE-2023-32681" in second.aliases


def test_known_go_advisories_for_a_pseudo_version(store: OsvStore) -> None:
    found = {a.id: a for a in store.query("Go", NET, NET_PSEUDO)}
    assert {"GO-2021-0238", "GO-2022-0236", "GO-2022-0288"} <= set(found)
    assert fixed_versions(found["GO-2021-0238"], "Go", NET, NET_PSEUDO) == [
        "0.0.0-20210520170846-37e1c6afe023"
    ]
    # The fix itself is not affected.
    fixed = store.query("Go", NET, "v0.0.0-20210520170846-37e1c6afe023")
    assert "GO-2021-0238" not in {a.id for a in fixed}


def test_go_stdlib(store: OsvStore) -> None:
    old = {a.id for a in store.query("Go", "stdlib", "go1.21.3")}
    newer = {a.id for a in store.query("Go", "stdlib", "go1.21.5")}
    assert old
    assert newer < old


def test_withdrawn_advisories_are_never_matched(store: OsvStore) -> None:
    withdrawn = [
        a
        for e in ("PyPI", "Go")
        for name in (("aiohttp", "ansible", "redis") if e == "PyPI" else ())
        for a in store.advisories_for(e, name, include_withdrawn=True)
        if a.is_withdrawn
    ]
    assert withdrawn
    for advisory in withdrawn:
        package = advisory.affected[0].package
        assert package is not None
        versions = advisory.affected[0].versions or ("0.0.1",)
        assert advisory.id not in {a.id for a in store.query("PyPI", package.name, versions[0])}


def test_store_index_agrees_with_the_model_matcher(store: OsvStore) -> None:
    # The store decides from its per-package index; `affects` decides from the advisory
    # model. Both must give the same answer for every package and a spread of versions.
    checked = 0
    for ecosystem, versions in (
        ("PyPI", ["0.1", "1.0", "2.0.0", "3.1.4rc1", "2024.1"]),
        ("Go", ["v0.0.0-20210226172049-e18ecbb05110", "v0.3.0", "v1.9.0", "v2.5.1+incompatible"]),
    ):
        for name in store.packages(ecosystem)[:400]:
            advisories = store.advisories_for(ecosystem, name)
            for version in versions:
                expected = [a.id for a in advisories if affects(a, ecosystem, name, version)]
                assert [a.id for a in store.query(ecosystem, name, version)] == expected
                checked += 1
    assert checked > 3000


def test_thousand_lookups_in_a_fresh_store_match_the_open_one(store: OsvStore) -> None:
    # 1,000 different packages, each looked up once in a store opened afresh, as an audit does.
    # Old versions, so that most advisories match and must be read in full. How fast this is,
    # is measured by benchmarks/bench_osv.py (docs/performance.md), not here.
    python = store.packages("PyPI")
    go = store.packages("Go")
    queries = [("PyPI", name, "1.0") for name in python]
    queries += [("Go", name, "v0.0.1") for name in go[: 1000 - len(queries)]]
    assert len(queries) == 1000
    fresh = OsvStore(store.path)
    try:
        found = [fresh.query(*q) for q in queries]
    finally:
        fresh.close()
    assert found == [store.query(*q) for q in queries]
    assert sum(map(len, found)) > 1000  # most old versions are affected by something
