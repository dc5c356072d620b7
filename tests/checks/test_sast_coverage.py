"""Per-file coverage of the SAST engines, with real bandit and semgrep: which engine parsed
each file, coverage gaps as findings at the policy's severity, and bandit's interpreter."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import rederive, sarif
from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.sast import SastCheck
from margo_ssdf.checks.sast_bandit import OWN_INTERPRETER, BanditCheck
from margo_ssdf.checks.sast_coverage import (
    COVERAGE_KEY,
    GAP_RULE_ID,
    EngineCoverage,
    FileParse,
    Parse,
    coverage_table,
    gap_findings,
    read_coverage,
    rederive_gaps,
)
from margo_ssdf.checks.sast_semgrep import SemgrepCheck
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ConfigError, ToolError
from margo_ssdf.models import CheckResult, Outcome, Severity
from margo_ssdf.report import coverage as report_coverage

# Python 3.12 only: a type alias statement, PEP 695 generics, PEP 701 nested f-string quotes.
PY312 = ('type Vector = list[float]\n\n\ndef first[T](items: list[T]) -> T:\n'
         '    return items[0]\n\n\nNAMES = ["a", "b"]\nprint(f"{"-".join(NAMES)}")\n')
# Nothing a Python parser can make sense of: bandit fails, semgrep's recovery keeps no line.
GARBAGE_PY = b"\x00\xff\xfe\x00garbage"
# No Go at all: semgrep's Go parser gives up on the whole file.
BROKEN_GO = "this is not go at all {{{ exec.Command(x) (((\n"
# One bad function: semgrep recovers and analyses the rest.
PARTIAL_GO = ('package main\n\nimport "os/exec"\n\nfunc a() { exec.Command("ls").Run() }\n\n'
              'func b() { x := [ }\n\nfunc c() {}\n')
SYSTEM_PYTHON = Path("/usr/bin/python3.11")


def run_check(check: SastCheck, root: Path, evidence: Path, **options: Any
              ) -> tuple[CheckResult, dict[str, Any]]:
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=evidence, timeout=180)
    result = check.run(ctx)
    return result, json.loads((evidence / result.evidence[0].path).read_text())


def gaps(log: dict[str, Any]) -> dict[str, str]:
    return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]:
            r["properties"]["severity"] for r in log["runs"][0]["results"]
            if r["ruleId"] == GAP_RULE_ID}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "modern.py").write_text(PY312)
    (root / "pkg" / "garbage.py").write_bytes(GARBAGE_PY)
    (root / "pkg" / "fine.py").write_text("def f(x):\n    return x\n")
    (root / "cmd").mkdir()
    (root / "cmd" / "broken.go").write_text(BROKEN_GO)
    (root / "cmd" / "partial.go").write_text(PARTIAL_GO)
    return root


def test_bandit_records_what_it_parsed_and_a_file_no_engine_parses_is_a_gap(
        project: Path, tmp_path: Path) -> None:
    result, log = run_check(BanditCheck(), project, tmp_path / "ev")
    (cov,) = read_coverage(log)
    assert cov.engine == "bandit"
    assert set(cov.scanned) == {"pkg/modern.py", "pkg/garbage.py", "pkg/fine.py"}
    # Under 3.11 both files are unparsed; semgrep parses the 3.12 one, so only garbage is a gap.
    assert {p.path for p in cov.unparsed()} == {"pkg/modern.py", "pkg/garbage.py"}
    asked = {p.path: p.state for p in cov.others["semgrep"]}
    assert asked == {"pkg/modern.py": Parse.PARSED, "pkg/garbage.py": Parse.UNPARSED}
    assert gaps(log) == {"pkg/garbage.py": "medium"}
    assert result.counts == {Severity.MEDIUM: 1} and result.outcome is Outcome.FAIL
    assert "pkg/modern.py" in (result.reason or "") and "coverage gap" in (result.reason or "")


def test_gap_severity_is_the_policys(project: Path, tmp_path: Path) -> None:
    result, log = run_check(BanditCheck(), project, tmp_path / "ev",
                            coverage_gap_severity="high")
    assert gaps(log) == {"pkg/garbage.py": "high"}
    assert result.counts == {Severity.HIGH: 1}
    with pytest.raises(ConfigError, match="coverage_gap_severity"):
        run_check(BanditCheck(), project, tmp_path / "ev2", coverage_gap_severity="dire")


def test_semgrep_broken_go_is_a_gap_partial_go_is_shown_not_counted(
        project: Path, tmp_path: Path) -> None:
    result, log = run_check(SemgrepCheck(), project, tmp_path / "ev")
    (cov,) = read_coverage(log)
    assert cov.state("cmd/broken.go") is Parse.UNPARSED
    assert cov.state("cmd/partial.go") is Parse.PARTIAL
    assert cov.state("pkg/modern.py") is Parse.PARSED
    # garbage.py is unparsed by semgrep too, but its gap is bandit's to count (never twice).
    assert cov.state("pkg/garbage.py") is Parse.UNPARSED
    assert gaps(log) == {"cmd/broken.go": "medium"}
    assert result.counts.get(Severity.MEDIUM) == 1
    assert "cmd/partial.go" in (result.reason or "")


def test_cross_engine_table_and_rederivation(project: Path, tmp_path: Path) -> None:
    bandit, blog = run_check(BanditCheck(), project, tmp_path / "ev")
    semgrep, slog = run_check(SemgrepCheck(), project, tmp_path / "ev")
    table = coverage_table([*read_coverage(blog), *read_coverage(slog)])
    assert table.all_parsed == 1  # fine.py
    some = {r.path: r.parsed_by for r in table.some}
    assert some == {"pkg/modern.py": ["semgrep"], "cmd/partial.go": ["semgrep"]}
    assert {r.path for r in table.none} == {"pkg/garbage.py", "cmd/broken.go"}
    assert "Python 3." in table.interpreters["bandit"]
    # The report's view: gaps first, partial parses named as such, each engine's reason.
    shown = report_coverage.rows(table)
    assert [r[0] for r in shown[:2]] == ["cmd/broken.go", "pkg/garbage.py"]
    assert shown[2][:2] == ("cmd/partial.go", "semgrep (partly)")
    assert "bandit: syntax error" in {r[0]: r[2] for r in shown}["pkg/modern.py"]
    assert "1 parsed by every engine, 2 by some, 2 by none" in report_coverage.summary(table)
    read = rederive.evidence_reader(tmp_path / "ev")
    for result in (bandit, semgrep):
        found = rederive.rederive(result, read, {})
        assert found.agreement is rederive.Agreement.REDERIVED, found.detail
    # Under a policy giving gaps another severity, the record no longer stands.
    other = rederive.rederive(bandit, read, {"coverage_gap_severity": "low"})
    assert other.agreement is rederive.Agreement.DIFFERS
    assert "another severity" in other.detail
    # A gap dropped from the results is judged again from the recorded coverage.
    dropped = {**blog, "runs": [{**run, "results": [r for r in run["results"]
                                                     if r["ruleId"] != GAP_RULE_ID]}
                                for run in blog["runs"]]}
    again, notes = rederive_gaps(dropped, Severity.MEDIUM)
    assert gaps(again) == {"pkg/garbage.py": "medium"}
    assert notes == ("coverage gaps recorded none, re-derived from the coverage "
                     "['pkg/garbage.py']",)


@pytest.mark.skipif(not SYSTEM_PYTHON.is_file(), reason="needs /usr/bin/python3.11")
def test_interpreter_option_is_honoured_and_reported(project: Path, tmp_path: Path) -> None:
    result, log = run_check(BanditCheck(), project, tmp_path / "ev", python=str(SYSTEM_PYTHON))
    (cov,) = read_coverage(log)
    assert cov.interpreter["name"] == str(SYSTEM_PYTHON)  # the option as written
    assert cov.interpreter["version"].startswith("3.11.")
    assert result.tool.argv[:3] == (str(SYSTEM_PYTHON), "-m", "bandit")
    assert f"({SYSTEM_PYTHON})" in (result.reason or "")
    assert gaps(log) == {"pkg/garbage.py": "medium"}


def test_default_interpreter_is_margos_own(project: Path, tmp_path: Path) -> None:
    (project / "pkg" / "garbage.py").unlink()
    (project / "pkg" / "modern.py").unlink()
    result, log = run_check(BanditCheck(), project, tmp_path / "ev")
    (cov,) = read_coverage(log)
    assert cov.interpreter == {"name": OWN_INTERPRETER, "version": platform.python_version()}
    assert result.outcome is Outcome.PASS and OWN_INTERPRETER in (result.reason or "")
    # Its path would show this machine's directories in signed evidence.
    assert result.tool.argv[0] == "python" and sys.executable not in json.dumps(log)
    assert sys.executable not in (result.reason or "")


def test_missing_interpreter_fails_closed_naming_the_option(project: Path,
                                                            tmp_path: Path) -> None:
    with pytest.raises(ToolError) as caught:
        run_check(BanditCheck(), project, tmp_path / "ev", python="python3.99-not-here")
    text = caught.value.diagnostics()
    assert "python3.99-not-here" in text and "checks.sast.bandit.options.python" in text


def test_rederivation_reads_gaps_written_under_a_repository_root() -> None:
    """A project in a subdirectory writes repository-root uris; its coverage stays
    project-relative, and re-derivation compares the two through PROJECTROOT."""
    cov = EngineCoverage("semgrep", ("cmd/broken.go",),
                         (FileParse("cmd/broken.go", Parse.UNPARSED, "syntax error"),))
    run = sarif.run_json("semgrep", "1", "https://semgrep.dev/",
                         gap_findings(cov, Severity.MEDIUM),
                         properties={COVERAGE_KEY: cov.to_json()},
                         root=sarif.SourceRoot("file:///repo/", "apps/agent/"))
    assert gaps(sarif.log_json([run])) == {"apps/agent/cmd/broken.go": "medium"}
    again, notes = rederive_gaps(sarif.log_json([run]), Severity.MEDIUM)
    assert notes == ()
    assert sarif.log_counts(again) == {Severity.MEDIUM: 1}


def test_a_triaged_gap_stays_open_as_rederivation_counts_it(project: Path,
                                                             tmp_path: Path) -> None:
    """Gaps are the policy's (coverage_gap_severity), not triage's: the check and audit agree."""
    _, first = run_check(BanditCheck(), project, tmp_path / "ev0")
    (gap,) = [r for r in first["runs"][0]["results"] if r["ruleId"] == GAP_RULE_ID]
    fingerprint = next(iter(gap["partialFingerprints"].values()))
    (project / ".margo-ssdf").mkdir()
    (project / ".margo-ssdf" / "triage.yaml").write_text(
        f"findings:\n  - fingerprint: {json.dumps(fingerprint)}\n    rule: {GAP_RULE_ID}\n"
        "    decision: false_positive\n"
        "    justification: generated file\n    who: tester\n")
    result, log = run_check(BanditCheck(), project, tmp_path / "ev")
    assert result.counts == {Severity.MEDIUM: 1}
    again, _ = rederive_gaps(log, Severity.MEDIUM)
    assert sarif.log_counts(again) == result.counts


def test_gaps_recorded_without_a_coverage_record_stay_open() -> None:
    run = sarif.run_json("bandit", "1", "https://example.org", [], [])
    run["results"] = [{"ruleId": GAP_RULE_ID, "properties": {"severity": "medium"},
                       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}}}]}]
    again, notes = rederive_gaps(sarif.log_json([run]), Severity.MEDIUM)
    assert sarif.log_counts(again) == {Severity.MEDIUM: 1}
    assert notes and "without the coverage record" in notes[0]
    # ... at the policy's severity, and open even when the producer marked them triaged.
    run["results"][0]["properties"]["severity"] = "low"
    run["results"].append({**run["results"][0], "suppressions": [{"kind": "external"}]})
    again, _ = rederive_gaps(sarif.log_json([run]), Severity.HIGH)
    assert sarif.log_counts(again) == {Severity.HIGH: 2}
