"""Issue #15, items 3 and 4: recorded outcomes and counts are re-derived from their evidence.

Each test reproduces an attack that once gave a clean verdict and shows it refused:
(a) outcomes and counts edited in a run's result.json and summary.json while the SARIF still
    holds the findings, then signed with `attest --from` (audit --evidence-dir refuses) or
    merged with `aggregate` (refused);
(b) an aggregate part whose summary.json carries a lax policy under the right name and digest;
(c) a cache entry whose result.json was edited while its SARIF still holds the findings.
The project is real and the SAST checks run the real bandit and semgrep.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from margo_ssdf.attest import release
from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.cache import default_cache_dir
from margo_ssdf.cli import main
from margo_ssdf.evaluate import evaluate, read_declarations
from margo_ssdf.flow import write_summary
from margo_ssdf.models import Outcome, RunSummary, Verdict
from margo_ssdf.policy import Policy
from tests.conftest import make_project

# Request data into shell=True and eval: high-severity findings for bandit and semgrep alike
# (semgrep's rules follow the data from a web request).
UNSAFE = ("import subprocess\n\nfrom flask import request\n\n\ndef run():\n"
          "    cmd = request.args['cmd']\n    subprocess.call(cmd, shell=True)\n"
          "    return eval(cmd)\n")


def unsafe_project(root: Path) -> Path:
    """A project compliant under the default policy but for its SAST findings."""
    make_project(root)
    (root / "bad.py").write_text(UNSAFE)
    return root


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Path]]:
    """A project with findings, one whole run of it and a run of sast.bandit alone."""
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.setenv("SOURCE_DATE_EPOCH", "1764288000")
        base = tmp_path_factory.mktemp("forge")
        root = unsafe_project(base / "proj")
        assert main(["run", str(root), "--out", str(base / "run"), "--no-cache"]) == 1
        # A single check's run is incomplete (3): the others are other jobs'.
        assert main(["run", str(root), "--check", "sast.bandit", "--out", str(base / "part"),
                     "--no-cache"]) == 3
        assert main(["keygen", "--out", str(base / "release")]) == 0
        artifact = base / "demo-1.0.0.tar.gz"
        artifact.write_bytes(b"release " * 64)
        yield {"base": base, "root": root, "run": base / "run", "part": base / "part",
               "artifact": artifact}


def summary_of(directory: Path) -> RunSummary:
    return RunSummary.model_validate_json((directory / "summary.json").read_bytes())


def forge(source: Path, target: Path, root: Path) -> RunSummary:
    """Copy a run; claim every check with findings passed with none; re-evaluate coherently.

    Only the evidence (the SARIF, untouched) still tells the truth.
    """
    shutil.copytree(source, target)
    summary = summary_of(target)
    results = tuple(r.model_copy(update={"outcome": Outcome.PASS, "reason": None, "counts": {}})
                    if r.counts else r for r in summary.results)
    policy = Policy.model_validate(summary.policy)
    evaluation = evaluate(policy, {r.check_id: r for r in results},
                          read_declarations(policy, root))
    forged = summary.model_copy(update={"results": results, "evaluation": evaluation})
    write_summary(forged, target)
    return forged


def test_a_forged_run_signed_with_attest_from_is_refused_by_audit(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = summary_of(made["run"])
    assert real.evaluation.verdict is Verdict.NOT_COMPLIANT
    bandit = next(r for r in real.results if r.check_id == "sast.bandit")
    assert bandit.outcome is Outcome.FAIL and bandit.counts.get("high")
    forged = forge(made["run"], tmp_path / "forged", made["root"])
    assert forged.evaluation.verdict is Verdict.COMPLIANT  # what the forger wants signed
    out = tmp_path / "release"
    command = ["attest", str(made["root"]), "--from", str(tmp_path / "forged"), "--artifact",
               str(made["artifact"]), "--sign", "key", "--key",
               str(made["base"] / "release.key"), "--out", str(out)]
    capsys.readouterr()
    assert main(command) == 2 and not out.exists()  # attest itself re-derives and refuses
    assert "sast.bandit: outcome recorded pass, re-derived fail" in capsys.readouterr().err
    # A producer whose attest does not re-derive (an older margo-ssdf) signs it: audit must
    # still refuse what it signed.
    monkeypatch.setattr(release, "_believed", lambda summary, *_: (summary, None))
    assert main(command) == 0
    signed = next(out.glob("*.dsse.json"))
    capsys.readouterr()

    code = main(["audit", str(signed), "--key", str(made["base"] / "release.pub"),
                 "--artifact", str(made["artifact"]), "--evidence-dir", str(out),
                 "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["verified"] is False
    failed = {s["name"]: s["detail"] for s in report["steps"] if not s["ok"]}
    # The signature, the evidence digests and the recomputed verdict all hold: only the
    # comparison of the signed record with the signed evidence exposes the forgery.
    assert list(failed) == ["results re-derived"]
    detail = failed["results re-derived"]
    high = bandit.counts["high"]
    assert (f"sast.bandit: outcome recorded pass, re-derived fail; counts recorded no "
            f"findings, re-derived {high} high") in detail
    assert "(from sast.bandit.sarif)" in detail
    assert "sast.semgrep: outcome recorded pass, re-derived fail" in detail
    # The untouched run, signed the same way, passes the same step.
    honest = tmp_path / "honest"
    assert main(["attest", str(made["root"]), "--from", str(made["run"]), "--artifact",
                 str(made["artifact"]), "--sign", "key", "--key",
                 str(made["base"] / "release.key"), "--out", str(honest)]) == 1
    result = audit(next(honest.glob("*.dsse.json")),
                   PublicKeySigner(made["base"] / "release.pub"), evidence_dir=honest)
    step = next(s for s in result.steps if s.name == "results re-derived")
    assert step.ok and "sast.bandit" in step.detail and "re-derived from" in step.detail
    assert "repo.hygiene" in step.detail and "cannot be re-derived" in step.detail


def test_a_forged_part_is_refused_by_aggregate(made: dict[str, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    part = tmp_path / "sast.bandit"
    forge(made["part"], part, made["root"])
    out = tmp_path / "merged"
    code = main(["aggregate", str(part), "--project", str(made["root"]), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert f"{part}: the result of sast.bandit disagrees with its evidence: sast.bandit: " \
           "outcome recorded pass, re-derived fail" in " ".join(err.split())
    # Editing result.json alone (summary.json untouched) is refused too.
    alone = tmp_path / "alone"
    shutil.copytree(made["part"], alone)
    record = alone / "checks" / "sast.bandit" / "result.json"
    data = json.loads(record.read_text())
    record.write_text(json.dumps({**data, "outcome": "pass", "reason": None, "counts": {}}))
    assert main(["aggregate", str(alone), "--project", str(made["root"]), "--out",
                 str(out)]) == 2
    assert "differs from the result of sast.bandit" in " ".join(capsys.readouterr().err.split())
    assert not out.exists()


def _lax(policy: dict[str, object]) -> dict[str, object]:
    tasks = policy["tasks"]
    assert isinstance(tasks, dict)
    return {**policy, "tasks": {t: {**rule, "required": False} for t, rule in tasks.items()}}


def test_a_part_carrying_a_lax_policy_under_the_right_digest_is_refused(
        made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    part = tmp_path / "part"
    shutil.copytree(made["part"], part)
    data = json.loads((part / "summary.json").read_text())
    data["policy"] = _lax(data["policy"])  # name and evaluation.policy_sha256 unchanged
    (part / "summary.json").write_text(json.dumps(data))
    out = tmp_path / "merged"
    code = main(["aggregate", str(part), "--project", str(made["root"]), "--out", str(out)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2 and not out.exists()
    assert f"{part / 'summary.json'}: the policy text in the field 'policy' has sha256" in err
    assert "summary.json was edited after the run" in err
    # Making the digest match the lax text moves the refusal to the project's own policy.
    lax = Policy.model_validate(data["policy"])
    data["evaluation"]["policy_sha256"] = lax.sha256
    (part / "summary.json").write_text(json.dumps(data))
    assert main(["aggregate", str(part), "--project", str(made["root"]), "--out",
                 str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"(sha256 {lax.sha256[:16]}...), but the policy in force, margo-ssdf-default" in err
    assert not out.exists()


def test_an_edited_cache_entry_is_not_reused(tmp_path: Path) -> None:
    root = unsafe_project(tmp_path / "proj")

    def run(name: str) -> RunSummary:
        assert main(["run", str(root), "--check", "sast.bandit", "--out",
                     str(tmp_path / name)]) == 3
        return summary_of(tmp_path / name)

    first = run("first")
    [honest] = first.results
    assert honest.outcome is Outcome.FAIL and not honest.cached
    [again] = run("again").results
    assert again.cached and again.counts == honest.counts  # an untouched entry is reused
    entries = [p for p in default_cache_dir().rglob("result.json")
               if json.loads(p.read_text())["check_id"] == "sast.bandit"]
    assert len(entries) == 1
    data = json.loads(entries[0].read_text())
    entries[0].write_text(json.dumps({**data, "outcome": "pass", "reason": None, "counts": {}}))
    [after] = run("after").results
    assert not after.cached
    assert after.outcome is Outcome.FAIL and after.counts == honest.counts
