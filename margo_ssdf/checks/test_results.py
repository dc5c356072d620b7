"""`tests.results`: the project's own test results (JUnit XML), recorded for PW.8.2.

Reports are found by the `reports` globs less the `exclude` globs (project-relative; `**`
spans directories, so test fixtures under `tests/**/data/` are not taken for results), parsed
with defusedxml with DTDs refused (no entity is ever resolved), and totalled. Evidence: a JSON
summary with every report's digest, and the body of an in-toto test-result predicate
(https://in-toto.io/attestation/test-result/v0.1) for the release's statement file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.models import CheckResult, Outcome, Probe

PREDICATE_TYPE = "https://in-toto.io/attestation/test-result/v0.1"
SUMMARY = "test-results.json"
PREDICATE = "test-result.predicate.json"
DEFAULT_REPORTS = ["**/junit*.xml", "**/TEST-*.xml", "test-results/**/*.xml"]
# Test fixtures that happen to be JUnit files are not this project's results.
DEFAULT_EXCLUDE = ["**/testdata/**", "**/fixtures/**", "tests/**/data/**", "test/**/data/**"]
MAX_REPORT_BYTES = 64 * 1024 * 1024


class ReportError(ValueError):
    """A report that cannot be read; the message names the file."""


@functools.lru_cache(maxsize=64)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(rel: str, pattern: str) -> bool:
    """Match a project-relative path: `*` within a directory, `**/` across any number."""
    return bool(_glob_regex(pattern).match(rel))


@dataclass(frozen=True)
class CaseResult:
    """One test case's outcome."""

    name: str
    outcome: str
    """`passed`, `failed`, `error` or `skipped`."""


@dataclass(frozen=True)
class JUnitReport:
    """One readable JUnit XML report."""

    path: str
    sha256: str
    tests: int
    failures: int
    errors: int
    skipped: int
    cases: tuple[CaseResult, ...]

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "tests": self.tests,
                "passed": self.passed, "failures": self.failures, "errors": self.errors,
                "skipped": self.skipped}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(element: Element, name: str) -> int:
    try:
        return max(int(float(element.get(name, "0") or 0)), 0)
    except (ValueError, OverflowError):  # "abc", "inf", "1e400": not a count
        return 0


def _outcome(case: Element) -> str:
    kinds = {_local(c.tag) for c in case}
    if "error" in kinds:
        return "error"
    if "failure" in kinds:
        return "failed"
    if "skipped" in kinds:
        return "skipped"
    return "passed"


