"""The recorded configuration: excludes with what they hid, options, test reports, triage."""

from __future__ import annotations

from pathlib import Path

import pytest

from margo_ssdf import configuration
from margo_ssdf.checks import registry
from margo_ssdf.errors import ConfigError
from margo_ssdf.flow import RunRequest, prepare
from tests.conftest import make_project

TRIAGE = """findings:
  - fingerprint: 0123456789abcdef0123456789abcdef
    rule: B602
    path: src/run.py
    decision: accepted_risk
    justification: The command is a constant list.
    who: alice
    when: 2026-01-02
  - fingerprint: fedcba9876543210fedcba9876543210
    rule: B105
    path: src/models.py
    decision: false_positive
    justification: "'pass' is an outcome, not a password."
    who: bob
  - fingerprint: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    rule: B101
    decision: false_positive
    justification: ""
"""


def _record(root: Path, **kw: object) -> configuration.ConfigurationRecord:
    request = RunRequest(root=root, checks=registry(), **kw)  # type: ignore[arg-type]
    project, config = prepare(request)
    return configuration.record(project, config, request.checks)


def test_a_project_without_excludes_records_none(project: Path) -> None:
    rec = _record(project)
    assert rec.exclude == () and rec.excluded_inputs == {} and rec.file is None
    assert rec.triage == configuration.TriageRecord()
    assert set(rec.options) == set(registry())  # every check the policy uses, run or not
    assert rec.options["sast.bandit"]["exclude"][0] == "tests/*"
    assert rec.test_reports == ("**/junit*.xml", "**/TEST-*.xml", "test-results/**/*.xml")
    assert rec.sha256 == rec.content_sha256()


def test_a_checks_own_exclude_beyond_its_defaults_is_counted(project: Path) -> None:
    (project / "lib").mkdir()
    (project / "lib" / "core.py").write_text("x = 1\n")
    (project / ".margo-ssdf.yaml").write_text(
        "checks:\n  sast.bandit:\n    options:\n      exclude: ['tests/*', 'lib/*']\n")
    rec = _record(project)
    mine = [e for e in rec.exclude if e.source == "checks.sast.bandit.options.exclude"]
    # 'tests/*' is one of its defaults: only the pattern it adds is listed.
    assert mine == [configuration.ExcludeRecord(
        pattern="lib/*", source="checks.sast.bandit.options.exclude", files=1,
        checks={"sast.bandit": 1})]
    assert rec.excluded_inputs == {"sast.bandit": 1}


def test_given_test_reports_are_recorded(project: Path) -> None:
    rec = _record(project, test_reports=[project / "test-results" / "junit.xml"])
    assert rec.test_reports == ("test-results/junit.xml",)
    assert rec.options["tests.results"]["reports"] == ["test-results/junit.xml"]


def test_every_triage_decision_is_recorded_with_who_and_why(project: Path) -> None:
    (project / ".margo-ssdf").mkdir(exist_ok=True)
    (project / ".margo-ssdf" / "triage.yaml").write_text(TRIAGE)
    rec = _record(project)
    assert [(e.rule, e.who) for e in rec.triage.entries] == [
        ("B602", "alice"), ("B105", "bob"), ("B101", "")]
    assert rec.triage.sha256 is not None
    assert configuration.triage_text(rec.triage).endswith(
        "1 finding(s) triaged as false positive, 1 accepted risk(s), 1 entry without a "
        "justification (not applied)")
    before = rec.sha256
    (project / ".margo-ssdf" / "triage.yaml").write_text(TRIAGE.replace("alice", "mallory"))
    assert _record(project).sha256 != before  # the digest covers every decision


def test_a_broken_triage_file_is_a_configuration_error(project: Path) -> None:
    (project / ".margo-ssdf").mkdir(exist_ok=True)
    (project / ".margo-ssdf" / "triage.yaml").write_text("findings:\n  - rule: B602\n")
    with pytest.raises(ConfigError, match=r"triage\.yaml"):
        _record(project)


def test_the_record_is_the_same_whichever_checks_are_selected(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / ".margo-ssdf.yaml").write_text("exclude: [docs]\n")
    one = _record(root, select=["sast.bandit"])
    assert one == _record(root, select=["deps.audit"])
    assert one.exclude[0].files == 1 and one.exclude[0].source == ".margo-ssdf.yaml"


def test_edited_content_no_longer_matches_its_digest(project: Path) -> None:
    rec = _record(project)
    edited = rec.model_copy(update={"excluded_inputs": {"sast.bandit": 0, "x": 1}})
    assert edited.content_sha256() != edited.sha256


