"""What ships, judged on real Go: the SBOM and the audit of binaries in goreleaser archives, and
govulncheck's reachability turned into machine VEX (tests/golang.py builds the programs)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import rederive
from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.checks.vuln_response import VulnResponseCheck
from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.vulndb import OsvStore
from tests import golang
from tests.checks import gorelease_fixture as fx
from tests.vulndb.factory import mark_current

pytestmark = pytest.mark.goproxy


@pytest.fixture(scope="module")
def rel(tmp_path_factory: pytest.TempPathFactory) -> fx.GoRelease:
    return fx.build(tmp_path_factory.mktemp("gorelease"))


@pytest.fixture(autouse=True)
def _module_cache(monkeypatch: pytest.MonkeyPatch, rel: fx.GoRelease) -> None:
    # govulncheck runs offline: the module cache the fixtures filled holds x/text.
    monkeypatch.setenv("GOMODCACHE", str(golang.GOMODCACHE))
    monkeypatch.setenv("MARGO_SSDF_DB", str(rel.db))


def copy(project: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(project, tmp_path / project.name))


def check_run(check: DepsAuditCheck | VulnResponseCheck, project: Path, evidence: Path,
              rel: fx.GoRelease, artifacts: tuple[Path, ...] = (),
              **options: Any) -> CheckResult:
    opts = {**check.options, "db": str(rel.db), "govulncheck": [str(rel.govulncheck)],
            **options}
    return check.run(CheckContext(project=discover(project), options=opts, timeout=600,
                                  evidence_root=evidence, artifacts=artifacts))


def report_of(evidence: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (evidence / "checks" / "deps.audit" / "deps-audit.json").read_text())
    return doc


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for f in report["findings"]:
        assert f["id"] not in found, f"{f['id']} reported twice"
        found[f["id"]] = f
    return found


# -- the SBOM ------------------------------------------------------------------------------------


def test_sbom_lists_the_binary_its_modules_and_the_compilers_standard_library(
        rel: fx.GoRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sbom.cdx.json"
    archive = rel.archive(rel.calls)
    assert main(["sbom", str(rel.calls), "-o", str(out), "--artifact", str(archive)]) == 0
    bom = json.loads(out.read_text())
    (binary,) = [c for c in bom["components"] if c["bom-ref"].startswith("gobinary:")]
    assert (binary["type"], binary["name"]) == ("application", "calls")
    digest = hashlib.sha256(rel.modules.calls_binary.read_bytes()).hexdigest()
    assert binary["hashes"] == [{"alg": "SHA-256", "content": digest}]
    props = {p["name"]: p["value"] for p in binary["properties"]}
    assert props["margo-ssdf:artifact"] == f"{archive.name}!calls"
    assert props["margo-ssdf:go:compiler"] == f"go{rel.release}"
    assert (props["margo-ssdf:go:build:GOOS"], props["margo-ssdf:go:build:GOARCH"],
            props["margo-ssdf:go:build:-trimpath"], props["margo-ssdf:go:build:CGO_ENABLED"]) \
        == ("linux", "amd64", "true", "0")
    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert set(deps[binary["bom-ref"]]) == {f"pkg:golang/{fx.TEXT}@v0.3.7",
                                           f"pkg:golang/stdlib@{rel.release}"}
    (archive_ref,) = [c["bom-ref"] for c in bom["components"] if c["type"] == "file"]
    assert deps[archive_ref] == [binary["bom-ref"]]
    # Re-scanned later, the SBOM gives the compiler's standard-library advisory, not the go line's.
    code = main(["audit-sbom", str(out), "--db", str(rel.db), "--format", "json"])
    found = {f["id"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    assert code == 1
    assert found[fx.COMPILER_REACHED]["version"] == rel.release
    assert fx.REACHED_TEXT in found


def test_ldflags_values_are_never_published(tmp_path: Path) -> None:
    from margo_ssdf.sbom.generate import generate
    from margo_ssdf.sbom.gobinary import WITHHELD
    from tests.discovery import gobuild

    stripped = gobuild.stdlib_builds(tmp_path / "builds")["stripped"]
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "README.md").write_text("hello\n")
    text = generate(discover(tmp_path / "proj"), artifacts=[stripped]).text
    assert "1.2.3 beta" not in text and "main.version" not in text
    bom = json.loads(text)
    (binary,) = [c for c in bom["components"] if c["bom-ref"].startswith("gobinary:")]
    props = {p["name"]: p["value"] for p in binary["properties"]}
    assert props["margo-ssdf:go:build:-ldflags"] == WITHHELD


# -- the audit of what ships ---------------------------------------------------------------------


def test_run_artifact_audits_the_compilers_standard_library_naming_the_binary(
        rel: fx.GoRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy(rel.calls, tmp_path)
    (project / ".margo-ssdf.yaml").write_text(
        "checks:\n  deps.audit:\n    options: {reachability: false}\n")
    out = tmp_path / "out"
    code = main(["run", str(project), "--out", str(out), "--check", "deps.audit",
                 "--artifact", str(project / "dist" / "*.tar.gz"), "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    (result,) = summary["results"]
    # The check fails; the verdict is incomplete because the other checks did not run.
    assert result["outcome"] == "fail" and code == 3
    report = report_of(out)
    found = by_id(report)
    shipped = "dist/calls_linux_amd64.tar.gz!calls"
    stdlib = found[fx.COMPILER_REACHED]
    assert (stdlib["package"], stdlib["version"], stdlib["sources"]) == \
        ("stdlib", f"go{rel.release}", [shipped])
    assert stdlib["go_release"] == {"source": "binary", "assumed": False,
                                    "places": {shipped: "binary"}}
    # The go 1.22 line is not what was built: neither its stdlib nor its go command is reported.
    assert fx.GO_LINE not in found and fx.GO_LINE_TOOLCHAIN not in found
    # One x/text finding, naming both places it occurs.
    assert found[fx.REACHED_TEXT]["sources"] == [shipped, "go.mod"]
    assert [b["name"] for b in report["binaries"]] == [shipped]
    assert report["binaries"][0]["go_version"] == f"go{rel.release}"
    assert report["skipped_artifacts"] == [{"name": "dist/calls_linux_amd64.tar.gz!README.md",
                                            "reason": "not an executable"}]
    places = {r["place"]: r for r in report["go_releases"]}
    assert places["go.mod"]["source"] == "binary" and places["go.mod"]["version"] is None
    assert places[shipped]["version"] == f"go{rel.release}"
    assert report["reachability"]["analysed"] is False
    assert "reachability: false" in report["reachability"]["reason"]


def test_without_binaries_the_go_line_is_an_assumption(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    result = check_run(DepsAuditCheck(), rel.calls, tmp_path / "ev", rel, reachability=False)
    found = by_id(report_of(tmp_path / "ev"))
    assert fx.COMPILER_REACHED not in found
    line = found[fx.GO_LINE]
    assert line["version"] == "1.22" and line["go_release"]["assumed"] is True
    assert "assumed: a go directive names the oldest Go release" in line["caveats"][-1]
    assert "2 assume the Go release of a go directive" in (result.reason or "")


# -- reachability ---------------------------------------------------------------------------------


def test_govulncheck_leaves_fewer_open_findings_where_the_function_is_never_called(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    compiler = {"go_toolchain": f"go{rel.release}"}  # stdlib judged at govulncheck's own Go
    calls = check_run(DepsAuditCheck(), rel.calls, tmp_path / "calls", rel, **compiler)
    imports = check_run(DepsAuditCheck(), rel.imports_only, tmp_path / "imports", rel,
                        **compiler)
    assert calls.counts == {Severity.HIGH: 2} and imports.counts == {Severity.HIGH: 1}
    assert (calls.reason or "").startswith("4 known advisories, 2 reachable, 2 not reached; "
                                           "2 open vulnerabilities")
    assert (imports.reason or "").startswith("4 known advisories, 1 reachable, 3 not reached")
    assert "2 closed by govulncheck (not reached)" in (calls.reason or "")

    called = by_id(report_of(tmp_path / "calls"))[fx.REACHED_TEXT]
    assert called["reachability"]["status"] == "reached" and called["machine_vex"] is None
    assert called["reachability"]["symbols"] == [f"{fx.TEXT}/language.ParseAcceptLanguage"]
    (stack,) = called["reachability"]["stacks"]
    assert stack.startswith(f"go.mod: {fx.TEXT}/language.ParseAcceptLanguage")
    assert f"example.com/calls.main (main.go:{golang.CALL_LINE}:" in stack

    imported = by_id(report_of(tmp_path / "imports"))[fx.REACHED_TEXT]
    assert imported["reachability"]["status"] == "not_reached"
    assert "the vulnerable package imported, no vulnerable function called" in \
        imported["reachability"]["places"]["go.mod"]
    machine = imported["machine_vex"]
    assert (machine["status"], machine["justification"], machine["tool"],
            machine["tool_version"], machine["modes"], machine["scan_level"]) == \
        ("not_affected", "vulnerable_code_not_in_execute_path", "govulncheck",
         golang.PINNED_VERSION, ["source"], "symbol")
    assert imported["vex"] is None  # people's VEX stays apart
    run = report_of(tmp_path / "imports")["reachability"]
    assert run["tool_version"] == golang.PINNED_VERSION
    assert [(r["place"], r["mode"], r["analysed"]) for r in run["runs"]] == \
        [("go.mod", "source", True)]


def test_the_policy_decides_whether_machine_vex_closes_and_rederivation_follows_it(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    compiler = {"go_toolchain": f"go{rel.release}"}
    kept = check_run(DepsAuditCheck(), rel.imports_only, tmp_path / "kept", rel,
                     machine_vex_closes=False, **compiler)
    assert kept.counts == {Severity.HIGH: 4}
    closed = check_run(DepsAuditCheck(), rel.imports_only, tmp_path / "closed", rel, **compiler)
    read = rederive.evidence_reader(tmp_path / "closed")
    assert rederive.rederive(closed, read, {}).agreement is rederive.Agreement.REDERIVED
    # An auditor whose policy refuses machine VEX gets other counts from the same evidence.
    strict = rederive.rederive(closed, read, {"machine_vex_closes": False})
    assert strict.agreement is rederive.Agreement.DIFFERS
    assert "counts recorded 1 high, re-derived 4 high" in strict.detail


def test_binary_mode_on_an_archived_binary_and_a_stripped_one(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    project = rel.imports_only
    archive = rel.archive(project)
    check_run(DepsAuditCheck(), project, tmp_path / "ev", rel, artifacts=(archive,))
    found = by_id(report_of(tmp_path / "ev"))
    shipped = "dist/importsonly_linux_amd64.tar.gz!importsonly"
    text = found[fx.REACHED_TEXT]
    assert text["sources"] == [shipped, "go.mod"]
    assert text["reachability"]["status"] == "not_reached"
    assert "binary mode" in text["reachability"]["places"][shipped]
    assert text["machine_vex"]["modes"] == ["binary", "source"]
    unreached = found[fx.COMPILER_UNREACHED]
    assert unreached["sources"] == [shipped] and unreached["machine_vex"] is not None
    assert found[fx.COMPILER_REACHED]["reachability"]["status"] == "reached"

    # A stripped binary has no symbol table: govulncheck counts its functions as linked in.
    stripped = project / "dist" / "importsonly-stripped"
    check_run(DepsAuditCheck(), project, tmp_path / "ev2", rel, artifacts=(archive, stripped))
    text = by_id(report_of(tmp_path / "ev2"))[fx.REACHED_TEXT]
    assert text["reachability"]["status"] == "reached" and text["machine_vex"] is None
    assert text["reachability"]["places"]["dist/importsonly-stripped"].startswith("reached")


def test_a_module_the_cache_lacks_is_not_analysed_and_stays_open(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    project = tmp_path / "needs"
    project.mkdir()
    (project / "go.mod").write_text("module example.com/needs\n\ngo 1.22\n\n"
                                    "require example.invalid/nothing v1.0.0\n")
    (project / "main.go").write_text('package main\n\nimport _ "example.invalid/nothing"\n\n'
                                     "func main() {}\n")
    fake = "h1:" + "A" * 43 + "="
    (project / "go.sum").write_text(f"example.invalid/nothing v1.0.0 {fake}\n"
                                    f"example.invalid/nothing v1.0.0/go.mod {fake}\n")
    src = tmp_path / "advisories"
    src.mkdir()
    doc = fx.advisory("GO-2099-0099", "example.invalid/nothing", "example.invalid/nothing",
                      ["F"], "0", "1.0.1")
    (src / "GO-2099-0099.json").write_text(json.dumps(doc))
    db = tmp_path / "osv.sqlite3"
    with OsvStore(db) as store:
        store.import_source(src)
    mark_current(db)
    result = check_run(DepsAuditCheck(), project, tmp_path / "ev", rel, db=str(db),
                       reachability=True)
    report = report_of(tmp_path / "ev")
    (run,) = report["reachability"]["runs"]
    assert run["analysed"] is False
    assert "govulncheck could not load the module offline" in run["reason"]
    assert "go mod download" in run["reason"]
    finding = by_id(report)["GO-2099-0099"]
    assert finding["reachability"]["status"] == "not_analysed"
    assert finding["machine_vex"] is None
    assert result.counts == {Severity.HIGH: 1}


def test_the_cra_clock_stops_for_machine_vex_only_if_the_policy_lets_it(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    compiler = {"go_toolchain": f"go{rel.release}"}
    result = check_run(VulnResponseCheck(), rel.imports_only, tmp_path / "ev", rel, **compiler)
    clock = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    rows = {r["id"]: r for r in clock["vulnerabilities"]}
    assert rows[fx.REACHED_TEXT]["open"] is False
    assert rows[fx.REACHED_TEXT]["machine_vex"]["justification"] == \
        "vulnerable_code_not_in_execute_path"
    assert rows[fx.COMPILER_REACHED]["open"] is True
    read = rederive.evidence_reader(tmp_path / "ev")
    assert rederive.rederive(result, read, {}).agreement is rederive.Agreement.REDERIVED
    strict = rederive.rederive(result, read, {"machine_vex_closes": False})
    assert strict.agreement is rederive.Agreement.DIFFERS
    assert f"{fx.REACHED_TEXT}: open False in cra-clock.json, True under the policy" in \
        strict.detail


def test_vuln_response_reuses_the_govulncheck_runs_of_deps_audit(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(f"import os, sys\nopen({str(log)!r}, 'a').write(' '.join(sys.argv) + "
                       f"'\\n')\nos.execv({str(rel.govulncheck)!r}, ['govulncheck', "
                       "*sys.argv[1:]])\n")
    command = {"govulncheck": [sys.executable, str(wrapper)],
               "go_toolchain": f"go{rel.release}"}
    project = copy(rel.imports_only, tmp_path)  # a module no earlier test scanned
    check_run(DepsAuditCheck(), project, tmp_path / "a", rel, **command)
    check_run(VulnResponseCheck(), project, tmp_path / "b", rel, **command)
    assert len(log.read_text().splitlines()) == 1
    (project / "main.go").write_text(golang.CALLS.replace("example.com/calls", "x"))
    check_run(VulnResponseCheck(), project, tmp_path / "c", rel, **command)
    assert len(log.read_text().splitlines()) == 2  # the module changed: scanned again


def test_a_directory_replacement_is_the_releases_own_code_or_reported_unaudited(
        tmp_path: Path) -> None:
    from margo_ssdf.vulndb.binaries import read_binaries
    from tests.discovery import gobuild

    binary = gobuild.deps_build(tmp_path / "deps")
    own = read_binaries([binary], tmp_path, own_modules={"example.com/util"})
    assert own.unaudited == ()
    assert [(d.name, d.version, d.source) for d in own.dependencies] == \
        [(fx.TEXT, "v0.3.7", "deps/bin/deps")]
    assert [r.version for r in own.releases] == [f"go{own.binaries[0].info.go_release}"]
    ((package, place, why),) = read_binaries([binary], tmp_path).unaudited
    assert (package, place) == ("example.com/util", "deps/bin/deps")
    assert why.startswith("replaced by the directory ./util when built")


def test_a_machine_vex_on_a_reached_finding_closes_nothing(
        rel: fx.GoRelease, tmp_path: Path) -> None:
    """Evidence edited to put a machine VEX on a reached finding does not re-derive closed."""
    compiler = {"go_toolchain": f"go{rel.release}"}
    result = check_run(DepsAuditCheck(), rel.calls, tmp_path / "ev", rel, **compiler)
    path = tmp_path / "ev" / "checks" / "deps.audit" / "deps-audit.json"
    report = json.loads(path.read_text())
    reached = next(f for f in report["findings"] if f["id"] == fx.REACHED_TEXT)
    other = next(f for f in report["findings"] if f["machine_vex"])
    reached["machine_vex"] = other["machine_vex"]
    forged = json.dumps(report).encode()
    path.write_bytes(forged)
    evidence = tuple(e.model_copy(update={"sha256": hashlib.sha256(forged).hexdigest(),
                                          "size": len(forged)})
                     if e.path.endswith("deps-audit.json") else e for e in result.evidence)
    claimed = result.model_copy(update={"evidence": evidence, "counts": {Severity.HIGH: 1}})
    found = rederive.rederive(claimed, rederive.evidence_reader(tmp_path / "ev"), {})
    assert found.agreement is rederive.Agreement.DIFFERS
    assert "counts recorded 1 high, re-derived 2 high" in found.detail


def test_a_binary_built_from_a_module_of_the_project_links_to_it_in_the_sbom(
        tmp_path: Path) -> None:
    from margo_ssdf.sbom.generate import generate
    from tests.discovery import gobuild

    binary = gobuild.deps_build(tmp_path / "build")
    project = tmp_path / "build" / "deps"  # the main module, and example.com/util in util/
    bom = json.loads(generate(discover(project), artifacts=[binary]).text)
    (app,) = [c for c in bom["components"] if c["bom-ref"].startswith("gobinary:")]
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert "module:util/go.mod" in deps[app["bom-ref"]]
    assert not [c for c in bom["components"] if c["bom-ref"].startswith("go-binary-local:")]
    assert app["purl"] == "pkg:golang/example.com/deps"  # (devel): no version to name
    assert app["version"] == "sha256:" + hashlib.sha256(binary.read_bytes()).hexdigest()
    # In another project the directory is listed, versionless, saying what it is.
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "README.md").write_text("other\n")
    bom = json.loads(generate(discover(tmp_path / "other"), artifacts=[binary]).text)
    (local,) = [c for c in bom["components"] if c["bom-ref"].startswith("go-binary-local:")]
    props = {p["name"]: p["value"] for p in local["properties"]}
    assert props["margo-ssdf:go:local-directory"] == "./util"
