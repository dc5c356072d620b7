"""Go modules in the SBOM: toolchain lines, go.sum hashes across modules, replaced modules.

Each test builds the SBOM with `margo-ssdf sbom`, and where an audit is involved compares what
`deps.audit` finds on the project with what `audit-sbom` finds in the SBOM: the two must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.discovery.dependencies import inventory
from margo_ssdf.discovery.gomod import parse_gosum
from margo_ssdf.sbom.rescan import read_sbom
from margo_ssdf.vulndb import OsvStore, scan
from tests.conftest import CORPORA
from tests.discovery.test_dependencies import write
from tests.vulndb.factory import store_of


def _go(package: str, *events: dict[str, str], ident: str) -> dict[str, Any]:
    return {"id": ident, "modified": "2024-01-01T00:00:00Z", "published": "2024-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "Go", "name": package},
                          "ranges": [{"type": "SEMVER", "events": list(events)}]}]}


ADVISORIES = [
    # go1.22.3 (the toolchain line) is affected by these two ...
    _go("stdlib", {"introduced": "1.22.0"}, {"fixed": "1.22.5"}, ident="GO-2099-0001"),
    _go("toolchain", {"introduced": "1.22.0"}, {"fixed": "1.22.4"}, ident="GO-2099-0003"),
    # ... and 1.21.0 (the go line alone) by this one, which must not be reported.
    _go("toolchain", {"introduced": "0"}, {"fixed": "1.21.5"}, ident="GO-2099-0002"),
    # The replacement module is what is built, so its advisory applies; the original's not.
    _go("github.com/new/lib", {"introduced": "0"}, {"fixed": "1.3.0"}, ident="GO-2099-0010"),
    _go("github.com/old/lib", {"introduced": "0"}, {"fixed": "1.5.0"}, ident="GO-2099-0011"),
]

AGENT_MOD = """\
module example.com/agent

go 1.21.0

toolchain go1.22.3

require (
\tgithub.com/shared/lib v1.0.0
\tgithub.com/old/lib v1.0.0
\texample.com/sdk v0.1.0
\texample.com/outside v0.2.0 // indirect
)

replace github.com/old/lib v1.0.0 => github.com/new/lib v1.2.0

replace example.com/sdk => ../sdk

