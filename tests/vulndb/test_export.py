"""`db export --format govulncheck`: the store as govulncheck's offline database.

Built from real advisories of the Go vulnerability database (../shared/corpora/osv/Go), checked
against the advisories themselves, and read by the real govulncheck v1.9.0 offline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode, OutputError
from margo_ssdf.govulncheck import Reach, scan_source
from margo_ssdf.vulndb import OsvStore
from margo_ssdf.vulndb import export as export_module
from margo_ssdf.vulndb.export import MARKER, export_govulncheck, latest_fixed
from margo_ssdf.vulndb.osv import Range
from tests import golang

from .factory import CORPORA, doc, entry, rng, write_json

GO_CORPUS = CORPORA / "osv" / "Go"
PYPI_CORPUS = CORPORA / "osv" / "PyPI"

# golang.org/x/text (three affect v0.3.7, GO-2021-0113 was fixed in it), a stdlib advisory
# with two branches, one re-opened after its fix, one on two modules, and a withdrawn one.
TEXT_IDS = ("GO-2020-0015", "GO-2021-0113", "GO-2022-1059", "GO-2026-5970")
OTHER_IDS = ("GO-2022-1037", "GO-2024-2584", "GO-2020-0017")
WITHDRAWN = "GO-2022-0617"
PYPI_FILE = "jinja2/PYSEC-2014-8.yaml"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not GO_CORPUS.is_dir(), reason="../shared/corpora/osv/Go is not present"),
]


def corpus_doc(advisory_id: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((GO_CORPUS / f"{advisory_id}.json").read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def go_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a few real Go advisories, one PyPI advisory and one withdrawn Go advisory."""
    src = tmp_path_factory.mktemp("advisories")
    for advisory_id in (*TEXT_IDS, *OTHER_IDS, WITHDRAWN):
        shutil.copy(GO_CORPUS / f"{advisory_id}.json", src)
    if (PYPI_CORPUS / PYPI_FILE).is_file():
        shutil.copy(PYPI_CORPUS / PYPI_FILE, src)
    path = tmp_path_factory.mktemp("db") / "osv.sqlite3"
    with OsvStore(path) as store:
        report = store.import_source(src)
    assert report.rejected == 0
    return path


