"""Each check's re-derivation from evidence written here by hand: agreement and every refusal."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from margo_ssdf import catalog, sarif
from margo_ssdf.checks.deps_audit import audit_facts
from margo_ssdf.checks.sbom import ntia_facts
from margo_ssdf.models import CheckResult, Evidence, Outcome, Probe, Severity, ToolInfo
from margo_ssdf.policy import CheckRule, Policy, TaskRule
from margo_ssdf.rederive import Agreement, evidence_reader, rederive, rederive_all, summarize
from margo_ssdf.sbom import ntia
from margo_ssdf.vulndb.scan import AuditReport, DatabaseInfo, VulnFinding

T = datetime(2025, 6, 1, tzinfo=UTC)


def record(root: Path, cid: str, files: dict[str, Any], outcome: Outcome, *,
           counts: dict[Severity, int] | None = None, probes: tuple[Probe, ...] = ()
           ) -> CheckResult:
    """A result naming `files` (bytes, or JSON values) written under root as its evidence."""
    evidence = []
    for name, content in files.items():
        raw = content if isinstance(content, bytes) else json.dumps(content).encode()
        rel = f"checks/{cid}/{name}"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
        evidence.append(Evidence(path=rel, sha256=hashlib.sha256(raw).hexdigest(),
                                 media_type="application/json", size=len(raw)))
    return CheckResult(check_id=cid, tasks=("PW.7.2",), tool=ToolInfo(name="t", version="1"),
                       started_at=T, finished_at=T, outcome=outcome,
                       reason=None if outcome is Outcome.PASS else "recorded",
                       counts=counts or {}, probes=probes, evidence=tuple(evidence))


def check(root: Path, result: CheckResult, options: dict[str, Any] | None = None
          ) -> tuple[Agreement, str]:
    found = rederive(result, evidence_reader(root), options)
    return found.agreement, found.detail


def probe(pid: str, outcome: Outcome, value: float | None = None) -> Probe:
    return Probe(id=pid, tasks=("PW.7.2",), outcome=outcome, reason="recorded", value=value)


def sarif_log(*severities: str, suppressed: int = 0) -> dict[str, Any]:
    rule = sarif.Rule(id="B602", name="shell", description="", severity=Severity.HIGH)
    findings = [sarif.Finding(rule=rule, message="m", path="a.py", line=i + 1)
                for i in range(len(severities) + suppressed)]
    findings[len(severities):] = [
        sarif.Finding(rule=rule, message="m", path="b.py", line=i + 1,
                      triage=sarif.Triage(kind="inSource", justification="reviewed"))
        for i in range(suppressed)]
    log = sarif.log_json([sarif.run_json("bandit", "1", "", findings)])
    for result, severity in zip(log["runs"][0]["results"], severities, strict=False):
        result["properties"]["severity"] = severity
    return log


def test_sarif_counts_open_results_and_an_unknown_severity_counts_high() -> None:
    assert sarif.log_counts(sarif_log("medium", "catastrophic", suppressed=2)) == {
        Severity.HIGH: 1, Severity.MEDIUM: 1}
    log = sarif_log("low")
    del log["runs"][0]["results"][0]["properties"]
    assert sarif.log_counts(log) == {Severity.HIGH: 1}


def test_sast_counts_are_re_derived_from_the_sarif(tmp_path: Path) -> None:
    files = {"sast.bandit.sarif": sarif_log("high", "high", suppressed=1)}
    forged = record(tmp_path, "sast.bandit", files, Outcome.PASS)
    agreement, detail = check(tmp_path, forged)
    assert agreement is Agreement.DIFFERS
    assert detail == ("sast.bandit: outcome recorded pass, re-derived fail; counts recorded no "
                      "findings, re-derived 2 high (from sast.bandit.sarif)")
    fewer = record(tmp_path, "sast.bandit", files, Outcome.FAIL, counts={Severity.LOW: 2})
    assert "counts recorded 2 low, re-derived 2 high" in check(tmp_path, fewer)[1]
    honest = record(tmp_path, "sast.bandit", files, Outcome.FAIL, counts={Severity.HIGH: 2})
    assert check(tmp_path, honest) == (
        Agreement.REDERIVED, "sast.bandit: fail with 2 high open, re-derived from "
                             "sast.bandit.sarif")


def test_evidence_that_is_not_what_the_check_writes_is_a_refusal(tmp_path: Path) -> None:
    result = record(tmp_path, "sast.semgrep", {"sast.semgrep.sarif": {}}, Outcome.PASS)
    agreement, detail = check(tmp_path, result)
    assert agreement is Agreement.DIFFERS
    assert detail.startswith("sast.semgrep: its evidence (sast.semgrep.sarif) cannot be read "
                             "as the check writes it (KeyError")


def test_a_result_without_the_evidence_it_needs(tmp_path: Path) -> None:
    skipped = record(tmp_path, "sast.bandit", {}, Outcome.SKIPPED)
    assert check(tmp_path, skipped) == (
        Agreement.UNCHECKED, "sast.bandit: recorded skipped; a skipped check writes no "
                             "evidence to re-derive from")
    passed = record(tmp_path, "sast.bandit", {}, Outcome.PASS)
    assert check(tmp_path, passed) == (
        Agreement.DIFFERS, "sast.bandit: recorded pass but names no sast.bandit.sarif to "
                           "re-derive it from")
    # deps.audit never skips: a skip is a forged way to make its tasks not applicable.
    assert check(tmp_path, record(tmp_path, "deps.audit", {}, Outcome.SKIPPED))[0] \
        is Agreement.DIFFERS


def test_errors_and_unknown_checks_are_said_to_be_unchecked(tmp_path: Path) -> None:
    assert check(tmp_path, record(tmp_path, "sbom", {}, Outcome.ERROR)) == (
        Agreement.UNCHECKED, "sbom: recorded error, from which nothing is concluded")
    assert check(tmp_path, record(tmp_path, "acme.lint", {"x.json": {}}, Outcome.PASS)) == (
        Agreement.UNCHECKED, "acme.lint: no re-derivation is known for this check")


def test_changed_or_escaping_evidence_is_not_read(tmp_path: Path) -> None:
    result = record(tmp_path, "sast.bandit", {"sast.bandit.sarif": sarif_log()}, Outcome.PASS)
    path = tmp_path / result.evidence[0].path
    path.write_bytes(path.read_bytes() + b" ")
    agreement, detail = check(tmp_path, result)
    assert agreement is Agreement.UNCHECKED and "does not match its digest" in detail
    # The same bytes outside the evidence directory, reached through .. or a symlink.
    outside = tmp_path / "elsewhere"
    inside = outside / "evidence"
    inside.mkdir(parents=True)
    raw = json.dumps(sarif_log()).encode()
    (outside / "x.sarif").write_bytes(raw)
    (inside / "link.sarif").symlink_to(outside / "x.sarif")
    read = evidence_reader(inside)
    for rel in ("../x.sarif", "link.sarif"):
        assert read(Evidence(path=rel, sha256=hashlib.sha256(raw).hexdigest(),
                             media_type="application/sarif+json", size=len(raw))) is None


def _report(*, vex: str | None = None) -> AuditReport:
    from margo_ssdf.vulndb.scan import VexDecision

    decision = VexDecision(status=vex, source="vex.json") if vex else None
    finding = VulnFinding(id="GHSA-aaaa", ecosystem="PyPI", package="demo", version="1.0",
                          purl="pkg:pypi/demo@1.0", fixed_versions=("1.1",),
                          severity=Severity.CRITICAL, severity_source="cvss",
                          sources=("uv.lock",), vex=decision)
    db = DatabaseInfo(advisories=1, last_import=None, source_sha256=(),
                      newest_published={}, age_days={})
    return AuditReport(database=db, audited=1, findings=(finding,), skipped=())


def test_dependency_counts_are_re_derived_from_the_audit_report(tmp_path: Path) -> None:
    report = _report()
    files = {"deps-audit.json": json.loads(report.model_dump_json())}
    outcome, _, counts, probes = audit_facts(report)
    honest = record(tmp_path, "deps.audit", files, outcome, counts=counts, probes=tuple(probes))
    assert check(tmp_path, honest)[0] is Agreement.REDERIVED
    forged = record(tmp_path, "deps.audit", files, Outcome.PASS, probes=tuple(probes))
    assert check(tmp_path, forged)[1] == (
        "deps.audit: outcome recorded pass, re-derived fail; counts recorded no findings, "
        "re-derived 1 critical (from deps-audit.json)")
    # An unknown or missing severity counts high, as everywhere else.
    unrated = json.loads(report.model_dump_json())
    del unrated["findings"][0]["severity"]
    result = record(tmp_path, "deps.audit", {"deps-audit.json": unrated}, outcome,
                    counts=counts, probes=tuple(probes))
    assert "counts recorded 1 critical, re-derived 1 high" in check(tmp_path, result)[1]
    # A VEX decision recorded in the report closes it: the record may then say pass.
    closed = _report(vex="not_affected")
    files = {"deps-audit.json": json.loads(closed.model_dump_json())}
    assert check(tmp_path, record(tmp_path, "deps.audit", files, Outcome.PASS,
                                  probes=tuple(probes)))[0] is Agreement.REDERIVED


def _clock(limit: int) -> dict[str, Any]:
    return {"today": "2025-06-01", "vulnerabilities": [{
        "id": "GHSA-aaaa", "package": "demo", "version": "1.0", "severity": "high",
        "clock_start": "2025-01-01", "clock_source": "published", "days_open": 151,
        "limit_days": limit, "days_left": limit - 151, "open": True,
        "vex": {"status": "under_investigation"}}]}


def test_the_cra_clock_is_re_derived_with_the_limits_of_the_policy_in_force(
        tmp_path: Path) -> None:
    on_time = (probe("overdue", Outcome.PASS, 0.0), probe("undated", Outcome.PASS, 0.0),
               probe("vex-coverage", Outcome.PASS, 1.0))
    lax = record(tmp_path, "vuln.response", {"cra-clock.json": _clock(365)}, Outcome.PASS,
                 probes=on_time)
    assert check(tmp_path, lax, {"limit_days": 365})[0] is Agreement.REDERIVED
    agreement, detail = check(tmp_path, lax)  # the default limit: 90 days
    assert agreement is Agreement.DIFFERS
    assert detail == (
        "vuln.response: outcome recorded pass, re-derived fail; probe overdue recorded pass "
        "(0), re-derived fail (1); GHSA-aaaa: limit_days 365 in cra-clock.json, 90 under the "
        "policy in force; GHSA-aaaa: days_left 214 in cra-clock.json, -61 under the policy in "
        "force (from cra-clock.json)")
    tasks = {t: TaskRule(required=False) for t in catalog.ssdf().tasks}
    policy = Policy(name="p", tasks=tasks, checks={
        "vuln.response": CheckRule(options={"limit_days_by_severity": {"high": 365}})})
    [found] = rederive_all([lax], evidence_reader(tmp_path), policy)
    assert found.agreement is Agreement.REDERIVED


def test_sbom_probes_are_re_derived_from_the_sbom(tmp_path: Path) -> None:
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6",
           "metadata": {"timestamp": "2025-06-01T00:00:00Z", "authors": [{"name": "Demo"}],
                        "component": {"bom-ref": "demo", "name": "demo", "version": "1.0",
                                      "purl": "pkg:pypi/demo@1.0",
                                      "supplier": {"name": "Demo"}}},
           "components": [{"bom-ref": "click", "name": "click", "version": "8.1.7",
                           "purl": "pkg:pypi/click@8.1.7"}],
           "dependencies": [{"ref": "demo", "dependsOn": ["click"]}]}
    files = {"sbom.cdx.json": bom, "ntia.json": {"problems": []}}
    outcome, _, probes = ntia_facts(ntia.score(bom), [], 1)
    assert outcome is Outcome.FAIL  # click names no supplier
    honest = record(tmp_path, "sbom", files, outcome, probes=tuple(probes))
    assert check(tmp_path, honest)[0] is Agreement.REDERIVED
    forged = tuple(probe("ntia-supplier", Outcome.PASS, 1.0) if p.id == "ntia-supplier" else p
                   for p in probes)
    detail = check(tmp_path, record(tmp_path, "sbom", files, Outcome.PASS, probes=forged))[1]
    assert detail == ("sbom: outcome recorded pass, re-derived fail; probe ntia-supplier "
                      "recorded pass (1), re-derived fail (0.5) (from sbom.cdx.json, ntia.json)")


def _tests_summary(failures: int) -> dict[str, Any]:
    return {"reports": [{"path": "junit.xml", "sha256": "0" * 64, "tests": 3,
                         "passed": 3 - failures, "failures": failures, "errors": 0,
                         "skipped": 0}], "errors": []}


def test_test_results_are_re_derived_from_the_junit_summary(tmp_path: Path) -> None:
    green = (probe("failures", Outcome.PASS, 0.0), probe("tests-run", Outcome.PASS, 3.0))
    forged = record(tmp_path, "tests.results", {"test-results.json": _tests_summary(2)},
                    Outcome.PASS, probes=green)
    assert check(tmp_path, forged)[1] == (
        "tests.results: outcome recorded pass, re-derived fail; probe failures recorded pass "
        "(0), re-derived fail (2) (from test-results.json)")
    files = {"test-results.json": _tests_summary(0),
             "test-result.predicate.json": {"result": "PASSED"}}
    assert check(tmp_path, record(tmp_path, "tests.results", files, Outcome.PASS,
                                  probes=green))[0] is Agreement.REDERIVED
    files["test-result.predicate.json"] = {"result": "FAILED"}
    assert check(tmp_path, record(tmp_path, "tests.results", files, Outcome.PASS,
                                  probes=green)) == (
        Agreement.DIFFERS, "tests.results: test-result.predicate.json says FAILED but the "
                           "totals of test-results.json give PASSED")
    # No report at all is a failure with no tests run; a pass without evidence is refused.
    none_run = (probe("tests-run", Outcome.FAIL, 0.0),)
    assert check(tmp_path, record(tmp_path, "tests.results", {}, Outcome.FAIL,
                                  probes=none_run))[0] is Agreement.REDERIVED
    assert check(tmp_path, record(tmp_path, "tests.results", {}, Outcome.PASS,
                                  probes=green))[0] is Agreement.DIFFERS


def test_isolation_with_nothing_analysed_is_an_error(tmp_path: Path) -> None:
    files = {"app.isolation.sarif": sarif_log(), "isolation.json": {
        "applicationDescriptions": [], "charts": [], "composeFiles": [], "errors": []}}
    result = record(tmp_path, "app.isolation", files, Outcome.PASS)
    assert check(tmp_path, result)[1].startswith(
        "app.isolation: outcome recorded pass, re-derived error")


def test_probes_that_cannot_be_re_derived_are_compared_with_their_copy_and_said_so(
        tmp_path: Path) -> None:
    missing = probe("security-policy", Outcome.FAIL)
    files = {"hygiene.json": {"probes": [missing.model_dump(mode="json")]}}
    honest = record(tmp_path, "repo.hygiene", files, Outcome.FAIL, probes=(missing,))
    forged = record(tmp_path, "repo.hygiene", files, Outcome.PASS,
                    probes=(probe("security-policy", Outcome.PASS),))
    read = evidence_reader(tmp_path)
    assert rederive(honest, read).agreement is Agreement.CONSISTENT
    ok, detail = summarize([rederive(honest, read)])
    assert ok and detail == ("repo.hygiene agree with the probes their evidence records, but "
                             "those facts (git, documents) cannot be re-derived from evidence")
    ok, detail = summarize([rederive(honest, read), rederive(forged, read)])
    assert not ok and detail == (
        "repo.hygiene: outcome recorded pass, re-derived fail; probe security-policy recorded "
        "pass, re-derived fail (from hygiene.json)")


def test_threat_model_probes_are_compared_with_their_copy(tmp_path: Path) -> None:
    broken = probe("model-present", Outcome.ERROR)
    files = {"threat-model.json": {"probes": [broken.model_dump(mode="json")]}}
    assert check(tmp_path, record(tmp_path, "threat.model", files, Outcome.PASS,
                                  probes=(broken,)))[1].startswith(
        "threat.model: outcome recorded pass, re-derived error")
