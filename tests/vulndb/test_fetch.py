"""`db update` against a local server on 127.0.0.1 serving zips built from the shared corpora:
first fill, 304s, interruptions, corrupt zips, zip bombs, silence, local mirrors, proxies."""

from __future__ import annotations

import ast
import json
import os
import sqlite3
import time
import urllib.request
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.discovery.dependencies import Dependency, Ecosystem
from margo_ssdf.vulndb import OsvStore, scan
from margo_ssdf.vulndb.fetch import FetchError, Limits, _NoDowngrade, update

from .osv_server import LAST_MODIFIED, OSV, build_zip, corpus_files, serving

pytestmark = pytest.mark.skipif(not (OSV / "PyPI").is_dir() or not (OSV / "Go").is_dir(),
                                reason="../shared/corpora/osv is not present")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy",
                 "NO_PROXY", "all_proxy", "ALL_PROXY", "MARGO_SSDF_OSV_SOURCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """PyPI/all.zip and Go/all.zip of a handful of corpus advisories each."""
    root = tmp_path / "bucket"
    build_zip(root / "PyPI" / "all.zip", corpus_files("PyPI", 12))
    build_zip(root / "Go" / "all.zip", corpus_files("Go", 15))
    return root


def update_cli(db: Path, *args: str) -> int:
    return main(["db", "update", "--db", str(db), *args])


def snapshot(db: Path) -> tuple[object, ...]:
    """Everything an update may change, to show that a failed one changed nothing."""
    with sqlite3.connect(db) as conn:
        out = tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                    for table in ("imports", "advisories", "packages", "ecosystems"))
    conn.close()
    return out


def counts(db: Path) -> dict[str, int]:
    with OsvStore(db, create=False) as store:
        return {e.ecosystem: e.advisories for e in store.status().ecosystems}


@pytest.mark.parametrize("validators", ["etag", "date"])
def test_first_update_fills_the_store_and_the_second_downloads_nothing(
        exports: Path, db_path: Path, validators: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving(exports, validators=validators) as server:
        assert update_cli(db_path, "--source", server.url) == 0
        assert counts(db_path) == {"PyPI": 12, "Go": 15}
        first = snapshot(db_path)
        assert update_cli(db_path, "--source", server.url) == 0
    err = capsys.readouterr().err
    assert "PyPI: downloaded" in err and "Go: not modified" in err
    assert [(s.path, s.status) for s in server.log] == [
        ("PyPI/all.zip", 200), ("Go/all.zip", 200), ("PyPI/all.zip", 304), ("Go/all.zip", 304)]
    second = server.log[2:]
    assert all(s.body_bytes == 0 for s in second)
    if validators == "etag":
        assert all(s.if_none_match and s.if_modified_since is None for s in second)
    else:
        assert all(s.if_modified_since == LAST_MODIFIED and s.if_none_match is None
                   for s in second)
    # Nothing imported the second time; only the time the source was last asked moved.
    after = snapshot(db_path)
    assert after[:3] == first[:3]
    with OsvStore(db_path, create=False) as store:
        go = next(e for e in store.status().ecosystems if e.ecosystem == "Go")
    # The export's own time comes from Last-Modified, when the server sends it.
    assert go.export_time == (None if validators == "etag" else "2026-12-04T10:00:00Z")
    assert go.source == f"{server.url}/Go/all.zip"
    assert go.checked is not None and go.updated is not None and go.checked > go.updated


def test_a_changed_export_is_downloaded_and_imported(exports: Path, db_path: Path) -> None:
    with serving(exports) as server:
        assert update_cli(db_path, "--source", server.url) == 0
        build_zip(exports / "PyPI" / "all.zip", corpus_files("PyPI", 14))
        with OsvStore(db_path) as store:
            report = update(store, source=server.url)
    assert [f.status for f in report.fetched] == ["downloaded", "not modified"]
    (imported,) = report.imports
    assert (imported.added, imported.unchanged) == (2, 12)
    assert counts(db_path)["PyPI"] == 14


def test_an_interrupted_download_leaves_the_store_as_it_was(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(exports) as server:
        assert update_cli(db_path, "--source", server.url) == 0
        before = snapshot(db_path)
        build_zip(exports / "PyPI" / "all.zip", corpus_files("PyPI", 30))
        server.cut = True
        capsys.readouterr()
        assert update_cli(db_path, "--source", server.url) == 3
    err = capsys.readouterr().err
    assert f"The download of {server.url}/PyPI/all.zip stopped after" in err
    assert "the database is as it was" in err and "margo-ssdf db import all.zip" in err
    assert snapshot(db_path) == before  # validators too: the next update downloads again


def test_a_corrupt_zip_leaves_the_store_as_it_was(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(exports) as server:
        assert update_cli(db_path, "--source", server.url) == 0
        before = snapshot(db_path)
        good = (exports / "Go" / "all.zip").read_bytes()
        (exports / "Go" / "all.zip").write_bytes(good[: len(good) - 40])  # no directory
        capsys.readouterr()
        assert update_cli(db_path, "--source", server.url) == 3
        assert "Go/all.zip is not a readable zip archive" in capsys.readouterr().err
        assert snapshot(db_path) == before
        # A readable directory whose member data is damaged fails during the import, which
        # is rolled back whole: PyPI, downloaded fine in the same update, is not kept either.
        build_zip(exports / "PyPI" / "all.zip", corpus_files("PyPI", 20))
        damaged = bytearray(good)
        start = damaged.index(b"GO-") + 40
        damaged[start:start + 200] = bytes(200)
        (exports / "Go" / "all.zip").write_bytes(bytes(damaged))
        assert update_cli(db_path, "--source", server.url) == 3
    assert "is corrupt" in capsys.readouterr().err
    assert snapshot(db_path) == before


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zeros = bytes(15 * 1024 * 1024)
    build_zip(exports / "Go" / "all.zip", corpus_files("Go", 3),
              extra={f"GO-BOMB-{i}.json": zeros for i in range(6)})
    with serving(exports) as server:
        started = time.perf_counter()
        assert update_cli(db_path, "--source", server.url) == 3
        assert time.perf_counter() - started < 20
    err = capsys.readouterr().err
    assert "looks like a zip bomb" in err and "more than 100 times" in err
    assert counts(db_path) == {}  # PyPI, fetched first, was not imported either


def test_a_download_over_the_size_limit_is_refused(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_zip(exports / "PyPI" / "all.zip", corpus_files("PyPI", 2),
              extra={"padding.bin": os.urandom(2 * 1024 * 1024)})
    with serving(exports) as server:
        assert update_cli(db_path, "--source", server.url, "--max-size", "1") == 3
    assert "is larger than 1048576 bytes" in capsys.readouterr().err


def test_a_server_that_never_answers_times_out(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(exports, hang=True) as server:
        started = time.perf_counter()
        assert update_cli(db_path, "--source", server.url, "--timeout", "0.5") == 3
        elapsed = time.perf_counter() - started
    assert elapsed < 10
    err = capsys.readouterr().err
    assert f"{server.url}/PyPI/all.zip did not answer within 0.5 s" in err
    assert "margo-ssdf db import" in err


def test_no_server_says_how_to_import_offline(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(Path("/nonexistent")) as server:
        url = server.url
    assert update_cli(db_path, "--source", url, "--timeout", "2") == 3
    err = capsys.readouterr().err
    assert f"Cannot download {url}/PyPI/all.zip" in err
    assert "download" in err and "`margo-ssdf db import all.zip`" in err and "--source" in err


def test_an_ecosystem_the_source_lacks_is_a_404_naming_the_url(
        exports: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(exports) as server:
        assert update_cli(db_path, "--source", server.url, "--ecosystem", "npm") == 3
    assert f"{server.url}/npm/all.zip answered 404" in capsys.readouterr().err


def test_ghsa_is_not_an_ecosystem_and_the_error_says_where_ghsa_records_are(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert update_cli(db_path, "--ecosystem", "GHSA") == 2
    err = capsys.readouterr().err
    assert "there is no GHSA export" in err and "PyPI/all.zip" in err
    assert update_cli(db_path, "--ecosystem", "../etc") == 2


def test_ghsa_records_in_an_export_give_the_audit_its_cvss(
        exports: Path, db_path: Path) -> None:
    """A Go advisory without severity, and the GHSA record OSV exports beside it in Go/all.zip
    with the CVSS vector: the audit rates the finding from the alias."""
    go = {"id": "GO-2099-0001", "modified": "2026-12-01T00:00:00Z",
          "aliases": ["GHSA-aaaa-bbbb-cccc"],
          "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"},
                        "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"},
                                                                 {"fixed": "1.2.0"}]}]}]}
    ghsa = {**go, "id": "GHSA-aaaa-bbbb-cccc", "aliases": ["GO-2099-0001"],
            "severity": [{"type": "CVSS_V3",
                          "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
    build_zip(exports / "Go" / "all.zip", [], extra={
        "GO-2099-0001.json": json.dumps(go).encode(),
        "GHSA-aaaa-bbbb-cccc.json": json.dumps(ghsa).encode()})
    with serving(exports) as server, OsvStore(db_path) as store:
        update(store, source=server.url)
        report = scan.audit_dependencies(
            [Dependency(Ecosystem.GO, "example.com/mod", "v1.1.0", "go.mod", direct=True)],
            store)
    (finding,) = report.findings  # one vulnerability, its two records merged by alias
    assert (finding.id, finding.aliases) == ("GO-2099-0001", ("GHSA-aaaa-bbbb-cccc",))
    # The Go record has no severity: the rating can only come from the GHSA record.
    assert finding.severity.value == "critical" and finding.cvss_score == 9.8


@pytest.mark.parametrize("form", ["directory", "file-url"])
def test_a_directory_or_file_url_serves_an_air_gapped_mirror(
        exports: Path, db_path: Path, tmp_path: Path, form: str) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "PyPI").mkdir(parents=True)
    (mirror / "PyPI" / "all.zip").write_bytes((exports / "PyPI" / "all.zip").read_bytes())
    for path in corpus_files("Go", 5):  # a tree of advisory files serves as well as a zip
        (mirror / "Go" / path.name).parent.mkdir(parents=True, exist_ok=True)
        (mirror / "Go" / path.name).write_bytes(path.read_bytes())
    source = str(mirror) if form == "directory" else mirror.as_uri()
    with OsvStore(db_path) as store:
        first = update(store, source=source)
        second = update(store, source=source)
    assert [f.status for f in first.fetched] == ["read", "read"]
    assert [f.status for f in second.fetched] == ["unchanged", "read"]  # the zip is skipped
    assert counts(db_path) == {"PyPI": 12, "Go": 5}
    with OsvStore(db_path, create=False) as store:
        (pypi, go) = (e for e in store.status().ecosystems if e.ecosystem in ("PyPI", "Go"))
    # A local copy's file time proves nothing, so no export time is recorded for it.
    assert go.export_time is None and pypi.export_time is None


def test_a_mirror_without_the_ecosystem_names_what_it_looked_for(
        tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert update_cli(db_path, "--source", str(tmp_path), "--ecosystem", "Go") == 3
    assert f"{tmp_path}/Go/all.zip" in capsys.readouterr().err


def test_the_proxy_from_the_environment_is_used(
        exports: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(exports) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with OsvStore(db_path) as store:
            update(store, source="http://osv.example.invalid", ecosystems=["Go"])
    assert counts(db_path) == {"Go": 15}
    assert proxy.log[0].path == "Go/all.zip"  # the request reached the proxy, not the host


def test_progress_is_reported_as_bytes_arrive(exports: Path, db_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    with serving(exports) as server, OsvStore(db_path) as store:
        update(store, source=server.url, progress=lambda *a: seen.append(a))
    sizes = {e: (exports / e / "all.zip").stat().st_size for e in ("PyPI", "Go")}
    assert seen[-1] == ("Go", sizes["Go"], sizes["Go"])
    assert ("PyPI", sizes["PyPI"], sizes["PyPI"]) in seen


def test_ecosystems_fetched_once_are_refreshed_by_later_updates(
        exports: Path, db_path: Path) -> None:
    build_zip(exports / "crates.io" / "all.zip", [], extra={"RUSTSEC-1.json": json.dumps({
        "id": "RUSTSEC-1", "modified": "2026-01-01T00:00:00Z", "affected": [
            {"package": {"ecosystem": "crates.io", "name": "x"}}]}).encode()})
    with serving(exports) as server, OsvStore(db_path) as store:
        update(store, source=server.url, ecosystems=["crates.io"])
        again = update(store, source=server.url)
    assert [f.ecosystem for f in again.fetched] == ["PyPI", "Go", "crates.io"]


def test_a_redirect_from_https_to_http_is_refused() -> None:
    request = urllib.request.Request("https://osv.example/PyPI/all.zip")
    with pytest.raises(FetchError, match="away from HTTPS"):
        _NoDowngrade().redirect_request(request, None, 302, "Found", None,  # type: ignore[arg-type]
                                        "http://osv.example/PyPI/all.zip")


def test_limits_apply_to_the_whole_download(exports: Path, db_path: Path) -> None:
    with serving(exports) as server, OsvStore(db_path) as store, \
            pytest.raises(FetchError, match="took longer than"):
        update(store, source=server.url, limits=Limits(max_seconds=-1))


def test_a_layout_1_store_is_upgraded_in_place(exports: Path, db_path: Path) -> None:
    with OsvStore(db_path) as store:
        store.import_source(exports / "PyPI" / "all.zip")
    with sqlite3.connect(db_path) as conn:  # what margo-ssdf wrote before db update existed
        conn.execute("DROP TABLE ecosystems")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with OsvStore(db_path, create=False) as store:
        update(store, source=str(exports), ecosystems=["Go"])
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    conn.close()
    assert counts(db_path) == {"PyPI": 12, "Go": 15}


def test_only_the_fetch_module_opens_network_connections() -> None:
    """The product works offline: no module but vulndb/fetch.py (`db update`) and the OCI client
    (`publish`, `fetch`, `audit oci://`, imported only by those commands) imports a network
    client."""
    network = {"urllib.request", "http.client", "socket", "requests", "httpx", "urllib3",
               "aiohttp", "ftplib", "smtplib"}
    users = []
    for path in sorted((REPO / "margo_ssdf").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n in network or n.split(".")[0] in network - {"urllib"} for n in names):
                users.append(path.relative_to(REPO).as_posix())
    assert sorted(set(users)) == ["margo_ssdf/oci/client.py", "margo_ssdf/vulndb/fetch.py"]


def test_the_action_updates_the_database_it_caches_and_stale_data_is_incomplete(
        exports: Path, tmp_path: Path) -> None:
    """workflows/attest.sh with db-update: the database goes where the action caches it, and
    the corpus snapshot, years old, makes the verdict incomplete rather than compliant."""
    import subprocess
    import sys

    from tests.conftest import make_project

    workspace = make_project(tmp_path / "workspace")
    (workspace / "dist").mkdir()
    (workspace / "dist" / "demo-1.0.0.tar.gz").write_bytes(b"release")
    margo = tmp_path / "margo-ssdf"
    margo.write_text(f"#!/bin/sh\nexec {sys.executable} -m margo_ssdf \"$@\"\n")
    margo.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "ACTIONS_", "MARGO_SSDF_DB"))}
    with serving(exports, validators="etag") as server:  # no Last-Modified: no export time
        env.update({"GITHUB_OUTPUT": str(tmp_path / "output"), "RUNNER_TEMP": str(tmp_path),
                    "MARGO_SSDF_BIN": str(margo), "MARGO_SSDF_OSV_SOURCE": server.url,
                    "MARGO_SSDF_CACHE_DIR": str(tmp_path / "cache"), "INPUT_SIGN": "none",
                    "INPUT_OUT": "evidence", "INPUT_DB_UPDATE": "true",
                    "INPUT_ARTIFACTS": "dist/*.tar.gz"})
        done = subprocess.run(["bash", str(REPO / "workflows" / "attest.sh")], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=300)
        env["MARGO_SSDF_OSV_SOURCE"] = "http://127.0.0.1:9"  # nothing listens there
        failed = subprocess.run(["bash", str(REPO / "workflows" / "attest.sh")], cwd=workspace,
                                env=env, capture_output=True, text=True, timeout=300)
    outputs = (tmp_path / "output").read_text()
    assert "db-updated=true" in outputs and "verdict=incomplete" in outputs
    assert counts(tmp_path / "margo-ssdf-osv" / "osv.sqlite3") == {"PyPI": 12, "Go": 15}
    assert done.returncode == 3 and "PyPI data is" in done.stdout + done.stderr
    # An update that fails only warns: the data at hand (here still too old) is judged.
    assert "::warning title=margo-ssdf::db update failed" in failed.stdout
    assert failed.returncode == 3