def parse_junit(data: bytes, rel: str) -> JUnitReport:
    """Totals and test cases of a JUnit XML report (`<testsuites>` or `<testsuite>` root)."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise ReportError(f"{rel}: refused: the report has a DOCTYPE or entity declarations "
                          f"({type(exc).__name__}); no entity is ever resolved.") from exc
    except ParseError as exc:
        raise ReportError(f"{rel}: not a JUnit XML report: the file is not XML ({exc}).") \
            from exc
    if _local(root.tag) not in ("testsuites", "testsuite"):
        raise ReportError(f"{rel}: not a JUnit XML report: the root element is "
                          f"<{_local(root.tag)}>, not <testsuites> or <testsuite>.")
    cases = []
    for case in root.iter():
        if _local(case.tag) != "testcase":
            continue
        name, cls = case.get("name", ""), case.get("classname", "")
        cases.append(CaseResult(name=f"{cls}.{name}" if cls and name else name or cls,
                                outcome=_outcome(case)))
    sha = hashlib.sha256(data).hexdigest()
    if cases:
        count = {k: sum(1 for c in cases if c.outcome == k) for k in ("failed", "error",
                                                                       "skipped")}
        return JUnitReport(rel, sha, len(cases), count["failed"], count["error"],
                           count["skipped"], tuple(cases))
    # A report that lists only totals: add up the innermost suites.
    suites = [s for s in root.iter() if _local(s.tag) == "testsuite"
              and not any(_local(c.tag) == "testsuite" for c in s)] or [root]
    return JUnitReport(rel, sha, sum(_int(s, "tests") for s in suites),
                       sum(_int(s, "failures") for s in suites),
                       sum(_int(s, "errors") for s in suites),
                       sum(_int(s, "skipped") + _int(s, "disabled") for s in suites), ())


def predicate(reports: Sequence[JUnitReport]) -> dict[str, Any]:
    """The in-toto test-result predicate body; skipped tests are the warned ones."""
    cases = [c for r in reports for c in r.cases]
    failed = sum(r.failures + r.errors for r in reports)
    skipped = sum(r.skipped for r in reports)
    return {
        "result": "FAILED" if failed else "WARNED" if skipped else "PASSED",
        "configuration": [{"name": r.path, "digest": {"sha256": r.sha256},
                           "mediaType": "application/xml"} for r in reports],
        "passedTests": [c.name for c in cases if c.outcome == "passed"],
        "warnedTests": [c.name for c in cases if c.outcome == "skipped"],
        "failedTests": [c.name for c in cases if c.outcome in ("failed", "error")],
    }


class TestResultsCheck(Check):
    """Record the project's own JUnit test results."""

    __test__: ClassVar[bool] = False  # not a pytest test class, whatever its name

    id = "tests.results"
    title = "The project's own test results (JUnit XML)"
    tasks = ("PW.8.2",)
    tool = "margo-ssdf JUnit reader"
    distribution = "margo-ssdf"
    remediation = ("Run the test suite with JUnit XML output (e.g. `pytest --junitxml "
                   "test-results/junit.xml`, `gotestsum --junitfile test-results/junit.xml`) "
                   "before margo-ssdf, and fix every failing test.")
    thresholds: ClassVar[Mapping[str, str]] = {
        "max_failures": "most failed or erroring tests allowed",
        "min_tests_run": "fewest tests the reports must contain",
    }
    options: ClassVar[Mapping[str, Any]] = {"reports": DEFAULT_REPORTS,
                                            "exclude": DEFAULT_EXCLUDE}

    def reports(self, project: Project, options: Mapping[str, Any]) -> list[str]:
        """Project files matching the `reports` globs and none of the `exclude` globs."""
        patterns = [str(p) for p in options.get("reports") or []]
        excludes = [str(p) for p in options.get("exclude") or []]
        return [rel for rel in project.files if any(glob_match(rel, p) for p in patterns)
                and not any(glob_match(rel, p) for p in excludes)]

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        return self.reports(project, options)

    def run(self, ctx: CheckContext) -> CheckResult:
        found = self.reports(ctx.project, ctx.options)
        if not found:
            # Every release has tests to report: no report is a failure, not "not applicable".
            patterns = ", ".join(str(p) for p in ctx.options.get("reports") or []) or "none"
            missing = (f"no JUnit XML report found (looked for {patterns}); run the tests with "
                       "JUnit output (pytest --junitxml, go-junit-report) and pass --test-report")
            probe = Probe(id="tests-run", tasks=("PW.8.2",), outcome=Outcome.FAIL,
                          reason=missing, value=0.0)
            return self.result(ctx, Outcome.FAIL, missing, probes=[probe])
        reports: list[JUnitReport] = []
        errors: list[tuple[str, str]] = []
        for rel in found:
            try:
                path = ctx.project.path(rel)
                if path.stat().st_size > MAX_REPORT_BYTES:
                    raise ReportError(f"{rel}: larger than {MAX_REPORT_BYTES // 2**20} MiB.")
                reports.append(parse_junit(path.read_bytes(), rel))
            except ReportError as exc:
                errors.append((rel, str(exc)))
            except OSError as exc:
                errors.append((rel, f"{rel}: cannot be read: {exc.strerror}."))
        totals = report_totals([r.as_json() for r in reports])
        outcome, probes = results_facts(totals, errors)
        summary = {
            "reports": [r.as_json() for r in reports],
            "errors": [{"path": p, "error": e} for p, e in errors],
            "totals": totals,
            "failedTests": [c.name for r in reports for c in r.cases
                            if c.outcome in ("failed", "error")],
            "probes": [p.model_dump(mode="json") for p in probes],
        }
        evidence = [ctx.write_evidence(self.id, SUMMARY, json.dumps(summary, indent=2).encode(),
                                       "application/json")]
        if not errors:
            # Only what was read is attested: with an unreadable report the result is unknown.
            evidence.append(ctx.write_evidence(
                self.id, PREDICATE, json.dumps(predicate(reports), indent=2).encode(),
                "application/json"))
        if errors:
            return self.result(ctx, Outcome.ERROR, "; ".join(e for _, e in errors),
                               probes=probes, evidence=evidence)
        reason = "; ".join(p.reason for p in probes if p.outcome is Outcome.FAIL) or None
        return self.result(ctx, outcome, reason, probes=probes, evidence=evidence)


TOTALS = ("tests", "passed", "failures", "errors", "skipped")


def report_totals(reports: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """The totals of the reports' summaries (`JUnitReport.as_json`, as in test-results.json)."""
    rows = list(reports)
    return {k: sum(int(r[k]) for r in rows) for k in TOTALS}


def results_facts(totals: Mapping[str, int], errors: Sequence[tuple[str, str]]
                  ) -> tuple[Outcome, list[Probe]]:
    """Outcome and probes from the totals and the unreadable reports.

    The check reports these and re-derivation recomputes them from test-results.json.
    """
    tasks = ("PW.8.2",)
    if errors:
        why = "unreadable report(s) may hide results: " + ", ".join(p for p, _ in errors)
        return Outcome.ERROR, [Probe(id=i, tasks=tasks, outcome=Outcome.ERROR, reason=why)
                               for i in ("failures", "tests-run")]
    bad = totals["failures"] + totals["errors"]
    probes = [
        Probe(id="failures", tasks=tasks, outcome=Outcome.FAIL if bad else Outcome.PASS,
              value=float(bad),
              reason=(f"{totals['failures']} failed and {totals['errors']} erroring of "
                      f"{totals['tests']} tests" if bad
                      else f"no failing test among {totals['tests']}")),
        Probe(id="tests-run", tasks=tasks,
              outcome=Outcome.PASS if totals["tests"] else Outcome.FAIL,
              value=float(totals["tests"]),
              reason=f"{totals['tests']} tests recorded ({totals['passed']} passed, "
                     f"{totals['skipped']} skipped)"),
    ]
    failing = any(p.outcome is Outcome.FAIL for p in probes)
    return (Outcome.FAIL if failing else Outcome.PASS), probes
