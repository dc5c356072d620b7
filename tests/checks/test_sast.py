"""bandit and zizmor through our SAST checks: real tools, SARIF evidence, triage."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from margo_ssdf import sarif, triage
from margo_ssdf.checks import Check, CheckContext
from margo_ssdf.checks.sast import SastCheck
from margo_ssdf.checks.sast_bandit import BanditCheck
from margo_ssdf.checks.sast_semgrep import SemgrepCheck
from margo_ssdf.checks.sast_workflows import WorkflowsCheck
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ConfigError, ToolError
from margo_ssdf.models import CheckResult, Outcome, Severity
from tests.conftest import validate_sarif

VULNERABLE = """\
import subprocess


def run(user_input):
    subprocess.call("ls " + user_input, shell=True)
"""


def run_check(check: Check, root: Path, evidence: Path) -> tuple[CheckResult, dict]:
    ctx = CheckContext(project=discover(root), options=dict(check.options),
                       evidence_root=evidence, timeout=120)
    result = check.run(ctx)
    log = {}
    if result.evidence:
        log = json.loads((evidence / result.evidence[0].path).read_text())
    return result, log


@pytest.fixture
def py_project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "cmd.py").write_text(VULNERABLE)
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("import pickle\npickle.loads(b'')\n")
    return root


def test_bandit_reports_high_finding_with_cwe_and_line(py_project: Path, tmp_path: Path,
                                                        sarif_schema: dict) -> None:
    result, log = run_check(BanditCheck(), py_project, tmp_path / "ev")
    assert result.outcome is Outcome.FAIL
    assert result.counts[Severity.HIGH] == 1
    validate_sarif(log, sarif_schema)
    found = sarif.read_results(log)
    b602 = next(r for r in found if r.rule_id == "B602")
    assert (b602.path, b602.line, b602.severity) == ("pkg/cmd.py", 5, "high")
    assert b602.cwe == ("CWE-78", "CWE-77")  # with its parent class
    assert all(not r.path.startswith("tests/") for r in found)  # tests/ excluded by default
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert log["runs"][0]["results"][0]["ruleIndex"] == [r["id"] for r in rules].index(
        log["runs"][0]["results"][0]["ruleId"])


def test_fingerprint_survives_a_line_shift(py_project: Path, tmp_path: Path) -> None:
    _, before = run_check(BanditCheck(), py_project, tmp_path / "a")
    path = py_project / "pkg" / "cmd.py"
    path.write_text('"""Docstring added above."""\n\n' + path.read_text())
    _, after = run_check(BanditCheck(), py_project, tmp_path / "b")
    fp = {r.rule_id: (r.fingerprint, r.line) for r in sarif.read_results(before)}
    fp2 = {r.rule_id: (r.fingerprint, r.line) for r in sarif.read_results(after)}
    assert fp["B602"][0] == fp2["B602"][0] and fp["B602"][1] + 2 == fp2["B602"][1]


@pytest.mark.parametrize(("comment", "triaged"), [
    ("  # nosec B602 -- input is a constant from our own config", True),
    ("  # nosec", False),  # a suppression without a reason stays open
])
def test_inline_suppression_needs_a_justification(py_project: Path, tmp_path: Path,
                                                  comment: str, triaged: bool) -> None:
    path = py_project / "pkg" / "cmd.py"
    path.write_text(path.read_text().replace("shell=True)", "shell=True)" + comment))
    result, log = run_check(BanditCheck(), py_project, tmp_path / "ev")
    assert result.counts.get(Severity.HIGH, 0) == (0 if triaged else 1)
    b602 = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "B602")
    if triaged:
        assert b602["suppressions"][0]["justification"] == \
            "input is a constant from our own config"
    else:
        assert "suppressions" not in b602


def test_baseline_entry_triages_and_empty_justification_does_not(py_project: Path,
                                                                 tmp_path: Path) -> None:
    _, log = run_check(BanditCheck(), py_project, tmp_path / "a")
    b602 = next(r for r in sarif.read_results(log) if r.rule_id == "B602")
    triage.add(py_project, triage.TriageEntry(
        fingerprint=b602.fingerprint, rule="B602", decision=triage.Decision.FALSE_POSITIVE,
        justification="user_input is validated by the caller", who="alice"))
    result, log = run_check(BanditCheck(), py_project, tmp_path / "b")
    assert result.counts.get(Severity.HIGH, 0) == 0 and "1 triaged" in (result.reason or "")
    supp = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "B602")["suppressions"]
    assert supp[0]["kind"] == "external" and supp[0]["properties"]["decision"] == "false_positive"
    (py_project / triage.BASELINE).write_text(
        f"findings:\n  - fingerprint: {b602.fingerprint}\n    rule: B602\n"
        "    decision: accepted_risk\n    justification: ''\n")
    result, _ = run_check(BanditCheck(), py_project, tmp_path / "c")
    assert result.counts[Severity.HIGH] == 1


def test_bad_baseline_names_file_and_key(py_project: Path) -> None:
    (py_project / ".margo-ssdf").mkdir()
    (py_project / triage.BASELINE).write_text(
        "findings:\n  - fingerprint: abc\n    rule: B602\n    decision: maybe\n"
        "    justification: x\n")
    with pytest.raises(ConfigError, match=r"triage.yaml:2 \(key 'findings.0.fingerprint'\)"):
        triage.load(py_project)


def test_unparsable_python_is_listed_and_the_rest_analysed(py_project: Path,
                                                           tmp_path: Path) -> None:
    (py_project / "pkg" / "broken.py").write_text("def f(:\n")
    (py_project / "pkg" / "binary.py").write_bytes(b"\x00\xff\xfe\x00garbage")
    result, log = run_check(BanditCheck(), py_project, tmp_path / "ev")
    assert result.counts[Severity.HIGH] == 1
    assert "could not be parsed" in (result.reason or "")
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    paths = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes}
    assert "pkg/broken.py" in paths


def test_no_python_files_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "go"
    root.mkdir()
    (root / "main.go").write_text("package main\n")
    result, _ = run_check(BanditCheck(), root, tmp_path / "ev")
    assert result.outcome is Outcome.SKIPPED and "no files to scan" in (result.reason or "")


WORKFLOW = """\
on: pull_request_target
permissions: {}
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_zizmor_finds_template_injection(tmp_path: Path, sarif_schema: dict) -> None:
    root = tmp_path / "wf"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "greet.yml").write_text(WORKFLOW)
    result, log = run_check(WorkflowsCheck(), root, tmp_path / "ev")
    validate_sarif(log, sarif_schema)
    found = {r.rule_id: r for r in sarif.read_results(log)}
    inj = found["zizmor/template-injection"]
    assert (inj.path, inj.line, inj.severity, inj.cwe) == (
        ".github/workflows/greet.yml", 7, "high", ("CWE-94", "CWE-74"))
    assert "zizmor/dangerous-triggers" in found
    assert result.outcome is Outcome.FAIL and result.counts[Severity.HIGH] >= 2


