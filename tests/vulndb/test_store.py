"""The SQLite store: imports from trees and zips, idempotence, bad input, status and lookups."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from margo_ssdf.errors import ExitCode
from margo_ssdf.vulndb.osv import Advisory
from margo_ssdf.vulndb.store import (
    DB_ENV,
    NoDatabaseError,
    OsvStore,
    StoreError,
    default_db_path,
)
from margo_ssdf.vulndb.versions import VersionError

from .factory import TREE, doc, entry, rng, write_json


def ids(advisories: list[Advisory]) -> list[str]:
    return [a.id for a in advisories]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A private copy of the fixture tree, free to be modified."""
    return Path(shutil.copytree(TREE, tmp_path / "tree"))


def zip_tree(root: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, f"advisories/{path.relative_to(root).as_posix()}")
    return target


class TestImport:
    def test_nested_tree_with_a_bad_advisory_in_the_middle(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            report = store.import_source(TREE)
            assert report.kind == "directory"
            assert (report.files, report.added, report.updated, report.unchanged) == (6, 5, 0, 0)
            assert report.rejected == 1
            (problem,) = report.problems
            assert problem.file.endswith("broken/TEST-BAD-1.json")
            assert "exactly one of introduced, fixed" in problem.reason
            # Everything around the bad file was imported.
            assert ids(store.query("PyPI", "pyyaml", "5.3")) == ["TEST-PYSEC-1"]
            assert ids(store.query("Go", "stdlib", "go1.21.1")) == ["GO-TEST-0002"]
            assert store.get("TEST-BAD-1") is None

    def test_problems_are_recorded_with_the_import(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            store.import_source(TREE)
            record = store.status().imports[-1]
            assert record.rejected == 1
            (problem,) = store.import_problems(record.id)
            assert problem.file.endswith("TEST-BAD-1.json")

    def test_reimport_is_idempotent(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            first = store.import_source(TREE)
            before = store.status()
            second = store.import_source(TREE)
            after = store.status()
        assert (second.added, second.updated, second.unchanged) == (0, 0, 5)
        assert second.rejected == 1  # still reported, still not imported
        assert second.source_sha256 == first.source_sha256
        assert after.advisories == before.advisories == 5
        # Only the time of the last update moves: the unchanged advisories still count as
        # brought by this import, so both ecosystems are recorded as updated by it.
        assert [replace(e, updated=None) for e in after.ecosystems] == [
            replace(e, updated=None) for e in before.ecosystems]
        assert [e.updated for e in after.ecosystems] == [after.imports[-1].finished] * 2
        assert len(after.imports) == 2

    def test_newer_advisory_replaces_and_older_is_stale(
        self, db_path: Path, tmp_path: Path
    ) -> None:
        source = tmp_path / "src"
        original = doc(
            "PYSEC-1",
            entry("a", rng(("introduced", "0"), ("fixed", "1.0"))),
            modified="2024-01-01T00:00:00Z",
        )
        write_json(source, original)
        with OsvStore(db_path) as store:
            store.import_source(source)
            assert ids(store.query("PyPI", "a", "1.5")) == []

            newer = doc(
                "PYSEC-1",
                entry("b", rng(("introduced", "0"), ("fixed", "2.0"))),
                modified="2024-02-01T00:00:00Z",
            )
            write_json(source, newer)
            report = store.import_source(source)
            assert (report.added, report.updated) == (0, 1)
            assert ids(store.query("PyPI", "b", "1.5")) == ["PYSEC-1"]
            assert ids(store.query("PyPI", "a", "0.5")) == []  # the old index rows are gone

            write_json(source, original)  # an older copy turns up again
            report = store.import_source(source)
            assert (report.updated, report.stale) == (0, 1)
            assert ids(store.query("PyPI", "b", "1.5")) == ["PYSEC-1"]

    def test_same_modified_with_new_content_replaces(self, db_path: Path, tmp_path: Path) -> None:
        # The Go database leaves `modified` at year 1, so content decides.
        source = tmp_path / "src"
        zero = "0001-01-01T00:00:00Z"
        events = (("introduced", "0"), ("fixed", "1.0.0"))
        write_json(
            source,
            doc("GO-1", entry("m", rng(*events, kind="SEMVER"), ecosystem="Go"), modified=zero),
        )
        with OsvStore(db_path) as store:
            store.import_source(source)
            wider = (("introduced", "0"), ("fixed", "2.0.0"))
            write_json(
                source,
                doc("GO-1", entry("m", rng(*wider, kind="SEMVER"), ecosystem="Go"), modified=zero),
            )
            report = store.import_source(source)
            assert report.updated == 1
            assert ids(store.query("Go", "m", "v1.5.0")) == ["GO-1"]

            # Same content, different bytes (reformatted): unchanged.
            path = source / "GO-1.json"
            path.write_text(json.dumps(json.loads(path.read_text()), indent=4))
            report = store.import_source(source)
            assert (report.updated, report.unchanged) == (0, 1)

    def test_zip_gives_the_same_result_as_the_tree(self, db_path: Path, tmp_path: Path) -> None:
        archive = zip_tree(TREE, tmp_path / "all.zip")
        with OsvStore(db_path) as store:
            report = store.import_source(archive)
            assert report.kind == "zip"
            assert (report.files, report.added, report.rejected) == (6, 5, 1)
            assert report.problems[0].file == f"{archive}!advisories/broken/TEST-BAD-1.json"
            assert ids(store.query("PyPI", "PyYAML", "5.2")) == ["TEST-PYSEC-1"]
            # The tree's advisories are the zip's: importing the tree changes nothing.
            assert store.import_source(TREE).added == 0

    def test_zip_inside_a_directory_is_read(self, db_path: Path, tmp_path: Path) -> None:
        source = tmp_path / "src"
        source.mkdir()
        zip_tree(TREE / "go", source / "Go-all.zip")
        with OsvStore(db_path) as store:
            report = store.import_source(source)
        assert report.added == 3

    def test_single_file(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            report = store.import_source(TREE / "go" / "GO-TEST-0001.json")
        assert (report.kind, report.added) == ("file", 1)

    def test_corrupt_zip_is_a_clear_error_and_writes_nothing(
        self, db_path: Path, tmp_path: Path
    ) -> None:
        bad = tmp_path / "all.zip"
        bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
        with OsvStore(db_path) as store:
            with pytest.raises(StoreError) as caught:
                store.import_source(bad)
            assert "is not a readable zip archive" in caught.value.diagnostics()
            assert str(bad) in caught.value.diagnostics()
            assert store.status().imports == ()

    def test_damaged_member_is_a_clear_error_and_writes_nothing(
        self, db_path: Path, tmp_path: Path
    ) -> None:
        archive = zip_tree(TREE / "pypi", tmp_path / "all.zip")
        data = bytearray(archive.read_bytes())
        # Flip bytes inside the first member's compressed data; the directory stays readable.
        start = data.index(b"PK\x03\x04") + 30 + len("advisories/jinja2/TEST-PYSEC-2.yaml") + 5
        for i in range(start, start + 20):
            data[i] ^= 0xFF
        archive.write_bytes(bytes(data))
        with OsvStore(db_path) as store:
            with pytest.raises(StoreError, match="is corrupt"):
                store.import_source(archive)
            assert store.status().advisories == 0
            assert store.status().imports == ()

    def test_missing_source(self, db_path: Path, tmp_path: Path) -> None:
        with OsvStore(db_path) as store, pytest.raises(StoreError, match="does not exist"):
            store.import_source(tmp_path / "nowhere")

    def test_unsupported_file(self, db_path: Path, tmp_path: Path) -> None:
        other = tmp_path / "notes.txt"
        other.write_text("hello")
        with OsvStore(db_path) as store, pytest.raises(StoreError, match="neither a directory"):
            store.import_source(other)

    def test_alias_bomb_is_one_bad_advisory(self, db_path: Path, tmp_path: Path) -> None:
        source = tmp_path / "src"
        write_json(source, doc("PYSEC-1", entry("a", rng(("introduced", "0")))))
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
        (source / "BOMB.yaml").write_text("\n".join(lines) + "\nid: BOMB\n")
        with OsvStore(db_path) as store:
            report = store.import_source(source)
        assert report.added == 1
        assert "alias bomb" in report.problems[0].reason

    def test_hidden_files_and_other_files_are_skipped(self, db_path: Path, tmp_path: Path) -> None:
        source = tmp_path / "src"
        write_json(source, doc("PYSEC-1"))
        write_json(source / ".git", doc("PYSEC-2"))
        (source / "LICENSE").write_text("text")
        with OsvStore(db_path) as store:
            report = store.import_source(source)
        assert (report.files, report.added) == (1, 1)

    def test_advisory_is_stored_as_published(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            store.import_source(TREE)
            go = store.document("GO-TEST-0001")
            yaml_doc = store.document("TEST-PYSEC-1")
        assert go == json.loads((TREE / "go" / "GO-TEST-0001.json").read_text())
        assert yaml_doc is not None
        assert yaml_doc["modified"] == "2021-07-05T00:01:25.530537Z"
        assert yaml_doc["affected"][0]["package"]["purl"] == "pkg:pypi/pyyaml"


class TestStatus:
    def test_counts_dates_and_imports(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            report = store.import_source(TREE)
            status = store.status()
        assert (status.advisories, status.withdrawn) == (5, 1)
        by_eco = {e.ecosystem: e for e in status.ecosystems}
        assert (by_eco["Go"].advisories, by_eco["Go"].withdrawn) == (3, 1)
        assert (by_eco["PyPI"].advisories, by_eco["PyPI"].withdrawn) == (2, 0)
        assert by_eco["PyPI"].newest_modified == "2022-01-01T00:00:00Z"
        assert by_eco["Go"].newest_modified == "2023-01-01T00:00:00Z"
        assert by_eco["Go"].newest_published == "2023-10-01T00:00:00Z"
        assert status.newest_modified == "2023-01-01T00:00:00Z"
        record = status.last_import
        assert record is not None
        assert (record.source, record.kind, record.source_sha256) == (
            str(TREE),
            "directory",
            report.source_sha256,
        )
        assert (record.files, record.added, record.rejected) == (6, 5, 1)
        assert record.started <= record.finished

    def test_directory_digest_follows_content(self, db_path: Path, tree: Path) -> None:
        with OsvStore(db_path) as store:
            first = store.import_source(tree).source_sha256
            (tree / "README.md").write_text("not an advisory, not in the digest")
            assert store.import_source(tree).source_sha256 == first
            write_json(tree, doc("PYSEC-9"))
            assert store.import_source(tree).source_sha256 != first


class TestQuery:
    def test_withdrawn_is_kept_but_never_matched(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            store.import_source(TREE)
            found = store.query("Go", "golang.org/x/net", "v0.0.0-20210226172049-e18ecbb05110")
            assert ids(found) == ["GO-TEST-0001"]
            everything = store.advisories_for("Go", "golang.org/x/net", include_withdrawn=True)
            assert ids(everything) == ["GO-TEST-0001", "GO-TEST-0003"]
            withdrawn = store.get("GO-TEST-0003")
            assert withdrawn is not None
            assert withdrawn.is_withdrawn

    def test_names_and_versions(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            store.import_source(TREE)
            assert ids(store.query("PyPI", "Jinja2", "2.10")) == ["TEST-PYSEC-2"]
            assert ids(store.query("pypi", "JINJA2", "3.1.4")) == ["TEST-PYSEC-2"]  # no fix yet
            assert ids(store.query("PyPI", "jinja2", "2.9")) == []
            assert ids(store.query("PyPI", "py-yaml", "5.3")) == []
            assert ids(store.query("Go", "golang.org/x/net", "v0.1.0")) == []
            assert ids(store.query("Go", "golang.org/X/net", "v0.0.1")) == []

    def test_caveats_are_available(self, db_path: Path, tmp_path: Path) -> None:
        source = tmp_path / "src"
        write_json(
            source,
            doc("PYSEC-1", entry("steam", rng(("introduced", "0"), ("fixed", "2019-09-12")))),
        )
        with OsvStore(db_path) as store:
            store.import_source(source)
            (match,) = store.matches("PyPI", "steam", "1.4.4")
        assert match.caveats == ("fixed '2019-09-12' is not a valid PyPI version; ignored",)

    def test_packages_of_an_ecosystem(self, db_path: Path) -> None:
        with OsvStore(db_path) as store:
            store.import_source(TREE)
            assert store.packages("PyPI") == ["jinja2", "pyyaml"]
            assert store.packages("Go") == ["golang.org/x/net", "stdlib"]

    def test_invalid_version_raises_even_when_nothing_matches(self, db_path: Path) -> None:
        with OsvStore(db_path) as store, pytest.raises(VersionError):
            store.query("PyPI", "unknown-package", "not a version")

    def test_thousand_lookups_on_a_cold_cache(self, db_path: Path, tmp_path: Path) -> None:
        # Speed is measured by benchmarks/bench_osv.py; this checks the cold path answers.
        source = tmp_path / "src"
        for i in range(1000):
            events = (("introduced", "0"), ("fixed", f"{i}.5"))
            versions = [f"{i}.{j}" for j in range(5)]
            write_json(
                source, doc(f"PYSEC-{i}", entry(f"pkg-{i % 500}", rng(*events), versions=versions))
            )
        with OsvStore(db_path) as store:
            store.import_source(source)
        with OsvStore(db_path) as store:  # a cold cache, as in a fresh audit
            hits = sum(
                len(store.query("PyPI", f"Pkg_{i % 500}", f"{i % 700}.1")) for i in range(1000)
            )
        assert hits > 0


class TestDatabase:
    def test_default_path_is_in_the_user_cache(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv(DB_ENV, raising=False)
        path = default_db_path()
        assert path.name == "osv.sqlite3"
        assert "margo-ssdf" in str(path)

    def test_env_var_moves_it(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv(DB_ENV, str(tmp_path / "elsewhere.db"))
        assert default_db_path() == tmp_path / "elsewhere.db"
        store = OsvStore()
        assert store.path == tmp_path / "elsewhere.db"
        store.close()

    def test_missing_database_tells_what_to_run(self, db_path: Path) -> None:
        with pytest.raises(NoDatabaseError) as caught:
            OsvStore(db_path, create=False)
        assert caught.value.exit_code == ExitCode.CHECK_ERROR
        assert "margo-ssdf db import" in caught.value.diagnostics()
        assert not db_path.exists()

    def test_empty_database_is_refused_by_require_data(self, db_path: Path) -> None:
        with (
            OsvStore(db_path) as store,
            pytest.raises(NoDatabaseError, match="holds no advisories"),
        ):
            store.require_data()
        with OsvStore(db_path, create=False) as store:  # it exists now, so it opens
            assert store.status().advisories == 0

    def test_not_a_database(self, db_path: Path) -> None:
        db_path.parent.mkdir(parents=True)
        db_path.write_bytes(b"certainly not sqlite" * 100)
        with pytest.raises(StoreError, match="not a usable margo-ssdf vulnerability database"):
            OsvStore(db_path)

    def test_newer_layout_is_refused(self, db_path: Path) -> None:
        OsvStore(db_path).close()
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA user_version = 99")
        with pytest.raises(StoreError, match="newer margo-ssdf"):
            OsvStore(db_path)

    def test_foreign_sqlite_file_is_refused(self, db_path: Path) -> None:
        db_path.parent.mkdir(parents=True)
        with sqlite3.connect(db_path) as conn:
            conn.execute("CREATE TABLE other (x)")
        with pytest.raises(StoreError, match="known layout"):
            OsvStore(db_path)
