"""One voice: the checks table and the task matrix never contradict each other."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from margo_ssdf.cli import main
from margo_ssdf.evaluate import Judgement, check_judgement, judge
from margo_ssdf.models import Outcome, Probe, RunSummary, TaskState
from margo_ssdf.policy import Policy
from margo_ssdf.report.terminal import render_summary
from tests.conftest import make_project


def _run(root: Path, out: Path) -> RunSummary:
    main(["run", str(root), "--out", str(out)])
    return RunSummary.model_validate_json((out / "summary.json").read_text())


def assert_one_voice(summary: RunSummary) -> None:
    """The checks table's word never contradicts the task matrix.

    A FAIL always points at a task it keeps from being satisfied; a PASS never sits beside a
    task it fails; a satisfied task has no failing check.
    """
    policy = Policy.model_validate(summary.policy)
    results = {r.check_id: r for r in summary.results}
    shown = {cid: check_judgement(r, policy)[0] for cid, r in results.items()}
    states = {t.task_id: t.state for t in summary.evaluation.tasks}
    for cid, word in shown.items():
        citing = [t for t in summary.evaluation.tasks if cid in t.checks]
        per_task = {t.task_id: judge(results[cid], cid, t.task_id, policy.rule(cid))[0]
                    for t in citing}
        if word is Judgement.FAIL:
            assert any(per_task[t] is Judgement.FAIL and states[t] is not TaskState.SATISFIED
                       for t in per_task), (cid, per_task)
        if word is Judgement.PASS:
            assert Judgement.FAIL not in per_task.values(), (cid, per_task)
    for task in summary.evaluation.tasks:
        if task.state is TaskState.SATISFIED:
            assert all(judge(results[c], c, task.task_id, policy.rule(c))[0]
                       in (Judgement.PASS, Judgement.SKIPPED)
                       for c in task.checks if c in results), task


def test_every_check_on_a_failing_and_a_passing_project(tmp_path: Path) -> None:
    good = _run(make_project(tmp_path / "good"), tmp_path / "out-good")
    bad_root = make_project(tmp_path / "bad", compliant=False)
    (bad_root / "run.py").write_text("import subprocess\n\n\ndef run(arg):\n"
                                     "    subprocess.call('ls ' + arg, shell=True)\n")
    bad = _run(bad_root, tmp_path / "out-bad")
    for summary in (good, bad):
        assert_one_voice(summary)
    assert bad.evaluation.verdict.value != "compliant"


def test_a_check_failing_by_its_own_measure_but_within_the_policy_shows_pass(
        tmp_path: Path) -> None:
    # threat.model fails its freshness probe by its own default while the policy's threshold
    # allows the lag: the table must say what the matrix says.
    summary = _run(make_project(tmp_path / "p"), tmp_path / "out")
    tm = next(r for r in summary.results if r.check_id == "threat.model")
    stale = tm.model_copy(update={
        "outcome": Outcome.FAIL, "reason": "the threat model lags the code by 7.7 days",
        "probes": tuple(p if p.id != "model-fresh" else Probe(
            id=p.id, tasks=p.tasks, outcome=Outcome.FAIL, value=7.7,
            reason="the threat model lags the code by 7.7 days") for p in tm.probes)})
    policy = Policy.model_validate(summary.policy)
    judged, reason = check_judgement(stale, policy)
    assert judged is Judgement.PASS and "7.7 days" in reason
    console = Console(file=io.StringIO(), width=200, no_color=True)
    render_summary(console, summary.model_copy(update={"results": tuple(
        stale if r.check_id == "threat.model" else r for r in summary.results)}))
    row = next(line for line in console.file.getvalue().splitlines()  # type: ignore[attr-defined]
               if "threat.model" in line)
    assert " pass " in row and " fail " not in row


def test_the_table_shows_the_judgement_and_then_the_checks_own_facts(tmp_path: Path) -> None:
    # e.g. deps.audit's reachability counts stay visible beside the policy's word.
    summary = _run(make_project(tmp_path / "p"), tmp_path / "out")
    deps = next(r for r in summary.results if r.check_id == "deps.audit")
    facts = "4 known advisories, 1 reachable, 3 not reached"
    judged, reason = check_judgement(deps.model_copy(update={"reason": facts}),
                                     Policy.model_validate(summary.policy))
    assert judged is Judgement.PASS
    assert reason.endswith(facts) and "within the policy's limits" in reason
