"""tests.results: JUnit totals, the in-toto test-result predicate, bad reports, XML safety."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.test_results import (
    PREDICATE,
    SUMMARY,
    ReportError,
    TestResultsCheck,
    glob_match,
    parse_junit,
)
from margo_ssdf.discovery import discover
from margo_ssdf.evaluate import Judgement, judge
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.policy import CheckRule

DATA = Path(__file__).parent / "data" / "junit"


def run_check(root: Path, evidence: Path, **options: object
              ) -> tuple[CheckResult, dict[str, dict]]:
    check = TestResultsCheck()
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=evidence, timeout=60)
    result = check.run(ctx)
    files = {Path(e.path).name: json.loads((evidence / e.path).read_text())
             for e in result.evidence}
    return result, files


def probe(result: CheckResult, pid: str) -> Probe:
    return next(p for p in result.probes if p.id == pid)


def project(tmp_path: Path, reports: dict[str, str]) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "main.go").write_text("package main\n")
    for target, name in reports.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, root / target)
    return root


def test_totals_of_each_report_layout() -> None:
    passing = parse_junit((DATA / "pass.xml").read_bytes(), "pass.xml")
    assert (passing.tests, passing.passed, passing.failures, passing.errors,
            passing.skipped) == (3, 2, 0, 0, 1)
    assert passing.cases[0].name == "tests.test_agent.test_onboarding"
    failing = parse_junit((DATA / "agent.xml").read_bytes(), "agent.xml")
    assert (failing.tests, failing.failures, failing.errors) == (4, 1, 1)
    totals = parse_junit((DATA / "totals.xml").read_bytes(), "totals.xml")
    assert (totals.tests, totals.skipped, totals.cases) == (15, 3, ())


def test_passing_reports_give_a_warned_predicate(tmp_path: Path) -> None:
    root = project(tmp_path, {"test-results/unit/junit.xml": "pass.xml"})
    result, files = run_check(root, tmp_path / "ev")
    assert result.outcome is Outcome.PASS
    failures = probe(result, "failures")
    assert failures.outcome is Outcome.PASS and failures.value == 0
    assert probe(result, "tests-run").value == 3
    summary = files[SUMMARY]
    digest = hashlib.sha256((DATA / "pass.xml").read_bytes()).hexdigest()
    assert summary["reports"] == [{"path": "test-results/unit/junit.xml", "sha256": digest,
                                   "tests": 3, "passed": 2, "failures": 0, "errors": 0,
                                   "skipped": 1}]
    predicate = files[PREDICATE]
    assert predicate == {
        "result": "WARNED",
        "configuration": [{"name": "test-results/unit/junit.xml", "digest": {"sha256": digest},
                           "mediaType": "application/xml"}],
        "passedTests": ["tests.test_agent.test_onboarding", "tests.test_agent.test_desired_state"],
        "warnedTests": ["tests.test_agent.test_gpu"],
        "failedTests": [],
    }


def test_failures_and_errors_decide_pw_8_2(tmp_path: Path) -> None:
    root = project(tmp_path, {"junit.xml": "totals.xml",
                              "build/reports/TEST-agent.xml": "agent.xml"})
    result, files = run_check(root, tmp_path / "ev")
    failures = probe(result, "failures")
    assert failures.outcome is Outcome.FAIL and failures.value == 2
    assert result.outcome is Outcome.FAIL
    assert files[SUMMARY]["totals"] == {"tests": 19, "passed": 14, "failures": 1, "errors": 1,
                                        "skipped": 3}
    assert files[SUMMARY]["failedTests"] == ["agent.TestRollback", "agent.TestTimeout"]
    assert files[PREDICATE]["result"] == "FAILED"
    assert files[PREDICATE]["failedTests"] == ["agent.TestRollback", "agent.TestTimeout"]
    assert judge(result, "tests.results", "PW.8.2",
                 CheckRule(thresholds={"max_failures": 0}))[0] is Judgement.FAIL
    assert judge(result, "tests.results", "PW.8.2",
                 CheckRule(thresholds={"max_failures": 2}))[0] is Judgement.PASS


def test_no_report_fails_with_the_reason(tmp_path: Path) -> None:
    result, _ = run_check(project(tmp_path, {}), tmp_path / "ev")
    assert result.outcome is Outcome.FAIL  # tests always apply: no report is not "n/a"
    assert result.reason is not None and "no JUnit XML report found" in result.reason
    assert "**/junit*.xml" in result.reason
    assert judge(result, "tests.results", "PW.8.2",
                 CheckRule(thresholds={"min_tests_run": 1}))[0] is Judgement.FAIL


def test_report_that_is_not_xml_is_an_error_naming_it(tmp_path: Path) -> None:
    root = project(tmp_path, {"junit.xml": "pass.xml",
                              "test-results/go.xml": "not-xml.xml"})
    result, files = run_check(root, tmp_path / "ev")
    assert result.outcome is Outcome.ERROR
    assert result.reason is not None
    assert result.reason.startswith("test-results/go.xml: not a JUnit XML report: the file is "
                                    "not XML")
    assert probe(result, "failures").outcome is Outcome.ERROR
    # The readable report is still summarised; no predicate claims an unknown result.
    assert files[SUMMARY]["totals"]["tests"] == 3
    assert PREDICATE not in files


def test_doctype_in_a_report_is_refused_without_resolving(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (f'<!DOCTYPE testsuite [<!ENTITY leak SYSTEM "file://{secret}">]>'
            '<testsuite><testcase name="&leak;"/></testsuite>').encode()
    with pytest.raises(ReportError, match="refused") as info:
        parse_junit(data, "junit.xml")
    assert "TOP-SECRET-CONTENT" not in str(info.value)


def test_wrong_root_is_not_a_junit_report() -> None:
    with pytest.raises(ReportError, match=r"root element is <coverage>"):
        parse_junit(b"<coverage/>", "junit-cov.xml")


def test_reports_option_chooses_files(tmp_path: Path) -> None:
    root = project(tmp_path, {"out/results.xml": "pass.xml",
                              "junit.xml": "agent.xml"})
    result, files = run_check(root, tmp_path / "ev", reports=["out/*.xml"])
    assert [r["path"] for r in files[SUMMARY]["reports"]] == ["out/results.xml"]
    assert result.outcome is Outcome.PASS


def test_fixture_directories_are_excluded_by_default(tmp_path: Path) -> None:
    root = project(tmp_path, {"tests/checks/data/junit-old.xml": "not-xml.xml",
                              "pkg/testdata/junit.xml": "not-xml.xml",
                              "junit.xml": "pass.xml"})
    result, files = run_check(root, tmp_path / "ev")
    assert [r["path"] for r in files[SUMMARY]["reports"]] == ["junit.xml"]
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(("rel", "pattern", "ok"), [
    ("junit.xml", "**/junit*.xml", True),
    ("a/b/junit-unit.xml", "**/junit*.xml", True),
    ("a/TEST-x.xml", "**/TEST-*.xml", True),
    ("test-results/go/unit.xml", "test-results/**/*.xml", True),
    ("test-results/unit.xml", "test-results/**/*.xml", True),
    ("other/unit.xml", "test-results/**/*.xml", False),
    ("a/b.xml", "*.xml", False),
])
def test_glob_match(rel: str, pattern: str, ok: bool) -> None:
    assert glob_match(rel, pattern) is ok
