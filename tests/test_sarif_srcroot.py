"""%SRCROOT% is described, never located: the SARIF a run writes names no directory of the
machine that made it, still validates and still resolves for a project in a repository's
sub-folder, and SARIF written before (with an absolute %SRCROOT%) still reads the same."""

from __future__ import annotations

import copy
import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import sarif, triage
from margo_ssdf.checks.sast_coverage import (
    COVERAGE_KEY,
    EngineCoverage,
    FileParse,
    Parse,
    gap_findings,
    rederive_gaps,
)
from margo_ssdf.cli import main
from margo_ssdf.models import RunSummary, Severity
from margo_ssdf.rederive import Agreement, evidence_reader, rederive
from tests.conftest import git, validate_sarif
from tests.test_sarif_github import ISOLATION, run_isolation

SARIF_CHECKS = ("sast.bandit", "sast.semgrep", "sast.workflows", "app.isolation")
SHELL_PY = "import subprocess\n\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n"
WORKFLOW = ("on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - run: echo \"${{ github.event.pull_request.title }}\"\n")


@pytest.fixture(scope="module")
def nested_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(base, project, out): every SARIF-writing check run on `apps/agent` of a git
    repository under `base`, its evidence in `out`."""
    base = tmp_path_factory.mktemp("srcroot")
    top = base / "repo"
    project = top / "apps" / "agent"
    shutil.copytree(ISOLATION, project)
    (project / "app.py").write_text(SHELL_PY)
    (project / "broken.py").write_text("def broken(:\n")  # a notification, which names a file
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    git(top, "init", "-q")
    out = base / "out"
    # Module scope runs before the per-test guards of conftest: apply them here.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _refuse)
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(base / "cache"))
        main(["run", str(project), "--out", str(out), "--no-cache",
              *(arg for cid in SARIF_CHECKS for arg in ("--check", cid))])
    return base, project, out


def _refuse(self: socket.socket, address: object) -> None:
    raise OSError(f"network access attempted in a test: {address!r}")


def _sarif_files(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.sarif"))
    # The merged log and each check's own: a missing one would make the checks below vacuous.
    assert {p.name for p in found} == {"sast.sarif", *(f"{cid}.sarif" for cid in SARIF_CHECKS)}
    return found


def test_no_sarif_names_the_directories_of_the_machine_that_made_it(
        nested_run: tuple[Path, Path, Path]) -> None:
    base, _, out = nested_run
    needles = {str(base), str(base.resolve()), base.resolve().as_uri()}
    for path in _sarif_files(out):
        data = path.read_bytes()
        for needle in needles:
            assert needle.encode() not in data, f"{path.name} names {needle}"
        assert b"file://" not in data, path.name
        for run in json.loads(data)["runs"]:
            assert run["originalUriBaseIds"]["%SRCROOT%"] == {
                "description": {"text": sarif._SRCROOT_TEXT}}


@pytest.mark.corpus
def test_the_sarif_of_a_run_is_valid_sarif(nested_run: tuple[Path, Path, Path],
                                           sarif_schema: dict[str, object]) -> None:
    for path in _sarif_files(nested_run[2]):
        validate_sarif(json.loads(path.read_bytes()), sarif_schema)


def test_paths_resolve_for_a_project_in_a_repository_subfolder(
        nested_run: tuple[Path, Path, Path]) -> None:
    _, project, out = nested_run
    top = project.parent.parent
    log = json.loads((out / "sast.sarif").read_bytes())
    tools = set()
    for run in log["runs"]:
        assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == "apps/agent/"
        for result in run["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            # Resolved against any checkout of the repository, as code scanning does.
            assert uri.startswith("apps/agent/") and (top / uri).is_file(), uri
            tools.add(run["tool"]["driver"]["name"])
    assert {"bandit", "zizmor", "margo-ssdf isolation rules"} <= tools
    summary = RunSummary.model_validate_json((out / "summary.json").read_bytes())
    found = triage.findings_of(summary, out)
    assert found and all((project / r.path).is_file() for r in found)
    assert "app.py:5" in {r.where for r in found if r.rule_id == "B602"}


def test_rederivation_agrees_with_sarif_that_names_no_root(
        nested_run: tuple[Path, Path, Path]) -> None:
    out = nested_run[2]
    summary = RunSummary.model_validate_json((out / "summary.json").read_bytes())
    read = evidence_reader(out)
    agreements = {r.check_id: rederive(r, read) for r in summary.results}
    assert set(agreements) == set(SARIF_CHECKS)
    for found in agreements.values():
        assert found.agreement is Agreement.REDERIVED, found.detail


def test_two_checkouts_in_different_places_write_the_same_sarif(tmp_path: Path) -> None:
    logs = []
    for where in ("alice/src", "ci/runner/work/x"):
        top = tmp_path / where / "repo"
        shutil.copytree(ISOLATION, top / "apps" / "vendor")
        git(top, "init", "-q")
        logs.append(run_isolation(top / "apps" / "vendor", tmp_path / where / "ev"))
    assert logs[0]["runs"][0]["results"] and logs[0] == logs[1]


def _with_absolute_root(log: dict[str, Any], uri: str) -> dict[str, Any]:
    """The log as margo-ssdf wrote it before: %SRCROOT% located on the producing machine."""
    old = copy.deepcopy(log)
    for run in old["runs"]:
        run["originalUriBaseIds"]["%SRCROOT%"] = {"uri": uri, "description": {
            "text": "The repository root (the analysed directory outside git)."}}
    return old


def test_sarif_with_an_absolute_srcroot_still_reads_the_same() -> None:
    rule = sarif.Rule(id="r1", name="r1", description="d", severity=Severity.HIGH,
                      cwe=("CWE-78",))
    cov = EngineCoverage("semgrep", ("cmd/broken.go",),
                         (FileParse("cmd/broken.go", Parse.UNPARSED, "syntax error"),))
    findings = [sarif.Finding(rule=rule, message="m", path="cmd/run.go", line=3, snippet="x"),
                *gap_findings(cov, Severity.MEDIUM)]
    run = sarif.run_json("semgrep", "1", "https://semgrep.dev/", sarif.number_occurrences(findings),
                         notifications=[("cmd/broken.go", "syntax error")],
                         properties={COVERAGE_KEY: cov.to_json()},
                         root=sarif.SourceRoot("file:///home/alice/repo/", "apps/agent/"))
    new = sarif.log_json([run])
    old = _with_absolute_root(new, "file:///home/alice/repo/")
    assert "uri" not in new["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
    read = sarif.read_results(old)
    assert read == sarif.read_results(new)
    assert {r.path for r in read} == {"cmd/run.go", "cmd/broken.go"}  # project-relative
    assert sarif.log_counts(old) == sarif.log_counts(new) == {Severity.HIGH: 1,
                                                              Severity.MEDIUM: 1}
    again, notes = rederive_gaps(old, Severity.MEDIUM)  # as audit re-derives old evidence
    assert notes == () and sarif.log_counts(again) == {Severity.HIGH: 1, Severity.MEDIUM: 1}
