"""Source-only honesty: which Go release a go.mod is judged at, and one finding per advisory and
package version listing every place it occurs (no Go toolchain needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.deps_audit import DepsAuditCheck, audit_facts
from margo_ssdf.discovery import discover
from margo_ssdf.discovery.dependencies import inventory
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import Outcome
from margo_ssdf.vulndb import OsvStore, scan
from margo_ssdf.vulndb.goevidence import ASSUMPTION, ReleaseSource
from margo_ssdf.vulndb.gorelease import GoRelease, module_releases
from tests.vulndb.factory import store_of

TEXT = "golang.org/x/text"


def go_doc(ident: str, package: str, introduced: str, fixed: str) -> dict[str, object]:
    return {"id": ident, "modified": "2024-01-01T00:00:00Z", "published": "2024-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "Go", "name": package},
                          "ranges": [{"type": "SEMVER", "events": [
                              {"introduced": introduced}, {"fixed": fixed}]}]}]}


ADVISORIES = [
    go_doc("GO-2099-0100", "stdlib", "1.22.0", "1.23.0"),   # the go 1.22 line
    go_doc("GO-2099-0101", "stdlib", "1.25.0", "1.25.9"),   # a go1.25.4 toolchain
    go_doc("GO-2099-0102", "toolchain", "1.22.0", "1.23.0"),
    go_doc("GO-2099-0103", TEXT, "0", "0.3.8"),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_of(tmp_path, ADVISORIES)


def gomod(root: Path, folder: str, name: str, toolchain: str = "") -> None:
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "go.mod").write_text(
        f"module example.com/{name}\n\ngo 1.22\n" + (f"\ntoolchain {toolchain}\n" if toolchain
                                                     else "")
        + f"\nrequire {TEXT} v0.3.7\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for folder in ("agent", "cli", "server"):
        gomod(root, folder, folder)
    gomod(root, "pinned", "pinned", toolchain="go1.25.4")
    return root


def audit(root: Path, db: Path, tmp_path: Path, **options: object) -> tuple[
        dict[str, list[dict[str, object]]], str]:
    check = DepsAuditCheck()
    ctx = CheckContext(project=discover(root), timeout=60, evidence_root=tmp_path / "ev",
                       options={**check.options, "db": str(db), "reachability": False,
                                **options})
    result = check.run(ctx)
    report = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    by_id: dict[str, list[dict[str, object]]] = {}
    for f in report["findings"]:
        by_id.setdefault(f["id"], []).append(f)
    return by_id, result.reason or ""


def test_one_finding_per_advisory_and_version_listing_every_go_mod(
        project: Path, db: Path, tmp_path: Path) -> None:
    found, reason = audit(project, db, tmp_path)
    # Four go.mods require x/text v0.3.7: one finding, four places.
    (text,) = found["GO-2099-0103"]
    assert text["sources"] == ["agent/go.mod", "cli/go.mod", "pinned/go.mod", "server/go.mod"]
    # Three go.mods say only "go 1.22": one stdlib finding, labelled an assumption.
    (line,) = found["GO-2099-0100"]
    assert line["version"] == "1.22"
    assert line["sources"] == ["agent/go.mod", "cli/go.mod", "server/go.mod"]
    assert line["go_release"] == {"source": "go directive", "assumed": True, "places": {
        "agent/go.mod": "go directive", "cli/go.mod": "go directive",
        "server/go.mod": "go directive"}}
    assert ASSUMPTION in line["caveats"]
    # The toolchain line is better evidence, and not an assumption.
    (pinned,) = found["GO-2099-0101"]
    assert pinned["version"] == "go1.25.4" and pinned["sources"] == ["pinned/go.mod"]
    assert pinned["go_release"]["source"] == "toolchain"
    assert pinned["go_release"]["assumed"] is False and ASSUMPTION not in pinned["caveats"]
    assert len(found["GO-2099-0102"]) == 1
    # The count in the reason is per finding, not per go.mod; the assumption is named.
    assert reason.startswith("4 open vulnerabilities in ")
    assert "2 assume the Go release of a go directive" in reason


def test_a_configured_toolchain_comes_before_the_directives(
        project: Path, db: Path, tmp_path: Path) -> None:
    found, reason = audit(project, db, tmp_path, go_toolchain="go1.25.4")
    assert "GO-2099-0100" not in found and "GO-2099-0102" not in found
    (stdlib,) = found["GO-2099-0101"]
    assert stdlib["version"] == "go1.25.4"
    assert len(stdlib["sources"]) == 4
    assert stdlib["go_release"]["source"] == "configured"
    assert set(stdlib["go_release"]["places"].values()) == {"configured"}
    assert "assume" not in reason
    report = json.loads((tmp_path / "ev" / "checks" / "deps.audit" / "deps-audit.json")
                        .read_text())
    assert {(r["place"], r["version"], r["source"]) for r in report["go_releases"]} == {
        (f"{m}/go.mod", "go1.25.4", "configured") for m in ("agent", "cli", "pinned", "server")}


def test_a_toolchain_that_is_not_a_go_release_is_a_config_error(
        project: Path, db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        audit(project, db, tmp_path, go_toolchain="latest")
    assert "checks.deps.audit.options.go_toolchain" in caught.value.diagnostics()
    assert "go1.25.4" in caught.value.message


def test_a_binary_place_outranks_a_go_directive_of_the_same_release(db: Path) -> None:
    # go1.22.0 from a binary and "1.22.0" from a go directive are one release: one finding.
    releases = [GoRelease("1.22.0", ReleaseSource.GO_DIRECTIVE, "go.mod"),
                GoRelease("go1.22.0", ReleaseSource.BINARY, "dist/app", ("stdlib",))]
    with OsvStore(db, create=False) as store:
        report = scan.audit_dependencies([], store, go_releases=releases)
    (stdlib,) = [f for f in report.findings if f.package == "stdlib"]
    assert stdlib.sources == ("dist/app", "go.mod")
    assert stdlib.version == "go1.22.0"  # as the best evidence writes it
    assert stdlib.go_release is not None
    assert stdlib.go_release.source is ReleaseSource.BINARY and not stdlib.go_release.assumed
    assert ASSUMPTION not in stdlib.caveats
    outcome, reason, _, _ = audit_facts(report)
    # Only the go command (toolchain) still rests on the go directive alone.
    assert outcome is Outcome.FAIL and "; 1 assumes the Go release of a go directive" in \
        (reason or "")


def test_a_go_mod_built_into_a_binary_is_judged_through_it(project: Path) -> None:
    releases, problems = module_releases(inventory(discover(project)),
                                         built={"example.com/agent"})
    agent = next(r for r in releases if r.where == "agent/go.mod")
    assert agent.packages == () and agent.source is ReleaseSource.BINARY
    assert "main module of a binary" in agent.note
    assert problems == []


def test_without_govulncheck_nothing_changes_and_the_evidence_says_why(
        project: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off, off_reason = audit(project, db, tmp_path / "off")
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    check = DepsAuditCheck()
    ctx = CheckContext(project=discover(project), timeout=60, evidence_root=tmp_path / "ev",
                       options={**check.options, "db": str(db)})
    result = check.run(ctx)
    report = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    assert report["reachability"]["analysed"] is False
    assert report["reachability"]["reason"].startswith(
        "reachability not analysed: govulncheck is not on PATH")
    assert all(f["reachability"] is None and f["machine_vex"] is None
               for f in report["findings"])
    assert {f["id"] for f in report["findings"]} == set(off)
    assert result.reason == off_reason


def test_a_govulncheck_option_that_is_not_a_command_is_a_config_error(
        project: Path, db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        audit(project, db, tmp_path, reachability=True, govulncheck=["govulncheck", 3])
    assert "checks.deps.audit.options.govulncheck" in caught.value.diagnostics()


def test_the_audit_exports_only_the_advisories_it_matched(db: Path, tmp_path: Path) -> None:
    from margo_ssdf.vulndb.export import export_govulncheck

    with OsvStore(db, create=False) as store:
        report = export_govulncheck(store, tmp_path / "db", only={"GO-2099-0103", "CVE-X"},
                                    durable=False)
    assert report.advisories == 1
    assert [p.name for p in (tmp_path / "db" / "ID").iterdir()] == ["GO-2099-0103.json"]
    modules = json.loads((tmp_path / "db" / "index" / "modules.json").read_text())
    assert [m["path"] for m in modules] == [TEXT]
