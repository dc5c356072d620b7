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
    assert main(["aggregate", str(part), str(part), "--out", str(tmp_path / "o")]) == 2
    assert "appears in both" in capsys.readouterr().err
    other = tmp_path / "other"
    shutil.copytree(runs["part:repo.hygiene"], other)
    data = json.loads((other / "summary.json").read_text())
    data["commit"] = "f" * 40
    (other / "summary.json").write_text(json.dumps(data))
    assert main(["aggregate", str(part), str(other), "--out", str(tmp_path / "o")]) == 2
    assert "disagree on the git commit" in capsys.readouterr().err
    bad = tmp_path / "bad"
    shutil.copytree(part, bad)
    bom = next(bad.rglob("sbom.cdx.json"))
    bom.write_text(bom.read_text().replace("demo", "dem0"))
    assert main(["aggregate", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "not the evidence its result names" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
