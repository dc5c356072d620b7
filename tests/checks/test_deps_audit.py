"""deps.audit and vuln.response on a project with a store we write and a VEX file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.checks.vuln_response import VulnResponseCheck
from margo_ssdf.discovery import discover
from margo_ssdf.models import CheckResult, Outcome, Severity

VEX = {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.org/vex/1", "author": "Demo", "version": 1,
    "timestamp": "2026-01-01T00:00:00Z",
    "statements": [{
        "vulnerability": {"name": "CVE-2018-18074"},
        "products": [{"@id": "pkg:pypi/requests@2.19.0"}],
        "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path",
        "impact_statement": "we never follow redirects with credentials"}],
}


@pytest.fixture
def db(osv_db: Path) -> Path:
    """The session's store of the same advisories (tests/conftest.py): the checks only read it."""
    return osv_db


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "requirements.txt").write_text("requests==2.19.0\nclick==8.1.7\n")
    (root / "go.mod").write_text("module example.com/x\n\ngo 1.21.0\n\nrequire "
                                 "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")
    return root


def run(check: DepsAuditCheck | VulnResponseCheck, root: Path, db: Path,
        evidence: Path) -> CheckResult:
    options = {**check.options, "db": str(db)}
    return check.run(CheckContext(project=discover(root), options=options,
                                  evidence_root=evidence, timeout=60))


def test_findings_counts_evidence_and_release_vex(proj: Path, db: Path, tmp_path: Path) -> None:
    result = run(DepsAuditCheck(), proj, db, tmp_path / "ev")
    assert result.outcome is Outcome.FAIL
    # The two Go advisories carry no rating: they count high, as the default policy says.
    assert result.counts == {Severity.HIGH: 3}
    paths = {e.path.rsplit("/", 1)[-1]: e for e in result.evidence}
    report = json.loads((tmp_path / "ev" / paths["deps-audit.json"].path).read_text())
    assert {f["id"] for f in report["findings"]} == {"PYSEC-2018-28", "GO-2022-0288",
                                                     "GO-2023-0001"}
    vulns = json.loads((tmp_path / "ev" / paths["vulns.json"].path).read_text())
    assert {r["id"] for r in vulns["scanner"]["result"]} == {f["id"] for f in report["findings"]}
    openvex = json.loads((tmp_path / "ev" / paths["release.openvex.json"].path).read_text())
    assert {s["status"] for s in openvex["statements"]} == {"affected"}


def test_vex_not_affected_triages_the_finding(proj: Path, db: Path, tmp_path: Path) -> None:
    (proj / "requests.openvex.json").write_text(json.dumps(VEX))
    result = run(DepsAuditCheck(), proj, db, tmp_path / "ev")
    assert result.counts == {Severity.HIGH: 2}  # the rated one is triaged
    assert "1 triaged by VEX" in (result.reason or "")
    report = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    req = next(f for f in report["findings"] if f["package"] == "requests")
    assert req["vex"]["status"] == "not_affected"
    assert req["vex"]["justification"] == "vulnerable_code_not_in_execute_path"
    assert req["vex"]["source"] == "requests.openvex.json"


def test_unknown_severity_option_is_checked(proj: Path, db: Path, tmp_path: Path) -> None:
    from margo_ssdf.errors import ConfigError

    check = DepsAuditCheck()
    options = {**check.options, "db": str(db), "unknown_severity": "dreadful"}
    with pytest.raises(ConfigError, match="unknown_severity"):
        check.run(CheckContext(project=discover(proj), options=options,
                               evidence_root=tmp_path / "ev", timeout=60))
    options["unknown_severity"] = "low"
    result = check.run(CheckContext(project=discover(proj), options=options,
                                    evidence_root=tmp_path / "ev2", timeout=60))
    assert result.counts == {Severity.HIGH: 1, Severity.LOW: 2}


def test_no_database_is_an_error_with_the_command(proj: Path, tmp_path: Path) -> None:
    from margo_ssdf.vulndb import NoDatabaseError

    with pytest.raises(NoDatabaseError, match="margo-ssdf db import"):
        run(DepsAuditCheck(), proj, tmp_path / "missing.sqlite3", tmp_path / "ev")


def test_cra_clock_days_open_and_left(proj: Path, db: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("margo_ssdf.checks.vuln_response.today", lambda: date(2026, 11, 28))
    result = run(VulnResponseCheck(), proj, db, tmp_path / "ev")
    clock = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    rows = {r["id"]: r for r in clock["vulnerabilities"]}
    req = rows["PYSEC-2018-28"]
    assert req["clock_start"] == "2018-10-29" and req["clock_source"] == "published"
    assert req["days_open"] == (date(2026, 11, 28) - date(2018, 10, 29)).days
    assert req["days_left"] == 90 - req["days_open"]
    assert rows["GO-2022-0288"]["clock_source"] == "first database import"
    overdue = next(p for p in result.probes if p.id == "overdue")
    # PYSEC-2018-28 and the stdlib advisory are years old; GO-2022-0288 starts today.
    assert overdue.outcome is Outcome.FAIL and overdue.value == 2.0
    # ...but a clock started by the import is no measurement: the undated one fails RV.2.2.
    undated = next(p for p in result.probes if p.id == "undated")
    assert undated.outcome is Outcome.FAIL and undated.value == 1.0
    assert undated.tasks == ("RV.2.2",) and "GO-2022-0288" in undated.reason


def test_cra_clock_closed_by_vex_and_limits_per_severity(
        proj: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("margo_ssdf.checks.vuln_response.today", lambda: date(2026, 11, 28))
    (proj / "requests.openvex.json").write_text(json.dumps(VEX))
    check = VulnResponseCheck()
    options = {**check.options, "db": str(db), "limit_days_by_severity": {"high": 5000}}
    result = check.run(CheckContext(project=discover(proj), options=options,
                                    evidence_root=tmp_path / "ev", timeout=60))
    overdue = next(p for p in result.probes if p.id == "overdue")
    assert overdue.outcome is Outcome.PASS, overdue.reason
    coverage = next(p for p in result.probes if p.id == "vex-coverage")
    assert coverage.value == pytest.approx(1 / 3, abs=1e-3)


def test_release_vex_names_the_release_as_product_and_the_package_as_subcomponent(
        proj: Path, db: Path, tmp_path: Path) -> None:
    from margo_ssdf import vex

    (proj / "pyproject.toml").write_text('[project]\nname = "demo-app"\nversion = "2.0.0"\n')
    result = run(DepsAuditCheck(), proj, db, tmp_path / "ev")
    path = tmp_path / "ev" / next(e.path for e in result.evidence
                                  if e.path.endswith("release.openvex.json"))
    doc = json.loads(path.read_text())
    products = {(p["@id"], s["@id"]) for st in doc["statements"] for p in st["products"]
                for s in p["subcomponents"]}
    assert {p for p, _ in products} == {"pkg:pypi/demo-app@2.0.0"}  # the release, not a dep
    assert ("pkg:pypi/demo-app@2.0.0", "pkg:pypi/requests@2.19.0") in products
    assert "demo-app@2.0.0" in doc["@id"]
    # Our own reader takes the document back and applies it to the dependency.
    found = vex.applicable(vex.load(path), {"PYSEC-2018-28"}, "pkg:pypi/requests@2.19.0")
    assert found is not None and found.subcomponents == ("pkg:pypi/requests@2.19.0",)