replace example.com/outside => ../../outside
"""
AGENT_SUM = "github.com/new/lib v1.2.0 h1:NEW=\ngithub.com/shared/lib v1.0.0 h1:SHARED=\n"
SDK_MOD = "module example.com/sdk\n\ngo 1.23.0\n\nrequire github.com/shared/lib v1.0.0\n"
SDK_SUM = "github.com/shared/lib v1.0.0 h1:SHARED=\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_of(tmp_path, ADVISORIES)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "proj", {"agent/go.mod": AGENT_MOD, "agent/go.sum": AGENT_SUM,
                                     "sdk/go.mod": SDK_MOD, "sdk/go.sum": SDK_SUM})


def sbom_of(root: Path, out: Path) -> dict[str, Any]:
    assert main(["sbom", str(root), "-o", str(out)]) == 0
    bom: dict[str, Any] = json.loads(out.read_text())
    return bom


def by_ref(bom: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in bom["components"]}


def props(component: dict[str, Any], name: str) -> list[str]:
    return sorted(p["value"] for p in component.get("properties", [])
                  if p["name"] == f"margo-ssdf:{name}")


def edges(bom: dict[str, Any]) -> dict[str, list[str]]:
    return {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}


def deps_audit(root: Path, db: Path, evidence: Path) -> dict[str, Any]:
    check = DepsAuditCheck()
    result = check.run(CheckContext(project=discover(root), options={**check.options,
                                                                     "db": str(db)},
                                    evidence_root=evidence, timeout=60))
    (report,) = [e for e in result.evidence if e.path.endswith("deps-audit.json")]
    out: dict[str, Any] = json.loads((evidence / report.path).read_text())
    return out


def audit_sbom(bom: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    main(["audit-sbom", str(bom), "--db", str(db), "--format", "json"])
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def findings(report: dict[str, Any]) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(f["package"], f["version"], f["id"], tuple(f["sources"]))
            for f in report["findings"]}


def test_toolchain_line_is_recorded_and_audit_sbom_checks_the_same_go_release(
        project: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom_path = tmp_path / "bom.json"
    agent = by_ref(sbom_of(project, bom_path))["module:agent/go.mod"]
    assert props(agent, "go:version") == ["1.21.0"]
    assert props(agent, "go:toolchain") == ["go1.22.3"]

    project_report = deps_audit(project, db, tmp_path / "ev")
    sbom_report = audit_sbom(bom_path, db, capsys)
    expected = {("stdlib", "go1.22.3", "GO-2099-0001", ("agent/go.mod",)),
                ("toolchain", "go1.22.3", "GO-2099-0003", ("agent/go.mod",))}
    for report in (project_report, sbom_report):  # go1.22.3 builds it, not go 1.21.0
        assert {f for f in findings(report) if f[0] in ("stdlib", "toolchain")} == expected
    # Every finding, the Go release's and the modules', is the same in both audits.
    assert {f[:3] for f in findings(sbom_report)} == {f[:3] for f in findings(project_report)}


@pytest.mark.parametrize("sums", [
    ("x v1.0.0 h1:X=\n", "x v1.0.0 h1:X=\n"),
    ("x v1.0.0/go.mod h1:M=\n", "x v1.0.0 h1:X=\n"),  # the first module's go.sum lacks it
    ("x v1.0.0 h1:X=\n", ""),                          # the second module's lacks it
], ids=["both", "first-lacks", "second-lacks"])
def test_a_module_version_two_go_mods_require_keeps_its_hash_and_both_edges(
        tmp_path: Path, sums: tuple[str, str]) -> None:
    root = write(tmp_path / "p", {
        "a/go.mod": "module example.com/a\n\ngo 1.22\n\nrequire x v1.0.0\n", "a/go.sum": sums[0],
        "b/go.mod": "module example.com/b\n\ngo 1.22\n\nrequire x v1.0.0\n", "b/go.sum": sums[1]})
    bom = sbom_of(root, tmp_path / "bom.json")
    lib = by_ref(bom)["pkg:golang/x@v1.0.0"]
    assert props(lib, "go:h1") == ["h1:X="]
    assert props(lib, "source") == ["a/go.mod", "b/go.mod"]
    graph = edges(bom)
    assert "pkg:golang/x@v1.0.0" in graph["module:a/go.mod"]
    assert "pkg:golang/x@v1.0.0" in graph["module:b/go.mod"]


def test_two_go_sums_disagreeing_on_a_hash_is_a_problem_and_both_hashes_are_kept(
        tmp_path: Path) -> None:
    root = write(tmp_path / "p", {
        "a/go.mod": "module example.com/a\n\ngo 1.22\n\nrequire x v1.0.0\n",
        "a/go.sum": "x v1.0.0 h1:X=\n",
        "b/go.mod": "module example.com/b\n\ngo 1.22\n\nrequire x v1.0.0\n",
        "b/go.sum": "x v1.0.0 h1:FORGED=\n"})
    (problem,) = inventory(discover(root)).problems
    assert problem.file == "b/go.sum"
    assert "h1:FORGED=" in problem.reason and "a/go.sum" in problem.reason
    assert "go mod verify" in problem.reason
    lib = by_ref(sbom_of(root, tmp_path / "bom.json"))["pkg:golang/x@v1.0.0"]
    assert props(lib, "go:h1") == ["h1:FORGED=", "h1:X="]


def test_a_replaced_module_is_the_replacement_with_the_original_as_its_pedigree(
        project: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom_path = tmp_path / "bom.json"
    comps = by_ref(sbom_of(project, bom_path))
    assert not any(ref.startswith("pkg:golang/github.com/old/lib") for ref in comps)
    new = comps["pkg:golang/github.com/new/lib@v1.2.0"]
    assert (new["name"], new["version"]) == ("github.com/new/lib", "v1.2.0")
    assert props(new, "go:h1") == ["h1:NEW="]  # go.sum hashes the replacement's content
    assert props(new, "go:replaces") == ["github.com/old/lib@v1.0.0"]
    (ancestor,) = new["pedigree"]["ancestors"]
    assert (ancestor["name"], ancestor["version"], ancestor["purl"]) == (
        "github.com/old/lib", "v1.0.0", "pkg:golang/github.com/old/lib@v1.0.0")
    # Both audits look the replacement up, as govulncheck does, never the original.
    for report in (deps_audit(project, db, tmp_path / "ev"), audit_sbom(bom_path, db, capsys)):
        ids = {f["id"] for f in report["findings"]}
        assert "GO-2099-0010" in ids and "GO-2099-0011" not in ids


def test_a_local_directory_replace_is_described_as_such_and_given_go_advice(
        project: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom_path = tmp_path / "bom.json"
    bom = sbom_of(project, bom_path)
    comps = by_ref(bom)
    outside = comps["go-local:../outside"]
    assert outside["name"] == "example.com/outside" and "version" not in outside
    assert outside["purl"] == "pkg:golang/example.com/outside"  # no registry version
    assert props(outside, "go:local-directory") == ["../../outside"]
    assert outside["pedigree"]["ancestors"][0]["version"] == "v0.2.0"
    assert "go-local:../outside" in edges(bom)["module:agent/go.mod"]
    # A directory holding one of the project's own modules is that module, audited as such.
    assert "module:sdk/go.mod" in edges(bom)["module:agent/go.mod"]
    assert not any(c["name"] == "example.com/sdk" and c["type"] == "library"
                   for c in comps.values())

    expected = ("replaced by the local directory ../../outside, which has no module version "
                "to look up: audit that directory as its own module")
    for report in (deps_audit(project, db, tmp_path / "ev"), audit_sbom(bom_path, db, capsys)):
        assert [(s["package"], s["reason"]) for s in report["skipped"]] == [
            ("example.com/outside", expected)]
        assert not any("lockfile" in s["reason"] for s in report["skipped"])


@pytest.mark.corpus
def test_margo_sandbox_go_directives_and_hashes_survive_into_the_sbom(tmp_path: Path) -> None:
    sandbox = CORPORA / "margo" / "sandbox"
    if not sandbox.is_dir():
        pytest.skip("../shared/corpora/margo is not present")
    bom_path = tmp_path / "bom.json"
    bom = sbom_of(sandbox, bom_path)
    _, directives = read_sbom(bom_path)
    assert sorted(directives, key=str) == sorted(
        scan.inventory_directives(inventory(discover(sandbox))), key=str)
    assert len(directives) == len(list(sandbox.rglob("go.mod")))
    sums: dict[tuple[str, str], str] = {}
    for gosum in sandbox.rglob("go.sum"):
        sums.update(parse_gosum(gosum.read_text(), "go.sum"))
    for comp in bom["components"]:
        key = (comp["name"], comp.get("version", ""))
        if comp["type"] == "library" and key in sums:
            assert props(comp, "go:h1") == [sums[key]], key


def test_a_go_module_without_a_version_is_never_given_python_advice(db: Path) -> None:
    from margo_ssdf.discovery.dependencies import Dependency, Ecosystem

    with OsvStore(db, create=False) as store:
        report = scan.audit_dependencies(
            [Dependency(Ecosystem.GO, "example.com/x", None, "go.mod")], store)
    (skipped,) = report.skipped
    assert "go mod tidy" in skipped.reason and "lockfile" not in skipped.reason
