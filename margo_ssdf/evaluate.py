"""The one evaluation: CheckResults + policy -> SSDF task statuses -> verdict.

`verify`, `run` and (later) `attest` and `audit` all call `evaluate`, so an auditor who
recomputes a verdict from recorded results uses exactly the rules that produced it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeAlias

from margo_ssdf import catalog, placeholders
from margo_ssdf.models import (
    CheckResult,
    Evaluation,
    Evidence,
    Outcome,
    Probe,
    Severity,
    TaskState,
    TaskStatus,
    Verdict,
)
from margo_ssdf.policy import EXCLUDED_INPUTS, CheckRule, Policy, ReleaseEvidence, TaskRule

_OK_STATES = {TaskState.SATISFIED, TaskState.DECLARED, TaskState.NOT_APPLICABLE}
PENDING = "judged at attest time from the signed release"
"""The reason of a task the release itself evidences, before there is a release."""


class Judgement(StrEnum):
    """What one check says about one task once the policy's thresholds are applied."""

    PASS = "pass"  # noqa: S105 (an outcome, not a password)
    FAIL = "fail"
    ERROR = "error"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Declaration:
    """A declared task's document as found in the project."""

    path: str
    evidence: Evidence | None
    """The document's digest, or None when it is missing."""
    problem: str | None = None
    """Why the declaration does not hold, if it does not."""
    placeholders: tuple[int, ...] = ()
    """Lines of the task's sections that still hold a template's TODO marker."""


@dataclass(frozen=True)
class ReleaseFinding:
    """What attest or audit found about one kind of release evidence."""

    holds: bool
    reason: str


ReleaseFindings: TypeAlias = Mapping[ReleaseEvidence, ReleaseFinding]
"""Attest's or audit's findings about the release; None where there is no release yet."""


def read_declarations(policy: Policy, root: Path) -> dict[str, Declaration]:
    """Hash every declared document and check that it names the task it declares."""
    out: dict[str, Declaration] = {}
    cache: dict[str, tuple[Evidence, str] | None] = {}
    for tid, rule in policy.tasks.items():
        if rule.declared is None:
            continue
        rel = rule.declared
        if rel not in cache:
            path = (root / rel).resolve()
            if not path.is_relative_to(root.resolve()) or not path.is_file():
                cache[rel] = None
            else:
                data = path.read_bytes()
                ev = Evidence(path=rel, sha256=hashlib.sha256(data).hexdigest(),
                              media_type="text/markdown" if rel.endswith(".md") else "text/plain",
                              size=len(data))
                cache[rel] = (ev, data.decode("utf-8", "replace"))
        found = cache[rel]
        if found is None:
            out[tid] = Declaration(rel, None, f"the declaration document '{rel}' is missing")
        elif tid not in found[1]:
            out[tid] = Declaration(rel, found[0], f"'{rel}' does not mention {tid}")
        else:
            marks = tuple(placeholders.section_markers(found[1], tid))
            out[tid] = Declaration(rel, found[0], placeholders=marks)
    return out


def _judge_probe(probe: Probe, rule: CheckRule) -> tuple[Judgement, str]:
    if probe.outcome in (Outcome.ERROR, Outcome.SKIPPED) or probe.value is None:
        return Judgement(probe.outcome.value), probe.reason
    key = probe.id.replace("-", "_")
    low, high = rule.thresholds.get(f"min_{key}"), rule.thresholds.get(f"max_{key}")
    if low is None and high is None:
        return Judgement(probe.outcome.value), probe.reason
    if low is not None and probe.value < low:
        return Judgement.FAIL, f"{probe.reason} (policy minimum {low:g})"
    if high is not None and probe.value > high:
        return Judgement.FAIL, f"{probe.reason} (policy maximum {high:g})"
    return Judgement.PASS, probe.reason


def _severity_caps(rule: CheckRule) -> dict[Severity, float]:
    return {s: rule.thresholds[f"max_{s.value}"] for s in Severity
            if f"max_{s.value}" in rule.thresholds}


def _judge_counts(result: CheckResult, rule: CheckRule) -> tuple[Judgement, str]:
    caps = _severity_caps(rule)
    if not caps:
        return Judgement(result.outcome.value), result.reason or "no findings"
    over = [f"{result.counts.get(s, 0)} {s.value} (allowed {cap:g})"
            for s, cap in caps.items() if result.counts.get(s, 0) > cap]
    if over:
        return Judgement.FAIL, "open findings over the policy's limits: " + ", ".join(over)
    return Judgement.PASS, "open findings within the policy's limits"