CLEAN_WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
"""


def test_zizmor_finding_nothing_is_a_clean_pass(tmp_path: Path, sarif_schema: dict) -> None:
    # zizmor's SARIF for a clean run has no `rules` key; that used to be "zizmor failed".
    root = tmp_path / "wf"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text(CLEAN_WORKFLOW)
    result, log = run_check(WorkflowsCheck(), root, tmp_path / "ev")
    validate_sarif(log, sarif_schema)
    assert result.outcome is Outcome.PASS, result.reason
    assert sarif.read_results(log) == [] and sum(result.counts.values()) == 0


def test_run_merges_every_engine_into_one_sarif(py_project: Path, tmp_path: Path,
                                                sarif_schema: dict) -> None:
    import hashlib

    from margo_ssdf.cli import main
    from margo_ssdf.models import RunSummary

    (py_project / ".github" / "workflows").mkdir(parents=True)
    (py_project / ".github" / "workflows" / "greet.yml").write_text(WORKFLOW)
    out = tmp_path / "out"
    main(["run", str(py_project), "--out", str(out), "--check", "sast.bandit",
          "--check", "sast.workflows"])
    summary = RunSummary.model_validate_json((out / "summary.json").read_text())
    merged = summary.reports[0]
    data = (out / merged.path).read_bytes()
    assert merged.path == "sast.sarif" and hashlib.sha256(data).hexdigest() == merged.sha256
    log = json.loads(data)
    validate_sarif(log, sarif_schema)
    assert [r["tool"]["driver"]["name"] for r in log["runs"]] == ["bandit", "zizmor"]


def test_a_line_with_two_tools_markers_triages_each_with_its_own_reason() -> None:
    line = "x = 1  # nosec B506 -- a safe loader  # nosemgrep: r.x -- semgrep cannot see it"
    assert sarif.inline_triage(line, ("nosec",)) == sarif.Triage("inSource", "a safe loader")
    assert sarif.inline_triage(line, ("nosemgrep",)) == sarif.Triage(
        "inSource", "semgrep cannot see it")
    assert sarif.inline_triage("x = 1  # nosemgrep", ("nosemgrep",)) is None


@pytest.mark.parametrize("check", [BanditCheck(), SemgrepCheck()], ids=lambda c: c.id)
def test_a_file_name_that_is_not_utf8_is_an_error_naming_the_file(
        check: SastCheck, tmp_path: Path) -> None:
    # Such a name used to crash the SARIF writer (bandit) or be skipped silently (semgrep).
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    Path(os.fsdecode(os.fsencode(root / "pkg") + b"/caf\xe9.py")).write_text(
        "import subprocess\nsubprocess.call('ls', shell=True)\n")
    (root / "pkg" / "ok.py").write_text("x = 1\n")
    ctx = CheckContext(project=discover(root), options=check.options,
                       evidence_root=tmp_path / "ev", timeout=120)
    with pytest.raises(ToolError, match=r"not valid UTF-8: pkg/caf\\xe9\.py"):
        check.run(ctx)
