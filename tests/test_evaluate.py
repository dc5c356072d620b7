from datetime import UTC, datetime
from pathlib import Path

import pytest

from margo_ssdf import catalog
from margo_ssdf.evaluate import (
    PENDING,
    ReleaseFinding,
    evaluate,
    read_declarations,
    with_release,
)
from margo_ssdf.models import (
    CheckResult,
    Outcome,
    Probe,
    Severity,
    TaskState,
    ToolInfo,
    Verdict,
)
from margo_ssdf.policy import CheckRule, Policy, ReleaseEvidence, TaskRule

T = datetime(2026, 1, 1, tzinfo=UTC)


def policy(tasks: dict[str, TaskRule], checks: dict[str, CheckRule] | None = None) -> Policy:
    full = {t: TaskRule(required=False) for t in catalog.ssdf().tasks}
    full.update(tasks)
    return Policy(name="t", tasks=full, checks=checks or {})


def result(cid: str, outcome: Outcome, reason: str | None = "r", *,
           counts: dict[Severity, int] | None = None, probes: tuple[Probe, ...] = ()
           ) -> CheckResult:
    return CheckResult(check_id=cid, tasks=("PW.7.2",), tool=ToolInfo(name="x", version="1"),
                       started_at=T, finished_at=T, outcome=outcome,
                       reason=None if outcome is Outcome.PASS else reason,
                       counts=counts or {}, probes=probes)


def state(ev_policy: Policy, results: dict[str, CheckResult], task: str = "PW.7.2") -> TaskState:
    ev = evaluate(ev_policy, results, {})
    return next(s for s in ev.tasks if s.task_id == task).state


@pytest.mark.parametrize(("outcomes", "expected"), [
    ((Outcome.PASS, Outcome.PASS), TaskState.SATISFIED),
    ((Outcome.PASS, Outcome.FAIL), TaskState.PARTIALLY_SATISFIED),
    ((Outcome.FAIL, Outcome.FAIL), TaskState.NOT_SATISFIED),
    ((Outcome.PASS, Outcome.ERROR), TaskState.NOT_ASSESSED),
    ((Outcome.SKIPPED, Outcome.SKIPPED), TaskState.NOT_APPLICABLE),
    ((Outcome.SKIPPED, Outcome.PASS), TaskState.SATISFIED),
    ((Outcome.SKIPPED, Outcome.FAIL), TaskState.NOT_SATISFIED),
])
def test_task_state_from_several_checks(outcomes: tuple[Outcome, Outcome],
                                        expected: TaskState) -> None:
    p = policy({"PW.7.2": TaskRule(checks=("a", "b"))})
    results = {"a": result("a", outcomes[0]), "b": result("b", outcomes[1])}
    assert state(p, results) is expected


def test_a_check_that_did_not_run_leaves_the_task_not_assessed() -> None:
    p = policy({"PW.7.2": TaskRule(checks=("a",))})
    ev = evaluate(p, {}, {})
    assert ev.verdict is Verdict.INCOMPLETE
    assert "a did not run" in ev.reasons[0]


def test_severity_thresholds_override_the_checks_own_outcome() -> None:
    counts = {Severity.LOW: 4, Severity.MEDIUM: 1}
    lenient = policy({"PW.7.2": TaskRule(checks=("a",))},
                     {"a": CheckRule(thresholds={"max_high": 0, "max_medium": 1})})
    strict = policy({"PW.7.2": TaskRule(checks=("a",))},
                    {"a": CheckRule(thresholds={"max_high": 0, "max_medium": 0})})
    r = {"a": result("a", Outcome.FAIL, counts=counts)}
    assert state(lenient, r) is TaskState.SATISFIED
    assert state(strict, r) is TaskState.NOT_SATISFIED
    reason = next(s for s in evaluate(strict, r, {}).tasks if s.task_id == "PW.7.2").reason
    assert "1 medium (allowed 0)" in reason


def test_probes_decide_only_their_own_tasks() -> None:
    probes = (Probe(id="security-policy", tasks=("RV.1.3",), outcome=Outcome.PASS, reason="ok"),
              Probe(id="code-owners", tasks=("PO.2.1",), outcome=Outcome.FAIL, reason="none"))
    p = policy({"RV.1.3": TaskRule(checks=("h",)), "PO.2.1": TaskRule(checks=("h",))})
    r = {"h": result("h", Outcome.FAIL, probes=probes)}
    assert state(p, r, "RV.1.3") is TaskState.SATISFIED
    assert state(p, r, "PO.2.1") is TaskState.NOT_SATISFIED