def _judge_excluded(result: CheckResult, rule: CheckRule) -> tuple[Judgement, str] | None:
    """A failure when the excludes kept more of the check's files from it than the policy
    allows: what a check was not shown is missing evidence, never a reason to pass."""
    cap = rule.thresholds.get(EXCLUDED_INPUTS, 0.0)
    if result.excluded_inputs <= cap:
        return None
    return Judgement.FAIL, (f"the configuration's excludes kept {result.excluded_inputs} "
                            f"file(s) it would read from it (policy maximum {cap:g})")


def judge(result: CheckResult | None, check_id: str, task_id: str,
          rule: CheckRule) -> tuple[Judgement, str]:
    """One check's judgement on one task, with the reason in words."""
    if result is None:
        return Judgement.ERROR, f"{check_id} did not run"
    excluded = _judge_excluded(result, rule)
    if result.outcome is Outcome.SKIPPED and excluded is not None:
        # Nothing to look at because it was hidden is not "not applicable" (fail closed).
        return Judgement.FAIL, f"{check_id}: {result.reason}; {excluded[1]}"
    if result.outcome in (Outcome.ERROR, Outcome.SKIPPED):
        return Judgement(result.outcome.value), f"{check_id}: {result.reason}"
    probes = [p for p in result.probes if task_id in p.tasks]
    judged = list(dict.fromkeys(_judge_probe(p, rule) for p in probes))
    if not probes or _severity_caps(rule):
        judged.append(_judge_counts(result, rule))
    if excluded is not None:
        judged.append(excluded)
    for wanted in (Judgement.ERROR, Judgement.FAIL):
        bad = [r for j, r in judged if j is wanted]
        if bad:
            return wanted, f"{check_id}: " + "; ".join(bad)
    if all(j is Judgement.SKIPPED for j, _ in judged):
        return Judgement.SKIPPED, f"{check_id}: " + "; ".join(r for _, r in judged)
    return Judgement.PASS, f"{check_id}: " + "; ".join(
        r for j, r in judged if j is Judgement.PASS)


def check_judgement(result: CheckResult, policy: Policy) -> tuple[Judgement, str]:
    """How the policy judges one check over every task it evidences, with the reasons.

    This, not the check's own outcome, is what a checks table shows beside the task matrix, so
    the two never contradict each other. A check no task relies on keeps its own outcome.
    """
    tasks = [tid for tid, rule in policy.tasks.items() if result.check_id in rule.checks
             and rule.declared is None and rule.not_applicable is None]
    if not tasks:
        return Judgement(result.outcome.value), result.reason or ""
    rule = policy.rule(result.check_id)
    judged = [judge(result, result.check_id, tid, rule) for tid in tasks]
    present = {j for j, _ in judged}
    worst = next(j for j in (Judgement.ERROR, Judgement.FAIL, Judgement.PASS, Judgement.SKIPPED)
                 if j in present)
    reasons = [r.removeprefix(f"{result.check_id}: ") for j, r in judged if j is worst]
    # The check's own facts (e.g. "4 known advisories, 1 reachable") follow the judgement.
    if result.reason and not any(result.reason in r for r in reasons):
        reasons.append(result.reason)
    return worst, "; ".join(dict.fromkeys(reasons))


def _release_status(tid: str, rule: TaskRule, kind: ReleaseEvidence,
                    release: ReleaseFindings | None) -> TaskStatus:
    """A task the signed release evidences: pending before attest, then what was found."""
    found = None if release is None else release.get(kind)
    if found is None:
        reason = PENDING if release is None else f"nothing was found about the release's {kind}"
        return TaskStatus(task_id=tid, state=TaskState.NOT_ASSESSED, required=rule.required,
                          reason=reason)
    return TaskStatus(task_id=tid, state=TaskState.SATISFIED if found.holds
                      else TaskState.NOT_SATISFIED, required=rule.required, reason=found.reason)