def test_aggregate_carries_the_record_and_refuses_parts_that_disagree(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from margo_ssdf.cli import main
    from margo_ssdf.errors import ExitCode
    from margo_ssdf.models import RunSummary

    root = make_project(tmp_path / "p")
    (root / ".margo-ssdf.yaml").write_text("exclude: [docs/extra]\n")
    for cid in ("repo.hygiene", "threat.model"):
        main(["run", str(root), "--check", cid, "--out", str(tmp_path / cid), "--no-cache"])
    merged = tmp_path / "merged"
    main(["aggregate", str(tmp_path / "repo.hygiene"), str(tmp_path / "threat.model"),
          "--project", str(root), "--out", str(merged)])
    part = RunSummary.model_validate_json((tmp_path / "threat.model" / "summary.json").read_text())
    out = RunSummary.model_validate_json((merged / "summary.json").read_text())
    assert out.configuration == part.configuration and out.configuration["exclude"]

    (root / ".margo-ssdf.yaml").write_text("exclude: [docs]\n")  # a job run with other excludes
    main(["run", str(root), "--check", "threat.model", "--out", str(tmp_path / "other"),
          "--no-cache"])
    capsys.readouterr()
    code = main(["aggregate", str(tmp_path / "repo.hygiene"), str(tmp_path / "other"),
                 "--project", str(root), "--out", str(tmp_path / "refused")])
    assert code == ExitCode.USAGE
    assert "disagree on the configuration" in capsys.readouterr().err


def test_attest_from_a_run_whose_record_was_edited_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from margo_ssdf.cli import main
    from margo_ssdf.errors import ExitCode

    root = make_project(tmp_path / "p")
    (root / ".margo-ssdf.yaml").write_text("exclude: [docs]\n")
    run = tmp_path / "run"
    main(["run", str(root), "--check", "repo.hygiene", "--out", str(run), "--no-cache"])
    summary = json.loads((run / "summary.json").read_text())
    summary["configuration"]["exclude"] = []  # hide the exclude, keep the stated digest
    (run / "summary.json").write_text(json.dumps(summary))
    artifact = tmp_path / "a.tar.gz"
    artifact.write_bytes(b"x")
    capsys.readouterr()
    code = main(["attest", str(root), "--from", str(run), "--artifact", str(artifact),
                 "--sign", "none", "--out", str(tmp_path / "out")])
    assert code == ExitCode.USAGE
    assert "does not match its sha256" in capsys.readouterr().err


def test_the_release_scope_is_recorded_with_each_skipped_manifest(tmp_path: Path) -> None:
    from tests.discovery.release_fixtures import EXAMPLE_REQUIREMENTS, EXAMPLE_RULE, flask_like

    root = flask_like(tmp_path / "flask")
    (root / ".margo-ssdf.yaml").write_text(
        "release:\n  include: ['examples/celery/pyproject.toml']\n")
    rec = _record(root)
    assert rec.release is not None
    assert rec.release.include == ("examples/celery/pyproject.toml",)
    assert rec.release.defaults[0] == "**/examples/**"
    assert configuration.ScopeEntry(manifest=EXAMPLE_REQUIREMENTS, rule=EXAMPLE_RULE) in \
        rec.release.skipped
    assert rec.release.readmitted == (configuration.ScopeEntry(
        manifest="examples/celery/pyproject.toml",
        rule="release.include 'examples/celery/pyproject.toml'"),)
    text = configuration.describe(rec)
    assert f"{EXAMPLE_REQUIREMENTS} skipped ({EXAMPLE_RULE})" in text
    assert "examples/celery/pyproject.toml re-admitted" in text
    # The digest covers the scope: widening it after the fact no longer matches.
    edited = rec.model_copy(update={"release": rec.release.model_copy(update={"skipped": ()})})
    assert rec.sha256 == rec.content_sha256() and edited.content_sha256() != rec.sha256


def test_a_record_made_before_the_scope_was_recorded_keeps_its_digest(project: Path) -> None:
    data = _record(project).model_dump(mode="json")
    del data["release"]
    old = {**data, "sha256": configuration.content_sha256(data)}
    rec = configuration.ConfigurationRecord.model_validate(old)
    assert rec.release is None and rec.content_sha256() == rec.sha256
    assert "release scope not recorded" in configuration.describe(rec)


def test_release_exclude_hiding_the_lockfile_counts_as_excluded_inputs(tmp_path: Path) -> None:
    # Fail closed, as with `exclude:`: leaving the release's own lockfile out of its scope
    # is judged by max_excluded_inputs, never silently an empty audit.
    root = make_project(tmp_path / "p", in_git=False)
    (root / "requirements.txt").write_text("requests==2.19.0\n")
    (root / ".margo-ssdf.yaml").write_text("release: {exclude: [requirements.txt]}\n")
    rec = _record(root)
    assert rec.excluded_inputs == {"deps.audit": 1, "sbom": 1, "vuln.response": 1}
    assert rec.release is not None and rec.release.skipped == (configuration.ScopeEntry(
        manifest="requirements.txt", rule="release.exclude 'requirements.txt'"),)
    # The default rules are the release's definition, not an exclude: nothing is counted.
    (root / ".margo-ssdf.yaml").unlink()
    (root / "requirements.txt").unlink()
    (root / "examples").mkdir()
    (root / "examples" / "requirements.txt").write_text("requests==2.19.0\n")
    assert _record(root).excluded_inputs == {}
