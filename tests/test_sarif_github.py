"""SARIF that GitHub code scanning accepts as it is: every ingestion rule we can express, checked
in Python on a log holding every rule our engines can report, and the SARIF multitool's own
GitHub rules (GH*) when it is installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import sarif, sarif_help
from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.app_isolation import AppIsolationCheck
from margo_ssdf.checks.sast_bandit import _rule as bandit_rule
from margo_ssdf.checks.sast_coverage import gap_rule
from margo_ssdf.checks.sast_semgrep import load_rules, rule_files
from margo_ssdf.checks.sast_workflows import AUDIT_CWE
from margo_ssdf.cwe import with_parents
from margo_ssdf.discovery import discover
from margo_ssdf.isolation.rules import RULES
from margo_ssdf.models import Severity
from tests.conftest import validate_sarif

ISOLATION = Path(__file__).parent / "checks" / "data" / "isolation" / "vulnerable"
BANDIT_ITEM = {
    "test_id": "B602", "test_name": "subprocess_popen_with_shell_equals_true",
    "issue_text": "subprocess call with shell=True identified, security issue.",
    "issue_severity": "HIGH", "issue_cwe": {"id": 78},
    "more_info": "https://bandit.readthedocs.io/en/1.8.6/plugins/"
                 "b602_subprocess_popen_with_shell_equals_true.html"}


def every_rule() -> list[sarif.Rule]:
    """One of each rule our engines can report (semgrep packs, isolation, gaps, bandit, zizmor)."""
    zizmor = [sarif.Rule(id=f"zizmor/{audit}", name=audit, description=f"zizmor's {audit} audit",
                         severity=Severity.MEDIUM, cwe=(cwe,),
                         help_uri=f"https://docs.zizmor.sh/audits/#{audit}")
              for audit, cwe in AUDIT_CWE.items()]
    return [*load_rules(rule_files()).values(), *RULES.values(), gap_rule(Severity.MEDIUM),
            bandit_rule(BANDIT_ITEM), *zizmor]


def every_rule_log(root: sarif.SourceRoot) -> dict[str, Any]:
    findings = [sarif.Finding(rule=r, message=f"{r.name} matched here", path=f"src/m{i}.py",
                              line=i + 1, snippet=f"line {i}")
                for i, r in enumerate(every_rule())]
    run = sarif.run_json("margo-test", "1.0.0", "https://example.org/tool",
                         sarif.number_occurrences(findings),
                         notifications=[("src/broken.py", "could not be parsed")], root=root)
    return sarif.log_json([run])


@pytest.fixture
def sub_root(tmp_path: Path) -> sarif.SourceRoot:
    return sarif.SourceRoot.at(tmp_path / "repo" / "apps" / "vendor", tmp_path / "repo")


def _rules(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [rule for run in log["runs"] for rule in run["tool"]["driver"]["rules"]]


def test_every_rule_has_help_descriptions_and_help_uri(sub_root: sarif.SourceRoot) -> None:
    rules = _rules(every_rule_log(sub_root))
    assert len(rules) == len({r.id for r in every_rule()}) > 40
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"], rule["id"]
        text, md = rule["help"]["text"], rule["help"]["markdown"]
        assert "Why it matters: " in text and "How to fix it: " in text, rule["id"]
        assert "**Why it matters.**" in md and "**How to fix it.**" in md, rule["id"]
        # The generic fallback is for CWEs the table does not know: none of ours may need it.
        assert "its tool considers a security risk" not in text, rule["id"]
        cwes = [t for t in rule["properties"]["tags"] if t.startswith("CWE-")]
        for cwe in cwes:
            name = sarif_help.by_cwe()[cwe].name
            assert f"{cwe}: {name}" in text and f"[{cwe}: {name}]({sarif_help.cwe_uri(cwe)})" in md
        if cwes or rule["id"].startswith(("B", "zizmor/", "margo.isolation.")):
            assert rule["helpUri"].startswith("https://"), rule["id"]
        else:
            assert "helpUri" not in rule, rule["id"]  # the gap rule has no page of its own
        assert len(rule["properties"]["tags"]) <= 20  # GitHub reads at most 20 tags
        assert 0.0 <= float(rule["properties"]["security-severity"]) <= 10.0


def test_security_severity_falls_in_githubs_band_of_the_rules_severity() -> None:
    bands = {Severity.CRITICAL: (9.0, 10.0), Severity.HIGH: (7.0, 8.9),
             Severity.MEDIUM: (4.0, 6.9), Severity.LOW: (0.1, 3.9), Severity.INFO: (0.0, 0.0)}
    for severity, (low, high) in bands.items():
        rule = sarif.Rule(id="r", name="r", description="d", severity=severity)
        run = sarif.run_json("t", "1", "https://example.org/", [], extra_rules=[rule])
        score = float(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"])
        assert low <= score <= high, severity


def test_help_uri_prefers_the_rules_own_page_then_the_cwe_page() -> None:
    assert sarif_help.help_uri(bandit_rule(BANDIT_ITEM)) == BANDIT_ITEM["more_info"]
    eval_rule = sarif.Rule(id="x.eval", name="eval", description="eval", severity=Severity.HIGH,
                           cwe=("CWE-95",))
    assert sarif_help.help_uri(eval_rule) == "https://cwe.mitre.org/data/definitions/95.html"
    # Advice comes from the most specific CWE (eval injection), not its parent (code injection).
    assert sarif_help.advice(eval_rule) == sarif_help.by_cwe()["CWE-95"]
    gap = gap_rule(Severity.LOW)
    assert sarif_help.advice(gap) == sarif_help.by_rule()[gap.id]


def test_every_cwe_our_engines_report_has_advice() -> None:
    from bandit.core.issue import Cwe

    bandit = {f"CWE-{v}" for k, v in vars(Cwe).items() if k.isupper() and isinstance(v, int) and v}
    semgrep = {c for r in load_rules(rule_files()).values() for c in r.cwe}
    ours = {*bandit, *semgrep, *AUDIT_CWE.values(), *(c for r in RULES.values() for c in r.cwe)}
    missing = set(with_parents(sorted(ours))) - set(sarif_help.by_cwe())
    assert not missing, f"add these CWEs to margo_ssdf/data/sarif-help.yaml: {sorted(missing)}"


def _uri_ok(location: dict[str, Any], bases: dict[str, Any]) -> str:
    art = location["physicalLocation"]["artifactLocation"]
    uri = art["uri"]
    assert not re.match(r"^[a-z][a-z0-9+.-]*:", uri) and not uri.startswith("/"), uri  # GH1005
    assert art["uriBaseId"] in bases  # the base is declared
    return str(uri)


def test_results_follow_githubs_ingestion_rules(sub_root: sarif.SourceRoot) -> None:
    log = every_rule_log(sub_root)
    assert len(log["runs"]) <= 20
    for run in log["runs"]:
        bases = run["originalUriBaseIds"]
        # SARIF 2.1.0 §3.14.14: a base without a uri has no uriBaseId; a relative one has one.
        assert set(bases["%SRCROOT%"]) == {"description"}
        project = bases["PROJECTROOT"]
        assert project["uri"] == "apps/vendor/" and project["uriBaseId"] == "%SRCROOT%"
        rules = run["tool"]["driver"]["rules"]
        assert len({r["id"] for r in rules}) == len(rules)
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["message"]["text"] and result["level"] in ("error", "warning", "note")
            assert len(result["locations"]) == 1 and "threadFlows" not in result  # GH1001/2
            assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
            assert _uri_ok(result["locations"][0], bases).startswith("apps/vendor/src/")
            assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["margo/v1"])
        for note in run["invocations"][0]["toolExecutionNotifications"]:
            assert _uri_ok(note["locations"][0], bases) == "apps/vendor/src/broken.py"


@pytest.mark.corpus
def test_every_rule_log_is_valid_sarif(sub_root: sarif.SourceRoot,
                                       sarif_schema: dict[str, object]) -> None:
    validate_sarif(every_rule_log(sub_root), sarif_schema)


def run_isolation(root: Path, evidence: Path) -> dict[str, Any]:
    check = AppIsolationCheck()
    ctx = CheckContext(project=discover(root), options={**check.options, "render": "static"},
                       evidence_root=evidence, timeout=60)
    result = check.run(ctx)
    path = next(ev.path for ev in result.evidence if ev.path.endswith(".sarif"))
    return json.loads((evidence / path).read_text())  # type: ignore[no-any-return]


def _git_init(top: Path) -> None:
    subprocess.run(["git", "init", "-q", str(top)], check=True, timeout=60,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})


def test_a_project_in_a_subdirectory_writes_repository_root_paths(tmp_path: Path) -> None:
    top, plain = tmp_path / "repo", tmp_path / "plain"
    shutil.copytree(ISOLATION, top / "apps" / "vendor")
    shutil.copytree(ISOLATION, plain)
    _git_init(top)
    nested = run_isolation(top / "apps" / "vendor", tmp_path / "ev1")
    alone = run_isolation(plain, tmp_path / "ev2")
    bases = nested["runs"][0]["originalUriBaseIds"]
    assert "uri" not in bases["%SRCROOT%"]  # the machine's checkout path is never written
    assert bases["PROJECTROOT"] == {"uri": "apps/vendor/", "uriBaseId": "%SRCROOT%",
                                    "description": bases["PROJECTROOT"]["description"]}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in nested["runs"][0]["results"]}
    assert uris and all(u.startswith("apps/vendor/") for u in uris)
    assert (top / "apps" / "vendor" / "docker-compose.yml").is_file() and \
        "apps/vendor/docker-compose.yml" in uris
    # Outside git the analysed directory is the root, and nothing names a project base.
    assert alone["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": bases["%SRCROOT%"]}
    # Read back, both are project-relative with the same fingerprints: triage still matches.
    key = [(r.rule_id, r.path, r.line, r.fingerprint) for r in sarif.read_results(nested)]
    assert key and key == [(r.rule_id, r.path, r.line, r.fingerprint)
                           for r in sarif.read_results(alone)]


def test_project_path_strips_only_the_recorded_project_base() -> None:
    run = {"originalUriBaseIds": sarif.SourceRoot("file:///r/", "sub/").base_ids()}
    assert sarif.project_path(run, "sub/a.py") == "a.py"
    assert sarif.project_path({"originalUriBaseIds": {}}, "sub/a.py") == "sub/a.py"
    assert sarif.project_path({}, "a.py") == "a.py"


def test_a_top_that_does_not_hold_the_project_roots_at_the_project(tmp_path: Path) -> None:
    root = sarif.SourceRoot.at(tmp_path / "a", tmp_path / "b")
    assert root == sarif.SourceRoot((tmp_path / "a").resolve().as_uri() + "/", "")


def multitool() -> str | None:
    """The SARIF multitool's native binary: $SARIF_MULTITOOL, else `sarif-multitool` on PATH."""
    named = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    return named if named and Path(named).is_file() else None


