"""`attest --from DIR` believes no recorded result or verdict it cannot re-derive.

One real `run --out` of a project with SAST findings (real bandit and semgrep, no mocks of
rederive); each test copies it, edits what a forger would, and attests the copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.cli import main
from tests.conftest import make_project

# Request data into shell=True and eval: findings for bandit and semgrep alike.
UNSAFE = ("import subprocess\n\nfrom flask import request\n\n\ndef run():\n"
          "    cmd = request.args['cmd']\n    subprocess.call(cmd, shell=True)\n"
          "    return eval(cmd)\n")
RELEASE_TASKS = {"PO.3.3", "PO.4.2", "PO.5.1", "PS.2.1", "PS.3.1"}
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Path]]:
    """A project with findings, one whole run of it, a signing key and a release file."""
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        base = tmp_path_factory.mktemp("from")
        root = make_project(base / "proj")
        (root / "bad.py").write_text(UNSAFE)
        assert main(["run", str(root), "--out", str(base / "run"), "--no-cache"]) == 1
        assert main(["keygen", "--out", str(base / "rel")]) == 0
        artifact = base / "demo-1.0.0.tar.gz"
        artifact.write_bytes(b"release " * 64)
        yield {"base": base, "root": root, "run": base / "run", "artifact": artifact,
               "key": base / "rel.key", "pub": base / "rel.pub"}


def _attest(made: dict[str, Path], source: Path, out: Path, *extra: str) -> list[str]:
    return ["attest", str(made["root"]), "--from", str(source), "--artifact",
            str(made["artifact"]), "--sign", "key", "--key", str(made["key"]), "--out",
            str(out), *extra]


def _copy(made: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(made["run"], copy)
    return copy


def _summary(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "summary.json").read_text())
    return data


def _edit_result(run: Path, check_id: str, edit: Edit) -> None:
    """Edit one result the same way in summary.json and its result.json (a careful forger)."""
    data = _summary(run)
    [result] = [r for r in data["results"] if r["check_id"] == check_id]
    edit(result)
    (run / "summary.json").write_text(json.dumps(data, indent=2))
    (run / "checks" / check_id / "result.json").write_text(json.dumps(result, indent=2))


def _refused(capsys: pytest.CaptureFixture[str], command: list[str], out: Path) -> str:
    capsys.readouterr()
    code = main(command)
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2, err
    assert not out.exists()  # the staged output is discarded whole
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert "Traceback" not in err
    assert "re-run `margo-ssdf run --out dir` on the project, or attest without --from" \
        in err.lower()
    return err


def _predicate(out: Path) -> dict[str, Any]:
    [jsonl] = out.glob("*.intoto.jsonl")
    predicate: dict[str, Any] = json.loads(jsonl.read_text().splitlines()[0])["predicate"]
    return predicate


def test_an_untouched_run_is_attested_as_it_was_recorded(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "att"
    capsys.readouterr()
    assert main(_attest(made, made["run"], out)) == 1  # not compliant: the SAST findings
    err = " ".join(capsys.readouterr().err.split())
    # Said how each result stood: re-derived, or only compared with its recorded probes.
    assert "Re-derived (--from):" in err and "sast.bandit" in err
    assert "repo.hygiene, threat.model agree with the probes their evidence records" in err
    recorded = _summary(made["run"])
    predicate = _predicate(out)
    assert predicate["checks"] == recorded["results"]
    states = {t["task_id"]: t["state"] for t in predicate["tasks"]}
    assert {t["task_id"]: t["state"] for t in recorded["evaluation"]["tasks"]
            if t["task_id"] not in RELEASE_TASKS} == {
        tid: state for tid, state in states.items() if tid not in RELEASE_TASKS}
    assert predicate["verdict"] == "not_compliant"
    result = audit(next(out.glob("*.dsse.json")), PublicKeySigner(made["pub"]),
                   evidence_dir=out)
    assert [s.name for s in result.steps if not s.ok and not s.note] == []


def test_a_flipped_outcome_is_refused_naming_the_check(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _copy(made, tmp_path)
    assert [r["outcome"] for r in _summary(run)["results"] if r["check_id"] == "sbom"] == \
        ["fail"]
    _edit_result(run, "sbom", lambda r: r.update(outcome="pass", reason=None))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "the recorded result of sbom disagrees with its evidence" in err
    assert "sbom: outcome recorded pass, re-derived fail" in err


def test_a_lowered_sast_count_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _copy(made, tmp_path)
    [bandit] = [r for r in _summary(run)["results"] if r["check_id"] == "sast.bandit"]
    assert bandit["counts"]["high"] >= 1
    _edit_result(run, "sast.bandit", lambda r: r["counts"].update(high=0))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "the recorded result of sast.bandit disagrees with its evidence" in err
    assert f"re-derived {bandit['counts']['high']} high" in err
    assert "(from sast.bandit.sarif)" in err


@pytest.mark.parametrize("how", ["deleted", "swapped"])
def test_missing_or_swapped_evidence_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        how: str) -> None:
    run = _copy(made, tmp_path)
    [semgrep] = [r for r in _summary(run)["results"] if r["check_id"] == "sast.semgrep"]
    [sarif] = [e["path"] for e in semgrep["evidence"] if e["path"].endswith(".sarif")]
    if how == "deleted":
        (run / sarif).unlink()
    else:  # another tool's log in its place: the digest tells
        shutil.copyfile(run / sarif.replace("sast.semgrep", "sast.bandit"), run / sarif)
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert f"{sarif}, evidence of sast.semgrep, is missing or not the file its result names" \
        in err


def test_an_edited_task_state_is_refused_not_signed(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refusing (rather than signing the re-judged state) keeps the summary.json written
    beside the attestation from showing a verdict the signature does not carry."""
    run = _copy(made, tmp_path)
    data = _summary(run)
    [task] = [t for t in data["evaluation"]["tasks"] if t["task_id"] == "PW.7.2"]
    assert task["state"] == "not_satisfied"
    task["state"] = "satisfied"
    (run / "summary.json").write_text(json.dumps(data, indent=2))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "the evaluation in summary.json is not what the policy in force makes of" in err
    assert "PW.7.2 recorded satisfied, re-judged not_satisfied" in err