@pytest.fixture(scope="module")
def exported(go_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "vulndb"
    with OsvStore(go_store, create=False) as store:
        report = export_govulncheck(store, target)
    assert report.advisories == len(TEXT_IDS) + len(OTHER_IDS)
    assert report.url == target.as_uri()
    return target


def read(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_each_go_advisory_is_written_as_imported(exported: Path) -> None:
    ids = sorted(p.stem for p in (exported / "ID").iterdir())
    assert ids == sorted((*TEXT_IDS, *OTHER_IDS))  # no withdrawn, no PyPI advisory
    for advisory_id in ids:
        assert (exported / "ID" / f"{advisory_id}.json").read_bytes() == \
            (GO_CORPUS / f"{advisory_id}.json").read_bytes()


def test_the_modules_index_names_every_vulnerable_module_with_its_latest_fix(
        exported: Path) -> None:
    modules = {m["path"]: m["vulns"] for m in read(exported / "index" / "modules.json")}
    assert list(modules) == sorted(modules)
    assert modules["golang.org/x/text"] == [
        {"id": "GO-2020-0015", "modified": "0001-01-01T00:00:00Z", "fixed": "0.3.3"},
        {"id": "GO-2021-0113", "modified": "0001-01-01T00:00:00Z", "fixed": "0.3.7"},
        {"id": "GO-2022-1059", "modified": "0001-01-01T00:00:00Z", "fixed": "0.3.8"},
        {"id": "GO-2026-5970", "modified": "0001-01-01T00:00:00Z", "fixed": "0.39.0"},
    ]
    assert modules["stdlib"] == [{"id": "GO-2022-1037", "modified": "0001-01-01T00:00:00Z",
                                  "fixed": "1.19.2"}]
    # Re-opened at 0.50.0 after the fix in 0.47.10: no version fixes it, so no `fixed`.
    assert modules["github.com/cosmos/cosmos-sdk"] == [
        {"id": "GO-2024-2584", "modified": "0001-01-01T00:00:00Z"}]
    assert modules["github.com/dgrijalva/jwt-go"] == [
        {"id": "GO-2020-0017", "modified": "0001-01-01T00:00:00Z"}]
    assert modules["github.com/dgrijalva/jwt-go/v4"][0]["fixed"] == "4.0.0-preview1"
    assert "k8s.io/kubernetes" not in modules  # only the withdrawn advisory names it
    # Every module of every exported advisory, and nothing else.
    expected = {a["package"]["name"] for i in (*TEXT_IDS, *OTHER_IDS)
                for a in corpus_doc(i)["affected"]}
    assert set(modules) == expected


def test_the_vulns_index_and_db_json(exported: Path) -> None:
    vulns = read(exported / "index" / "vulns.json")
    assert [v["id"] for v in vulns] == sorted((*TEXT_IDS, *OTHER_IDS))
    for vuln in vulns:
        advisory = corpus_doc(vuln["id"])
        assert vuln == {"id": advisory["id"], "modified": advisory["modified"],
                        "aliases": sorted(advisory["aliases"])}
    assert read(exported / "index" / "db.json") == {"modified": "0001-01-01T00:00:00Z"}
    assert read(exported / MARKER)["generator"] == "margo-ssdf"


def test_two_exports_of_the_same_store_are_byte_identical(
        go_store: Path, exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    with OsvStore(go_store, create=False) as store:
        export_govulncheck(store, again)
    assert tree(again) == tree(exported)


def test_the_cli_exports_replaces_an_earlier_export_and_refuses_other_directories(
        go_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "db"
    assert main(["db", "export", "--format", "govulncheck", str(target),
                 "--db", str(go_store)]) == 0
    assert f"govulncheck -db {target.as_uri()}" in capsys.readouterr().err
    (target / "ID" / "stale.json").write_text("{}")  # replaced whole: this file goes
    assert main(["db", "export", str(target), "--db", str(go_store)]) == 0
    assert not (target / "ID" / "stale.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name != "db"]  # no temp dirs left behind

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code = main(["db", "export", str(mine), "--db", str(go_store)])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "is not empty and was not written by `db export`" in err and MARKER in err
    assert (mine / "notes.txt").read_text() == "keep me"


def test_only_the_chosen_ecosystems_are_exported(go_store: Path, tmp_path: Path) -> None:
    if not (PYPI_CORPUS / PYPI_FILE).is_file():
        pytest.skip("../shared/corpora/osv/PyPI is not present")
    assert main(["db", "export", str(tmp_path / "py"), "--db", str(go_store),
                 "--ecosystem", "pypi"]) == 0
    assert sorted(p.name for p in (tmp_path / "py" / "ID").iterdir()) == ["PYSEC-2014-8.json"]
    modules = read(tmp_path / "py" / "index" / "modules.json")
    assert [m["path"] for m in modules] == ["jinja2"]


def test_a_store_without_go_advisories_exports_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    write_json(src, doc("PYSEC-1", entry("demo", rng(("introduced", "0")))))
    db = tmp_path / "osv.sqlite3"
    with OsvStore(db) as store:
        store.import_source(src)
    code = main(["db", "export", str(tmp_path / "out"), "--db", str(db)])
    assert code == ExitCode.CHECK_ERROR
    assert "holds no advisory of Go to export" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp dir left


def test_ids_that_are_not_file_names_are_left_out_and_timestamps_made_rfc3339(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    go = entry("example.com/m", rng(("introduced", "0"), ("fixed", "1.2.0"), kind="SEMVER"),
               ecosystem="Go")
    write_json(src, doc("../../escape", go), name="escape.json")
    write_json(src, doc("GO-2099-0001", go, modified="2024-05-01T10:00:00+00:00"))
    db = tmp_path / "osv.sqlite3"
    with OsvStore(db) as store:
        store.import_source(src)
    out = tmp_path / "out"
    assert main(["db", "export", str(out), "--db", str(db)]) == 0
    assert "left out '../../escape': the id cannot be used as a file name" in \
        capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*.json") if "escape" in p.name) == \
        ["escape.json"]  # only the source file: nothing written outside the export
    written = read(out / "ID" / "GO-2099-0001.json")
    assert written["modified"] == "2024-05-01T10:00:00Z"  # Go's time.Time needs the zone form
    assert read(out / "index" / "db.json") == {"modified": "2024-05-01T10:00:00Z"}


def test_a_failed_export_leaves_the_earlier_one_whole(
        go_store: Path, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "db"
    shutil.copytree(exported, target)
    before = tree(target)
    calls = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, data)

    real = export_module._write_file
    monkeypatch.setattr(export_module, "_write_file", failing)
    with OsvStore(go_store, create=False) as store, pytest.raises(OSError):
        export_govulncheck(store, target)
    assert tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["db"]


@pytest.mark.parametrize("kind", ["symlink", "file", "no parent"])
def test_unusable_targets_are_refused(go_store: Path, exported: Path, tmp_path: Path,
                                      kind: str) -> None:
    target = tmp_path / "target"
    if kind == "symlink":
        target.symlink_to(exported)
    elif kind == "file":
        target.write_text("x")
    else:
        target = tmp_path / "missing" / "target"
    with OsvStore(go_store, create=False) as store, pytest.raises(OutputError) as caught:
        export_govulncheck(store, target)
    assert str(target if kind != "no parent" else target.parent) in caught.value.message
    assert caught.value.fix


def test_latest_fixed_follows_the_go_database() -> None:
    def ranges(*events: tuple[str, str], kind: str = "SEMVER") -> list[Range]:
        return [Range.model_validate(rng(*events, kind=kind))]

    assert latest_fixed(ranges(("introduced", "0"), ("fixed", "1.18.7"),
                               ("introduced", "1.19.0-0"), ("fixed", "1.19.2"))) == "1.19.2"
    assert latest_fixed(ranges(("introduced", "0"), ("fixed", "0.47.10"),
                               ("introduced", "0.50.0"))) == ""
    assert latest_fixed(ranges(("introduced", "0"), ("fixed", "2.0.0"), kind="ECOSYSTEM")) == ""
    assert latest_fixed([*ranges(("introduced", "0"), ("fixed", "1.2.0")),
                         *ranges(("introduced", "2.0.0"), ("fixed", "2.1.0"))]) == "2.1.0"
    # An unparsable version never beats a valid one, as in golang.org/x/mod/semver.
    assert latest_fixed(ranges(("introduced", "0"), ("fixed", "1.0.0"),
                               ("fixed", "not-a-version"))) == "1.0.0"


@pytest.mark.goproxy
def test_govulncheck_reads_the_export_offline(
        exported: Path, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The real govulncheck v1.9.0 on our export: the advisories it reports are ours."""
    binary = golang.govulncheck()
    modules = golang.build_modules(tmp_path_factory.mktemp("go"))
    monkeypatch.setenv("GOMODCACHE", str(golang.GOMODCACHE))
    result = scan_source(modules.calls, exported, command=[str(binary)])
    assert result.scanner_version == golang.PINNED_VERSION
    assert result.db == exported.as_uri()
    # v0.3.7 is affected by these two of the four x/text advisories; 0015 and 0113 are fixed.
    assert [v.osv_id for v in result.vulns] == ["GO-2022-1059", "GO-2026-5970"]
    assert result.get("GO-2022-1059").reach is Reach.REACHED  # type: ignore[union-attr]