def validation_problems(tmp_path: Path, name: str, log: dict[str, Any]) -> list[str]:
    """The multitool's errors and warnings on a log, SARIF's own rules and GitHub's (GH*)."""
    (tmp_path / name).write_text(json.dumps(log))
    out = tmp_path / f"{name}.validation.sarif"
    run = subprocess.run([str(multitool()), "validate", "--rule-kind", "Sarif;Gh;Ghas",
                          "-o", str(out), str(tmp_path / name)],
                         capture_output=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout.decode(errors="replace")[-2000:]
    found = json.loads(out.read_text())["runs"][0]["results"]
    return [f"{r['ruleId']}: {r['message']}" for r in found
            if r.get("level", "warning") in ("error", "warning")]


needs_multitool = pytest.mark.skipif(
    multitool() is None, reason="the SARIF multitool is not installed (set SARIF_MULTITOOL to "
    "its native binary, node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool; see "
    ".ci/run)")


@needs_multitool
def test_sarif_multitool_finds_nothing_in_our_sarif(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    shutil.copytree(ISOLATION, top / "apps" / "vendor")
    _git_init(top)
    every = every_rule_log(sarif.SourceRoot.at(top / "apps" / "vendor", top))
    assert validation_problems(tmp_path, "every-rule.sarif", every) == []
    isolation = run_isolation(top / "apps" / "vendor", tmp_path / "ev")
    assert validation_problems(tmp_path, "isolation.sarif", isolation) == []


@needs_multitool
def test_sarif_multitool_reports_a_rule_without_help(tmp_path: Path) -> None:
    """The control: the tool does run GitHub's rules, so a clean answer above means something."""
    log = every_rule_log(sarif.SourceRoot.at(tmp_path, None))
    del log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    problems = validation_problems(tmp_path, "no-help.sarif", log)
    assert len(problems) == 1 and problems[0].startswith("GH2012:")


def test_a_copy_elsewhere_does_not_reuse_cached_sarif(tmp_path: Path) -> None:
    """A copy elsewhere runs again: the key holds the root's absolute place (the cache is
    local; the evidence names only the project's place under the root)."""
    from margo_ssdf.cache import cache_key
    from margo_ssdf.checks.sast_workflows import WorkflowsCheck

    shutil.copytree(ISOLATION, tmp_path / "a")
    shutil.copytree(ISOLATION, tmp_path / "b")
    for check in (AppIsolationCheck(), WorkflowsCheck()):
        keys = {cache_key(check, discover(tmp_path / d), check.options) for d in ("a", "a", "b")}
        assert len(keys) == 2, check.id