def _task_status(tid: str, policy: Policy, results: Mapping[str, CheckResult],
                 declarations: Mapping[str, Declaration],
                 release: ReleaseFindings | None) -> TaskStatus:
    rule = policy.tasks[tid]
    if rule.release is not None:
        return _release_status(tid, rule, rule.release, release)
    if rule.not_applicable is not None:
        return TaskStatus(task_id=tid, state=TaskState.NOT_APPLICABLE, required=rule.required,
                          reason=rule.not_applicable)
    if rule.declared is not None:
        decl = declarations.get(tid) or Declaration(rule.declared, None, "not read")
        if decl.problem:
            return TaskStatus(task_id=tid, state=TaskState.NOT_SATISFIED, required=rule.required,
                              reason=decl.problem, document=decl.evidence)
        if decl.placeholders:
            # A copied template never passes: the project's own words must replace the TODOs.
            lines = ", ".join(map(str, decl.placeholders))
            return TaskStatus(task_id=tid, state=TaskState.NOT_SATISFIED, required=rule.required,
                              reason=f"still the template: the {tid} section of '{decl.path}' "
                                     f"holds a {placeholders.MARKER} marker (line {lines}); "
                                     "replace it by the project's own words",
                              document=decl.evidence)
        return TaskStatus(task_id=tid, state=TaskState.DECLARED, required=rule.required,
                          reason=f"declared in {decl.path}", document=decl.evidence)
    if not rule.checks:
        return TaskStatus(task_id=tid, state=TaskState.NOT_ASSESSED, required=rule.required,
                          reason="no check in the policy evidences this task")

    judged = [judge(results.get(c), c, tid, policy.rule(c)) for c in rule.checks]
    verdicts = [j for j, _ in judged]
    reasons = "; ".join(r for _, r in judged)
    if Judgement.ERROR in verdicts:
        state = TaskState.NOT_ASSESSED  # fail closed: a check that could not run proves nothing
    elif all(v is Judgement.SKIPPED for v in verdicts):
        state = TaskState.NOT_APPLICABLE
    else:
        counted = [v for v in verdicts if v is not Judgement.SKIPPED]
        passes = counted.count(Judgement.PASS)
        state = (TaskState.SATISFIED if passes == len(counted)
                 else TaskState.NOT_SATISFIED if passes == 0
                 else TaskState.PARTIALLY_SATISFIED)
    return TaskStatus(task_id=tid, state=state, required=rule.required, reason=reasons,
                      checks=rule.checks)


def evaluate(policy: Policy, results: Mapping[str, CheckResult],
             declarations: Mapping[str, Declaration],
             release: ReleaseFindings | None = None) -> Evaluation:
    """Every task's status under the policy, and the verdict.

    `release` is what attest or audit found about the signed release; None (verify, run,
    aggregate) leaves the tasks it evidences pending, which do not make the verdict incomplete.
    """
    statuses = tuple(_task_status(tid, policy, results, declarations, release)
                     for tid in catalog.ssdf().tasks)
    return _verdict(policy, statuses, pending=release is None)


def with_release(evaluation: Evaluation, policy: Policy,
                 release: ReleaseFindings) -> Evaluation:
    """An evaluation made before there was a release, with the tasks the release evidences
    judged from `release` (what attest found) and the verdict that follows."""
    statuses = tuple(_release_status(s.task_id, policy.tasks[s.task_id], kind, release)
                     if (kind := policy.tasks[s.task_id].release) is not None else s
                     for s in evaluation.tasks)
    return _verdict(policy, statuses, pending=False)


def _verdict(policy: Policy, statuses: tuple[TaskStatus, ...], *, pending: bool) -> Evaluation:
    """The verdict of the statuses; tasks waiting for the release count only once judged."""
    waiting = {tid for tid, rule in policy.tasks.items() if pending and rule.release is not None}
    unassessed = [s for s in statuses if s.required and s.state is TaskState.NOT_ASSESSED
                  and s.task_id not in waiting]
    failing = [s for s in statuses if s.required and s.state not in _OK_STATES
               and s.state is not TaskState.NOT_ASSESSED]
    if unassessed:
        verdict = Verdict.INCOMPLETE
    elif failing:
        verdict = Verdict.NOT_COMPLIANT
    else:
        verdict = Verdict.COMPLIANT
    reasons = tuple(f"{s.task_id} {s.state.value}: {s.reason}" for s in (*unassessed, *failing))
    return Evaluation(policy_name=policy.name, policy_sha256=policy.sha256, tasks=statuses,
                      verdict=verdict, reasons=reasons)
