import json
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.repo_hygiene import RepoHygiene, pinned
from margo_ssdf.discovery import discover
from margo_ssdf.models import CheckResult, Outcome
from tests.conftest import git


def run_check(root: Path, tmp_path: Path, **options: object) -> CheckResult:
    check = RepoHygiene()
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=tmp_path / "evidence", timeout=60)
    return check.run(ctx)


def probes(result: CheckResult) -> dict[str, tuple[Outcome, str]]:
    return {p.id: (p.outcome, p.reason) for p in result.probes}


def test_plain_directory_security_and_owners_found_git_skipped(project: Path,
                                                               tmp_path: Path) -> None:
    result = run_check(project, tmp_path)
    found = probes(result)
    assert found["security-policy"][0] is Outcome.PASS
    assert found["code-owners"][0] is Outcome.PASS
    assert found["signed-commits"] == (
        Outcome.SKIPPED, "not a git repository, so commit signatures cannot be checked")
    assert found["workflow-pins"][0] is Outcome.SKIPPED
    assert result.outcome is Outcome.PASS
    evidence = result.evidence[0]
    data = json.loads((tmp_path / "evidence" / evidence.path).read_text())
    assert {p["id"] for p in data["probes"]} == set(found)


def test_missing_files_fail_their_probes(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    root.mkdir()
    (root / "main.go").write_text("package main\n")
    result = run_check(root, tmp_path)
    found = probes(result)
    assert found["security-policy"][0] is Outcome.FAIL
    assert found["code-owners"][0] is Outcome.FAIL
    assert result.outcome is Outcome.FAIL and "no security policy" in (result.reason or "")


def test_empty_security_file_does_not_count(project: Path, tmp_path: Path) -> None:
    (project / "SECURITY.md").write_text("")
    assert probes(run_check(project, tmp_path))["security-policy"][0] is Outcome.FAIL


def test_signed_and_unsigned_commits_are_counted(signed_repo: Path, tmp_path: Path) -> None:
    assert probes(run_check(signed_repo, tmp_path))["signed-commits"][0] is Outcome.PASS
    (signed_repo / "c.py").write_text("y = 2\n")
    git(signed_repo, "add", "-A")
    git(signed_repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "unsigned")
    result = run_check(signed_repo, tmp_path)
    probe = next(p for p in result.probes if p.id == "signed-commits")
    assert probe.outcome is Outcome.FAIL
    assert probe.value == pytest.approx(2 / 3, abs=1e-3)
    assert probe.reason == "2 of the last 3 commits are signed"
    assert len(probe.locations) == 1  # the unsigned commit's short sha
    window = next(p for p in run_check(signed_repo, tmp_path, commit_window=1).probes
                  if p.id == "signed-commits")
    assert window.value == 0.0


WORKFLOW = """\
name: ci
on: [push]
permissions:
  contents: write
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b # v5.3.0
      - uses: ./local-action
  deploy:
    uses: org/repo/.github/workflows/deploy.yml@main
"""


def test_workflow_pins_and_permissions_with_lines(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text(WORKFLOW)
    result = run_check(project, tmp_path)
    pins = next(p for p in result.probes if p.id == "workflow-pins")
    perms = next(p for p in result.probes if p.id == "workflow-permissions")
    assert pins.outcome is Outcome.FAIL and pins.value == 2
    assert pins.locations == (
        ".github/workflows/ci.yml:9: actions/checkout@v4",
        ".github/workflows/ci.yml:13: org/repo/.github/workflows/deploy.yml@main")
    assert perms.outcome is Outcome.FAIL
    assert perms.locations[0].startswith(
        ".github/workflows/ci.yml:3: top-level permissions grant contents: write")


def test_least_privilege_workflow_passes(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ok.yaml").write_text(
        "on: push\npermissions: {}\njobs:\n  release:\n    permissions:\n      contents: write\n"
        "    runs-on: x\n    steps:\n"
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n")
    found = probes(run_check(project, tmp_path))
    assert found["workflow-pins"][0] is Outcome.PASS
    assert found["workflow-permissions"][0] is Outcome.PASS


def test_job_without_permissions_and_no_top_level_fails(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "a.yml").write_text("on: push\njobs:\n  build:\n    runs-on: x\n    steps: []\n")
    perms = next(p for p in run_check(project, tmp_path).probes if p.id == "workflow-permissions")
    assert perms.outcome is Outcome.FAIL
    assert "a.yml:3: job 'build' gets the default token permissions" in perms.locations[0]


def test_unparsable_workflow_is_an_error_not_a_pass(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "broken.yml").write_text("jobs: [unclosed\n")
    pins = next(p for p in run_check(project, tmp_path).probes if p.id == "workflow-pins")
    assert pins.outcome is Outcome.ERROR and "broken.yml" in pins.reason


@pytest.mark.parametrize(("ref", "ok"), [
    ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", True),
    ("actions/checkout@v4", False),
    ("actions/checkout@11bd719", False),
    ("./.github/actions/x", True),
    ("docker://alpine:3.20", False),
    ("docker://alpine@sha256:" + "a" * 64, True),
])
def test_pinning_rule(ref: str, ok: bool) -> None:
    assert pinned(ref) is ok