def test_a_run_judged_under_another_policy_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lax = {**_summary(made["run"])["policy"], "name": "lax"}
    for rule in lax["tasks"].values():
        rule["required"] = False
    policy = tmp_path / "lax.yaml"
    policy.write_text(json.dumps(lax))  # JSON is YAML
    out = tmp_path / "att"
    err = _refused(capsys, _attest(made, made["run"], out, "--policy", str(policy)), out)
    assert "the run was judged under the policy margo-ssdf-default" in err
    assert "but the policy in force, lax" in err


def test_a_result_json_edited_alone_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _copy(made, tmp_path)
    record = run / "checks" / "sbom" / "result.json"
    record.write_text(json.dumps({**json.loads(record.read_text()), "reason": "edited"}))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "checks/sbom/result.json differs from the result of sbom in summary.json" in err


def test_reports_not_made_from_the_checks_sarif_are_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _copy(made, tmp_path)
    data = _summary(run)
    assert data["reports"]
    data["reports"] = []
    (run / "summary.json").write_text(json.dumps(data, indent=2))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "summary.json names the reports none, but the checks' SARIF evidence merges into" \
        in err


def test_an_edited_count_of_excluded_inputs_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The policy judges excluded inputs; the count is made again from the project."""
    run = _copy(made, tmp_path)
    _edit_result(run, "sast.bandit", lambda r: r.update(excluded_inputs=3))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "sast.bandit records 3 excluded input(s), the project's configuration 0" in err
    data = _summary(run)
    data["configuration"]["sha256"] = "0" * 64
    (run / "summary.json").write_text(json.dumps(data, indent=2))
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert "the configuration recorded in summary.json (excludes, triage, check options) is " \
        "not the project's now" in err


def test_sarif_evidence_that_is_not_sarif_is_a_usage_error(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A result that errored is not re-derived, so its evidence reaches the SARIF merge."""
    run = _copy(made, tmp_path)
    data = _summary(run)
    [semgrep] = [r for r in data["results"] if r["check_id"] == "sast.semgrep"]
    [sarif] = [e for e in semgrep["evidence"] if e["path"].endswith(".sarif")]
    garbage = b"semgrep: killed\n"
    (run / sarif["path"]).write_bytes(garbage)
    _edit_result(run, "sast.semgrep", lambda r: [
        r.update(outcome="error", reason="semgrep was killed"),
        next(e for e in r["evidence"] if e["path"] == sarif["path"]).update(
            sha256=hashlib.sha256(garbage).hexdigest(), size=len(garbage))])
    err = _refused(capsys, _attest(made, run, tmp_path / "att"), tmp_path / "att")
    assert f"{sarif['path']}: the SARIF evidence of sast.semgrep cannot be read as SARIF" in err