def test_measured_probe_is_held_to_the_policy_minimum() -> None:
    probe = Probe(id="signed-commits", tasks=("PS.1.1",), outcome=Outcome.FAIL,
                  reason="8 of 10 signed", value=0.8)
    r = {"h": result("h", Outcome.FAIL, probes=(probe,))}
    for minimum, expected in ((0.75, TaskState.SATISFIED), (0.9, TaskState.NOT_SATISFIED)):
        p = policy({"PS.1.1": TaskRule(checks=("h",))},
                   {"h": CheckRule(thresholds={"min_signed_commits": minimum})})
        assert state(p, r, "PS.1.1") is expected


def test_declared_documents_are_hashed_and_must_name_the_task(tmp_path: Path) -> None:
    (tmp_path / "SSDF.md").write_text("PO.2.2 training happens yearly.\n")
    p = policy({"PO.2.2": TaskRule(declared="SSDF.md"), "PO.2.3": TaskRule(declared="SSDF.md"),
                "PO.1.1": TaskRule(declared="missing.md")})
    ev = evaluate(p, {}, read_declarations(p, tmp_path))
    by_id = {s.task_id: s for s in ev.tasks}
    assert by_id["PO.2.2"].state is TaskState.DECLARED
    assert by_id["PO.2.2"].document is not None and len(by_id["PO.2.2"].document.sha256) == 64
    assert by_id["PO.2.3"].state is TaskState.NOT_SATISFIED
    assert "does not mention PO.2.3" in by_id["PO.2.3"].reason
    assert by_id["PO.1.1"].state is TaskState.NOT_SATISFIED
    assert ev.verdict is Verdict.NOT_COMPLIANT


def test_declared_document_outside_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text("PO.2.2\n")
    root = tmp_path / "proj"
    root.mkdir()
    p = policy({"PO.2.2": TaskRule(declared="../outside.md")})
    decl = read_declarations(p, root)["PO.2.2"]
    assert decl.problem is not None and decl.evidence is None


def test_verdicts_and_optional_tasks() -> None:
    p = policy({"PW.7.2": TaskRule(checks=("a",)),
                "PW.5.1": TaskRule(checks=("b",), required=False)})
    assert evaluate(p, {"a": result("a", Outcome.PASS), "b": result("b", Outcome.FAIL)},
                    {}).verdict is Verdict.COMPLIANT
    assert evaluate(p, {"a": result("a", Outcome.FAIL)}, {}).verdict is Verdict.NOT_COMPLIANT
    ev = evaluate(p, {"a": result("a", Outcome.ERROR, "tool crashed")}, {})
    assert ev.verdict is Verdict.INCOMPLETE
    assert "tool crashed" in ev.reasons[0]


def test_not_applicable_and_unmapped_tasks() -> None:
    p = policy({"PW.9.1": TaskRule(not_applicable="no configuration")})
    by_id = {s.task_id: s for s in evaluate(p, {}, {}).tasks}
    assert by_id["PW.9.1"].state is TaskState.NOT_APPLICABLE
    assert by_id["RV.1.1"].state is TaskState.NOT_ASSESSED
    assert len(by_id) == 42


def test_probes_and_severity_caps_are_both_judged() -> None:
    probe = Probe(id="unaudited", tasks=("RV.1.1",), outcome=Outcome.PASS, reason="all audited",
                  value=0.0)
    p = policy({"RV.1.1": TaskRule(checks=("d",))},
               {"d": CheckRule(thresholds={"max_high": 0, "max_unaudited": 0})})
    clean = {"d": result("d", Outcome.PASS, probes=(probe,))}
    dirty = {"d": result("d", Outcome.FAIL, counts={Severity.HIGH: 1}, probes=(probe,))}
    assert state(p, clean, "RV.1.1") is TaskState.SATISFIED
    assert state(p, dirty, "RV.1.1") is TaskState.NOT_SATISFIED


def hidden(cid: str, outcome: Outcome, n: int) -> CheckResult:
    return result(cid, outcome, "no files to scan after excludes").model_copy(
        update={"excluded_inputs": n})


@pytest.mark.parametrize("outcome", [Outcome.SKIPPED, Outcome.PASS])
def test_a_check_the_excludes_hid_files_from_fails_its_tasks(outcome: Outcome) -> None:
    # Skipped because the excludes removed everything is missing evidence, not "not applicable".
    p = policy({"PW.7.2": TaskRule(checks=("a",))})
    ev = evaluate(p, {"a": hidden("a", outcome, 4)}, {})
    status = next(s for s in ev.tasks if s.task_id == "PW.7.2")
    assert status.state is TaskState.NOT_SATISFIED
    assert "the configuration's excludes kept 4 file(s) it would read from it " \
           "(policy maximum 0)" in status.reason


