"""Split-then-aggregate gives what a single run gives; mismatched inputs are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.models import RunSummary
from tests.conftest import make_project

CHECKS = ("repo.hygiene", "sast.bandit", "sbom", "deps.audit", "vuln.response",
          "threat.model", "tests.results")


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # reproducible evidence
    root = make_project(tmp_path / "proj")
    single = tmp_path / "single"
    assert main(["run", str(root), "--out", str(single), "--no-cache",
                 *[a for c in CHECKS for a in ("--check", c)]]) in (0, 1, 3)
    parts = []
    for cid in CHECKS:
        part = tmp_path / "jobs" / cid
        main(["run", str(root), "--check", cid, "--out", str(part), "--no-cache"])
        parts.append(part)
    capsys.readouterr()
    return {"root": root, "single": single, "jobs": tmp_path / "jobs", **{
        f"part:{p.name}": p for p in parts}}


def summary(path: Path) -> RunSummary:
    return RunSummary.model_validate_json((path / "summary.json").read_text())


def test_split_and_aggregate_equals_a_single_run(runs: dict[str, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    merged_dir = tmp_path / "merged"
    dirs = [str(runs[f"part:{c}"]) for c in CHECKS]
    main(["aggregate", *dirs, "--project", str(runs["root"]), "--out", str(merged_dir)])
    single, merged = summary(runs["single"]), summary(merged_dir)
    assert merged.evaluation.tasks == single.evaluation.tasks
    assert merged.evaluation.verdict == single.evaluation.verdict

    def digests(s: RunSummary) -> dict[str, list[tuple[str, str]]]:
        return {r.check_id: [(e.path, e.sha256) for e in r.evidence] for r in s.results}

    assert digests(merged) == digests(single)
    assert [r.check_id for r in merged.results] == [r.check_id for r in single.results]
    assert merged.reports == single.reports  # the merged SARIF too


def test_duplicate_check_mixed_commit_and_tampered_evidence_are_refused(
        runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    part = runs["part:sbom"]
    project = ["--project", str(runs["root"])]
    assert main(["aggregate", str(part), str(part), *project, "--out", str(tmp_path / "o")]) == 2
    assert "appears in both" in capsys.readouterr().err
    other = tmp_path / "other"
    shutil.copytree(runs["part:repo.hygiene"], other)
    data = json.loads((other / "summary.json").read_text())
    data["commit"] = "f" * 40
    (other / "summary.json").write_text(json.dumps(data))
    assert main(["aggregate", str(part), str(other), *project, "--out", str(tmp_path / "o")]) == 2
    assert "disagree on the git commit" in capsys.readouterr().err
    bad = tmp_path / "bad"
    shutil.copytree(part, bad)
    bom = next(bad.rglob("sbom.cdx.json"))
    bom.write_text(bom.read_text().replace("demo", "dem0"))
    assert main(["aggregate", str(bad), *project, "--out", str(tmp_path / "o")]) == 2
    assert "is missing or not the file its result names" in " ".join(
        capsys.readouterr().err.split())
    assert not (tmp_path / "o").exists()


def test_the_policy_comes_from_the_project_and_a_part_under_another_is_refused(
        runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from margo_ssdf.resources import rules_dir

    root = runs["root"]
    lax = tmp_path / "lax.yaml"
    lax.write_text((rules_dir() / "policy" / "default.yaml").read_text()
                   .replace("name: margo-ssdf-default", "name: lax"))
    part = tmp_path / "part"
    main(["run", str(root), "--policy", str(lax), "--check", "tests.results", "--out", str(part),
          "--no-cache"])
    capsys.readouterr()
    out = tmp_path / "merged"
    assert main(["aggregate", str(part), "--project", str(root), "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"{part / 'summary.json'}: the run was judged under the policy lax" in err
    assert "the policy in force, margo-ssdf-default (from bundled default policy)" in err
    assert "--policy" in err and not out.exists()
    # Given the same --policy, aggregate judges with it and says so in the merged run.
    main(["aggregate", str(part), "--project", str(root), "--policy", str(lax), "--out", str(out)])
    merged = summary(out)
    assert merged.evaluation.policy_name == "lax" and merged.policy_sources == (str(lax),)


def test_a_result_json_that_differs_from_summary_json_is_refused(
        runs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    part = tmp_path / "part"
    shutil.copytree(runs["part:tests.results"], part)
    record = part / "checks" / "tests.results" / "result.json"
    data = json.loads(record.read_text())
    record.write_text(json.dumps({**data, "reason": "edited"}))
    out = tmp_path / "merged"
    assert main(["aggregate", str(part), "--project", str(runs["root"]), "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert (f"{part}: checks/tests.results/result.json differs from the result of "
            "tests.results in summary.json") in err
    record.unlink()
    assert main(["aggregate", str(part), "--project", str(runs["root"]), "--out", str(out)]) == 2
    assert f"{part}: checks/tests.results/result.json is missing or not a check result" in \
        " ".join(capsys.readouterr().err.split())
    assert not out.exists()
