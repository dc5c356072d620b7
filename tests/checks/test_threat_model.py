"""threat.model: TMT .tm7, Threat Dragon v1/v2 and Markdown models; triage; freshness; XXE."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.threat_model import ThreatModelCheck
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ConfigError
from margo_ssdf.evaluate import Judgement, judge
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.policy import CheckRule
from margo_ssdf.threatmodel import (
    ModelError,
    ThreatState,
    normalise_priority,
    parse_markdown,
    parse_threat_dragon,
    parse_tm7,
    parse_xml,
)
from tests.conftest import git

DATA = Path(__file__).parent / "data" / "threat_model"
DAY = 86400
T0 = 1_735_689_600  # 2025-01-01T00:00:00Z


def run_check(root: Path, evidence: Path, **options: object) -> tuple[CheckResult, dict]:
    check = ThreatModelCheck()
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=evidence, timeout=60)
    result = check.run(ctx)
    report = json.loads((evidence / result.evidence[0].path).read_text())
    return result, report


def probe(result: CheckResult, pid: str) -> Probe:
    return next(p for p in result.probes if p.id == pid)


def project_with(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "proj"
    (root / "docs").mkdir(parents=True)
    (root / "main.go").write_text("package main\n")
    for name in names:
        target = root / ("docs/threat-model.md" if name == "THREAT_MODEL.md" else
                         f"security/{name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, target)
    return root


# ---- each format ---------------------------------------------------------------------------

def test_tm7_threat_instances_with_state_and_priority() -> None:
    threats = parse_tm7((DATA / "device.tm7").read_bytes(), "device.tm7")
    assert [(t.title, t.state, t.priority) for t in threats] == [
        ("Device agent impersonated to the fleet manager", ThreatState.MITIGATED, "high"),
        ("Compose archive replaced in transit", ThreatState.NEEDS_INVESTIGATION, "high"),
        ("Log tampering on the device", ThreatState.NOT_APPLICABLE, "medium"),
        ("Telemetry read by another vendor's app", ThreatState.NOT_STARTED, "low"),
    ]


@pytest.mark.parametrize(("name", "fmt", "states"), [
    ("dragon-v1.json", "threat-dragon-v1",
     [ThreatState.MITIGATED, ThreatState.NOT_STARTED, ThreatState.NOT_APPLICABLE]),
    ("dragon-v2.json", "threat-dragon-v2",
     [ThreatState.NOT_STARTED, ThreatState.MITIGATED, ThreatState.NOT_APPLICABLE]),
])
def test_threat_dragon_layouts(name: str, fmt: str, states: list[ThreatState]) -> None:
    found_fmt, threats = parse_threat_dragon(json.loads((DATA / name).read_text()), name)
    assert found_fmt == fmt
    assert [t.state for t in threats] == states


def test_threat_dragon_unknown_version_is_a_clear_error() -> None:
    doc = json.loads((DATA / "dragon-v2.json").read_text())
    doc["version"] = "3.0.0"
    with pytest.raises(ModelError, match=r"x\.json: Threat Dragon version '3\.0\.0' is not "
                                         r"supported \(versions 1\.x and 2\.x are\)"):
        parse_threat_dragon(doc, "x.json")
    del doc["version"]
    with pytest.raises(ModelError, match="without a 'version' must use the version 1 layout"):
        parse_threat_dragon(doc, "x.json")


def test_markdown_threats_table() -> None:
    threats = parse_markdown((DATA / "THREAT_MODEL.md").read_text(), "THREAT_MODEL.md")
    assert [(t.title, t.state, t.priority, t.line) for t in threats] == [
        ("Spoofed fleet manager", ThreatState.MITIGATED, "high", 7),
        ("Tampered compose archive", ThreatState.NOT_STARTED, "high", 8),
        ("App reads another vendor's secrets", ThreatState.NEEDS_INVESTIGATION, "critical", 9),
        ("Agent logs PII", ThreatState.NOT_APPLICABLE, "low", 10),
        ("Pipe | in a title", ThreatState.NOT_APPLICABLE, "medium", 11),
    ]


def test_markdown_without_threats_table_is_an_error() -> None:
    with pytest.raises(ModelError, match="no threats table"):
        parse_markdown("# Threats\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "THREAT_MODEL.md")


# ---- XML safety ----------------------------------------------------------------------------

def test_doctype_with_external_entity_is_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    root = project_with(tmp_path, "dragon-v2.json")
    evil = root / "security" / "evil.tm7"
    evil.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE ThreatModel [<!ENTITY leak SYSTEM '
        f'"file://{secret}">]>\n'
        '<ThreatModel><ThreatInstances><KeyValueOfstringThreat><Value><Properties>'
        '<KeyValueOfstringstring><Key>Title</Key><Value>&leak;</Value></KeyValueOfstringstring>'
        '</Properties><State>Mitigated</State></Value></KeyValueOfstringThreat>'
        '</ThreatInstances></ThreatModel>\n')
    result, report = run_check(root, tmp_path / "ev")
    errors = {e["path"]: e["error"] for e in report["errors"]}
    assert list(errors) == ["security/evil.tm7"]
    assert "refused: the XML has a DOCTYPE declaration" in errors["security/evil.tm7"]
    # The other model is still read.
    assert [m["path"] for m in report["models"]] == ["security/dragon-v2.json"]
    evidence = (tmp_path / "ev" / result.evidence[0].path).read_text()
    assert "TOP-SECRET-CONTENT" not in evidence
    assert "TOP-SECRET-CONTENT" not in result.model_dump_json()
    # Its threats are unknown, so triage cannot be concluded (fail closed).
    assert probe(result, "threats-triaged").outcome is Outcome.ERROR
    assert probe(result, "model-present").outcome is Outcome.PASS


@pytest.mark.parametrize("doc", [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><ThreatModel>&b;'
    b'</ThreatModel>',
    b'<!DOCTYPE ThreatModel SYSTEM "http://example.org/evil.dtd"><ThreatModel/>',
])
def test_entity_expansion_and_external_dtd_are_refused(doc: bytes) -> None:
    with pytest.raises(ModelError, match="refused"):
        parse_xml(doc, "m.tm7")


def test_not_xml_and_wrong_root_are_errors() -> None:
    with pytest.raises(ModelError, match="not well-formed XML"):
        parse_tm7(b"not < xml", "m.tm7")
    with pytest.raises(ModelError, match=r"root element is <html>"):
        parse_tm7(b"<html/>", "m.tm7")


# ---- the check: presence and triage ----------------------------------------------------------

def test_sample_project_with_all_three_formats(tmp_path: Path) -> None:
    root = project_with(tmp_path, "device.tm7", "dragon-v1.json", "dragon-v2.json",
                        "THREAT_MODEL.md")
    (root / "package.json").write_text('{"name": "not-a-model", "summary": "x"}')
    result, report = run_check(root, tmp_path / "ev")
    present = probe(result, "model-present")
    assert present.outcome is Outcome.PASS and present.value == 4
    assert {(m["path"], m["format"]) for m in report["models"]} == {
        ("security/device.tm7", "tm7"), ("security/dragon-v1.json", "threat-dragon-v1"),
        ("security/dragon-v2.json", "threat-dragon-v2"), ("docs/threat-model.md", "markdown")}
    tm7 = next(m for m in report["models"] if m["format"] == "tm7")
    assert tm7["sha256"] == __import__("hashlib").sha256(
        (DATA / "device.tm7").read_bytes()).hexdigest()
    assert tm7["byState"] == {"mitigated": 1, "not_applicable": 1, "needs_investigation": 1,
                              "not_started": 1}
    assert tm7["byPriority"] == {"high": 2, "medium": 1, "low": 1}
    assert report["threats"]["total"] == 15
    assert report["threats"]["byState"] == {"mitigated": 4, "not_applicable": 5,
                                            "needs_investigation": 2, "not_started": 4}
    triaged = probe(result, "threats-triaged")
    assert triaged.outcome is Outcome.FAIL and triaged.value == pytest.approx(9 / 15, abs=1e-4)
    high = probe(result, "untriaged-high")
    assert high.value == 4
    assert "docs/threat-model.md:8: Tampered compose archive" in high.locations
    assert "security/device.tm7: Compose archive replaced in transit" in high.locations
    fresh = probe(result, "model-fresh")
    assert fresh.outcome is Outcome.FAIL  # unmeasurable currency is not "not applicable"
    assert fresh.reason.startswith("not a git repository, so the model's age against the code "
                                   "cannot be measured")
    assert result.outcome is Outcome.FAIL


def test_each_format_alone_evidences_pw_1_1(tmp_path: Path) -> None:
    for i, name in enumerate(("device.tm7", "dragon-v1.json", "dragon-v2.json",
                              "THREAT_MODEL.md")):
        root = project_with(tmp_path / str(i), name)
        result, _ = run_check(root, tmp_path / str(i) / "ev")
        verdict, _ = judge(result, "threat.model", "PW.1.1", CheckRule())
        assert verdict is Judgement.PASS, name


def test_policy_thresholds_judge_the_probes(tmp_path: Path) -> None:
    root = project_with(tmp_path, "device.tm7")
    result, _ = run_check(root, tmp_path / "ev")
    lenient = CheckRule(thresholds={"min_threats_triaged": 0.5, "max_untriaged_high": 1})
    strict = CheckRule(thresholds={"min_threats_triaged": 0.9, "max_untriaged_high": 0})
    assert judge(result, "threat.model", "PW.1.2", lenient)[0] is Judgement.PASS
    verdict, reason = judge(result, "threat.model", "PW.1.2", strict)
    assert verdict is Judgement.FAIL and "(policy minimum 0.9)" in reason


def test_no_model_fails_every_probe(tmp_path: Path) -> None:
    root = project_with(tmp_path)
    result, report = run_check(root, tmp_path / "ev")
    assert {p.id: p.outcome for p in result.probes} == {
        "model-present": Outcome.FAIL, "threats-triaged": Outcome.FAIL,
        "untriaged-high": Outcome.FAIL, "model-fresh": Outcome.FAIL}
    assert "no threat model found" in probe(result, "model-present").reason
    assert report["models"] == []


def test_model_without_threats_fails_triage(tmp_path: Path) -> None:
    root = project_with(tmp_path)
    (root / "THREAT_MODEL.md").write_text("| Threat | Status |\n|---|---|\n")
    result, _ = run_check(root, tmp_path / "ev")
    assert probe(result, "model-present").outcome is Outcome.PASS
    assert probe(result, "threats-triaged").reason == "the threat model(s) list no threats"
    assert result.reason is not None and result.reason.count("list no threats") == 1


def test_only_unreadable_models_is_an_error(tmp_path: Path) -> None:
    root = project_with(tmp_path)
    bad = json.loads((DATA / "dragon-v2.json").read_text())
    bad["version"] = "9.1"
    (root / "model.json").write_text(json.dumps(bad))
    result, report = run_check(root, tmp_path / "ev")
    assert probe(result, "model-present").outcome is Outcome.ERROR
    assert "version '9.1' is not supported" in report["errors"][0]["error"]


def test_a_model_under_tests_is_found_and_can_be_excluded(tmp_path: Path) -> None:
    root = project_with(tmp_path)
    (root / "tests" / "security").mkdir(parents=True)
    shutil.copy(DATA / "device.tm7", root / "tests" / "security" / "device.tm7")
    result, report = run_check(root, tmp_path / "ev")
    assert probe(result, "model-present").outcome is Outcome.PASS
    assert [m["path"] for m in report["models"]] == ["tests/security/device.tm7"]
    result, _ = run_check(root, tmp_path / "ev2", exclude=["tests/*"])
    assert probe(result, "model-present").outcome is Outcome.FAIL


@pytest.mark.parametrize(("written", "priority"), [
    ("Highest", "critical"), ("Very High", "critical"), ("CRITICAL", "critical"),
    ("P1", "critical"), ("1", "critical"), ("P2", "high"), ("3", "medium"), ("p4", "low"),
    ("9.8", "critical"), ("7.5", "high"), ("5.0", "medium"), ("Low", "low"),
    ("", "unknown"), ("tbd", "high"), ("P9", "high"), ("42", "high"),
])
def test_priorities_of_other_scales_map_and_unmappable_ones_count_high(
        written: str, priority: str) -> None:
    assert normalise_priority(written) == priority


def test_an_untriaged_threat_of_unmappable_priority_fails_the_high_probe(
        tmp_path: Path) -> None:
    root = project_with(tmp_path)
    (root / "THREAT_MODEL.md").write_text(
        "| Threat | Priority | Status |\n|---|---|---|\n| Spoofed sensor | Sev-A | Open |\n")
    result, _ = run_check(root, tmp_path / "ev")
    assert probe(result, "untriaged-high").outcome is Outcome.FAIL


def test_bad_freshness_unit_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="freshness_unit"):
        run_check(project_with(tmp_path, "device.tm7"), tmp_path / "ev", freshness_unit="weeks")


# ---- freshness against git -----------------------------------------------------------------

def commit(root: Path, message: str, when: int) -> None:
    stamp = f"@{when} +0000"
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message,
        env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = project_with(tmp_path, "THREAT_MODEL.md")
    git(root, "init", "-q", "-b", "main")
    commit(root, "code and model", T0)
    return root


def test_model_lags_code_in_days(repo: Path, tmp_path: Path) -> None:
    (repo / "main.go").write_text("package main\n\nfunc main() {}\n")
    commit(repo, "code", T0 + 10 * DAY + DAY // 2)
    (repo / "README.md").write_text("docs do not count as code\n")
    commit(repo, "docs", T0 + 40 * DAY)
    result, report = run_check(repo, tmp_path / "ev")
    fresh = probe(result, "model-fresh")
    assert fresh.outcome is Outcome.FAIL and fresh.value == 10.5
    assert fresh.locations == ("docs/threat-model.md: 10.5 days behind the code",)
    assert report["freshness"]["codeLastChanged"] == "2025-01-11T12:00:00Z"
    assert report["models"][0]["lastChanged"] == "2025-01-01T00:00:00Z"
    assert judge(result, "threat.model", "PW.2.1",
                 CheckRule(thresholds={"max_model_fresh": 30}))[0] is Judgement.PASS
    assert judge(result, "threat.model", "PW.2.1",
                 CheckRule(thresholds={"max_model_fresh": 7}))[0] is Judgement.FAIL


def test_model_updated_after_code_is_fresh(repo: Path, tmp_path: Path) -> None:
    (repo / "main.go").write_text("package main // changed\n")
    commit(repo, "code", T0 + DAY)
    model = repo / "docs" / "threat-model.md"
    model.write_text(model.read_text() + "\nReviewed again.\n")
    commit(repo, "model review", T0 + 2 * DAY)
    fresh = probe(run_check(repo, tmp_path / "ev")[0], "model-fresh")
    assert fresh.outcome is Outcome.PASS and fresh.value == 0


def test_uncommitted_model_edit_counts_as_current(repo: Path, tmp_path: Path) -> None:
    (repo / "main.go").write_text("package main // changed\n")
    commit(repo, "code", T0 + 5 * DAY)
    model = repo / "docs" / "threat-model.md"
    model.write_text(model.read_text() + "\nUnder review.\n")
    result, report = run_check(repo, tmp_path / "ev")
    assert probe(result, "model-fresh").value == 0
    assert "uncommitted changes" in report["models"][0]["note"]


def test_covers_limits_the_code_the_model_answers_for(repo: Path, tmp_path: Path) -> None:
    (repo / "tools").mkdir()
    (repo / "tools" / "gen.py").write_text("x = 1\n")
    commit(repo, "tooling", T0 + 20 * DAY)
    assert probe(run_check(repo, tmp_path / "a")[0], "model-fresh").value == 20
    covered = run_check(repo, tmp_path / "b", covers=["*.go", "cmd/**"])[0]
    assert probe(covered, "model-fresh").value == 0


def test_model_lags_code_in_releases(repo: Path, tmp_path: Path) -> None:
    git(repo, "tag", "v1.0.0")  # released together with its model: not behind
    for i, tag in enumerate(("v1.1.0", "v1.2.0"), start=1):
        (repo / "main.go").write_text(f"package main // {i}\n")
        commit(repo, f"code {i}", T0 + i * DAY)
        git(repo, "tag", tag)
    (repo / "main.go").write_text("package main // unreleased\n")
    commit(repo, "code 3", T0 + 3 * DAY)
    fresh = probe(run_check(repo, tmp_path / "ev", freshness_unit="releases")[0], "model-fresh")
    assert fresh.value == 2 and fresh.reason.endswith("lags the code by 2 releases")
    only_v = probe(run_check(repo, tmp_path / "ev2", freshness_unit="releases",
                             release_tags="v1.2*")[0], "model-fresh")
    assert only_v.value == 1