def test_the_policy_may_allow_excluded_inputs_up_to_its_threshold() -> None:
    allow = {"a": CheckRule(thresholds={"max_excluded_inputs": 4})}
    p = policy({"PW.7.2": TaskRule(checks=("a",))}, allow)
    assert state(p, {"a": hidden("a", Outcome.SKIPPED, 4)}) is TaskState.NOT_APPLICABLE
    assert state(p, {"a": hidden("a", Outcome.PASS, 4)}) is TaskState.SATISFIED
    assert state(p, {"a": hidden("a", Outcome.PASS, 5)}) is TaskState.NOT_SATISFIED


def test_an_error_stays_not_assessed_whatever_was_excluded() -> None:
    p = policy({"PW.7.2": TaskRule(checks=("a",))})
    assert state(p, {"a": hidden("a", Outcome.ERROR, 2)}) is TaskState.NOT_ASSESSED


# ---- tasks the signed release evidences ------------------------------------------------------

RELEASE_TASKS = {"PS.2.1": ReleaseEvidence.INTEGRITY, "PS.3.1": ReleaseEvidence.PROVENANCE,
                 "PO.5.1": ReleaseEvidence.PROVENANCE, "PO.3.3": ReleaseEvidence.EVIDENCE,
                 "PO.4.2": ReleaseEvidence.EVIDENCE}


def release_policy() -> Policy:
    return policy({"PW.7.2": TaskRule(checks=("a",)),
                   **{t: TaskRule(release=kind) for t, kind in RELEASE_TASKS.items()}})


def test_before_a_release_its_tasks_are_pending_and_do_not_make_the_verdict_incomplete() -> None:
    ev = evaluate(release_policy(), {"a": result("a", Outcome.PASS)}, {})
    pending = {s.task_id: s for s in ev.tasks if s.task_id in RELEASE_TASKS}
    assert {s.state for s in pending.values()} == {TaskState.NOT_ASSESSED}
    assert {s.reason for s in pending.values()} == {PENDING}
    assert all(s.required for s in pending.values())
    assert ev.verdict is Verdict.COMPLIANT and ev.reasons == ()
    # A real gap still decides the verdict beside the pending tasks.
    assert evaluate(release_policy(), {}, {}).verdict is Verdict.INCOMPLETE


def test_the_release_findings_judge_its_tasks_and_the_verdict() -> None:
    found = {ReleaseEvidence.INTEGRITY: ReleaseFinding(False, "not signed"),
             ReleaseEvidence.PROVENANCE: ReleaseFinding(True, "builder b"),
             ReleaseEvidence.EVIDENCE: ReleaseFinding(True, "bound")}
    ev = evaluate(release_policy(), {"a": result("a", Outcome.PASS)}, {}, found)
    states = {s.task_id: (s.state, s.reason) for s in ev.tasks if s.task_id in RELEASE_TASKS}
    assert states == {"PS.2.1": (TaskState.NOT_SATISFIED, "not signed"),
                      "PS.3.1": (TaskState.SATISFIED, "builder b"),
                      "PO.5.1": (TaskState.SATISFIED, "builder b"),
                      "PO.3.3": (TaskState.SATISFIED, "bound"),
                      "PO.4.2": (TaskState.SATISFIED, "bound")}
    assert ev.verdict is Verdict.NOT_COMPLIANT and ev.reasons == ("PS.2.1 not_satisfied: "
                                                                  "not signed",)
    # Judging a pending evaluation afterwards (attest) gives what judging at once gives (audit).
    before = evaluate(release_policy(), {"a": result("a", Outcome.PASS)}, {})
    assert with_release(before, release_policy(), found) == ev


def test_a_release_finding_that_is_missing_fails_closed() -> None:
    found = {ReleaseEvidence.INTEGRITY: ReleaseFinding(True, "signed")}
    ev = evaluate(release_policy(), {"a": result("a", Outcome.PASS)}, {}, found)
    ps31 = next(s for s in ev.tasks if s.task_id == "PS.3.1")
    assert ps31.state is TaskState.NOT_ASSESSED and "provenance" in ps31.reason
    assert ev.verdict is Verdict.INCOMPLETE
