"""Whose policy judges a release in an audit, and how the recorded policy differs from it.

The auditor brings the policy (`PolicyPin`): their own policy file, the digest the recorded
policy must have, or both. With their own policy every task and the verdict are recomputed
from the recorded results, and a check that ran with other options than that policy sets
counts as not run under it (its result was produced under other rules). With a digest only,
the recorded policy must be exactly that one. With neither, the verdict is the producer's,
and the audit says so and lists how the producer's policy differs from the bundled default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from margo_ssdf.attest import compliance
from margo_ssdf.attest.steps import Step
from margo_ssdf.checks import Check
from margo_ssdf.errors import UsageError
from margo_ssdf.evaluate import Declaration, ReleaseFindings, evaluate
from margo_ssdf.models import CheckResult, Evaluation, Outcome, TaskState
from margo_ssdf.policy import Policy
from margo_ssdf.policy_diff import Difference, Direction, differences, effective_options

_DIGEST = re.compile(r"(?:sha256:)?([0-9a-f]{64})")
# Notes listing reasons stop after this many; the JSON output keeps them all.
_SHOWN = 8


class ChosenBy(StrEnum):
    """Who chose the policy the verdict was judged with."""

    AUDITOR = "auditor"
    """The auditor's own policy file (--policy)."""
    PINNED = "producer, pinned by digest"
    """The producer's policy, which the auditor pinned by its digest (--policy-digest)."""
    PRODUCER = "producer"
    """The producer's policy, not pinned: the auditor trusts whatever it says."""


@dataclass(frozen=True)
class PolicyPin:
    """What the auditor brings about the policy; nothing pinned by default."""

    policy: Policy | None = None
    """The auditor's own policy: the verdict is recomputed with it."""
    source: str = "your policy"
    """Where `policy` came from, in words (its file)."""
    digest: str | None = None
    """sha256 hex the recorded policy must have."""
    default: Policy | None = None
    """The bundled default policy, compared with the producer's when nothing is pinned."""
    checks: Mapping[str, Check] = field(default_factory=dict)
    """The installed checks: their option defaults, so an option spelled out is no change."""


@dataclass(frozen=True)
class PolicyJudgement:
    """The policy the verdict was judged with, and how the recorded one differs."""

    chosen_by: ChosenBy
    policy: Policy
    """The policy that judged: the auditor's, or the recorded one."""
    source: str
    recorded: compliance.PolicyRecord
    compared_with: str | None
    """'your policy', 'the bundled default', or None when nothing was compared."""
    differences: tuple[Difference, ...]
    evaluation: Evaluation
    """Every task and the verdict under `policy`."""
    steps: tuple[Step, ...]

    def as_json(self) -> dict[str, Any]:
        """The judgement under its JSON names."""
        return {"chosen_by": self.chosen_by.value, "name": self.policy.name,
                "sha256": self.policy.sha256, "source": self.source,
                "recorded": {"name": self.recorded.name, "sha256": self.recorded.sha256,
                             "sources": list(self.recorded.sources)},
                "compared_with": self.compared_with,
                "differences": [d.as_json() for d in self.differences],
                "verdict": self.evaluation.verdict.value,
                "reasons": list(self.evaluation.reasons)}


def parse_digest(text: str) -> str:
    """The hex of `sha256:HEX` (or of bare HEX); UsageError for anything else."""
    found = _DIGEST.fullmatch(text.strip().lower())
    if found is None:
        raise UsageError(
            f"--policy-digest {text!r} is not a sha256 digest.",
            fix="Give sha256: followed by 64 hexadecimal digits, as `margo-ssdf audit` "
                "prints for the recorded policy.")
    return found.group(1)


def recorded_declarations(policy: Policy, predicate: compliance.CompliancePredicate
                          ) -> dict[str, Declaration]:
    """The declarations a policy asks for, as the release recorded them.

    A task declared by the policy holds only when the release recorded it as declared in
    that very document; otherwise the recorded reason (or the mismatch) is the problem.
    """
    recorded = {t.task_id: t for t in predicate.tasks}
    out = {}
    for tid, rule in policy.tasks.items():
        if rule.declared is None:
            continue
        status = recorded.get(tid)
        document = status.document if status else None
        problem = None
        if status is None or status.state is not TaskState.DECLARED:
            problem = status.reason if status else f"the release records nothing about {tid}"
        elif document is None or document.path != rule.declared:
            problem = (f"the release declares {tid} in "
                       f"{document.path if document else 'no document'}, not {rule.declared}")
        out[tid] = Declaration(rule.declared, document, problem)
    return out


def judge_policy(predicate: compliance.CompliancePredicate, recorded: Policy,
                 recomputed: Evaluation, pin: PolicyPin,
                 release: ReleaseFindings | None = None) -> PolicyJudgement:
    """Judge with the auditor's policy when given; say whose policy judged, and the changes.

    `release` is what the audit verified about the release itself (signature, provenance,
    bound evidence), for the tasks a policy has the release evidence."""
    steps = []
    held = pin.digest is not None and recorded.sha256 == pin.digest
    if pin.digest is not None:
        steps.append(Step("policy digest", held,
                          f"the release was judged with policy {recorded.name} sha256:"
                          f"{recorded.sha256}" + ("" if held else f", not the pinned "
                                                                  f"sha256:{pin.digest}")))
    if pin.policy is not None:
        return _judged_by_auditor(predicate, recorded, pin.policy, pin, steps, release)
    if held:
        steps.append(Step("policy", True, f"judged with the producer's policy {recorded.name} "
                          f"(sha256:{recorded.sha256[:12]}), which you pinned by its digest",
                          note=True))
        return PolicyJudgement(ChosenBy.PINNED, recorded, "the recorded policy",
                               predicate.policy, None, (), recomputed, tuple(steps))
    return _judged_by_producer(predicate, recorded, recomputed, pin, steps)


def _judged_by_auditor(predicate: compliance.CompliancePredicate, recorded: Policy,
                       mine: Policy, pin: PolicyPin, steps: list[Step],
                       release: ReleaseFindings | None) -> PolicyJudgement:
    results = _usable_results(predicate, recorded, mine, pin.checks)
    evaluation = evaluate(mine, results, recorded_declarations(mine, predicate), release)
    changes = differences(mine, recorded, checks=pin.checks)
    same = "it is exactly the recorded policy" if recorded.sha256 == mine.sha256 else (
        f"the recorded policy {recorded.name} (sha256:{recorded.sha256[:12]}) differs from it "
        f"in {_count(changes)}, listed below")
    steps.append(Step("policy", True,
                      f"every task and the verdict recomputed with your policy {mine.name} "
                      f"({pin.source}, sha256:{mine.sha256[:12]}) from the recorded results: "
                      f"{evaluation.verdict.value}; {same}", note=True))
    if evaluation.reasons:
        steps.append(Step("under your policy", True, _reasons(evaluation), note=True))
    steps += _difference_steps(changes, "your policy")
    return PolicyJudgement(ChosenBy.AUDITOR, mine, pin.source, predicate.policy, "your policy",
                           changes, evaluation, tuple(steps))


def _judged_by_producer(predicate: compliance.CompliancePredicate, recorded: Policy,
                        recomputed: Evaluation, pin: PolicyPin,
                        steps: list[Step]) -> PolicyJudgement:
    what = (f"chosen by the producer: the verdict is judged with the release's own policy "
            f"{recorded.name} (sha256:{recorded.sha256[:12]}), which nobody pinned; pass "
            "--policy FILE (yours) or --policy-digest sha256:HEX to judge with a policy you "
            "chose")
    changes: tuple[Difference, ...] = ()
    if pin.default is not None:
        changes = differences(pin.default, recorded, checks=pin.checks)
        what += "; " + _from_default(changes, recorded, pin.default)
    steps += [Step("policy", True, what, note=True),
              *_difference_steps(changes, "the bundled default")]
    return PolicyJudgement(ChosenBy.PRODUCER, recorded, "the recorded policy",
                           predicate.policy,
                           "the bundled default" if pin.default is not None else None,
                           changes, recomputed, tuple(steps))


def _from_default(changes: tuple[Difference, ...], recorded: Policy, default: Policy) -> str:
    if not changes:
        return "it asks what the bundled default policy asks"
    named = (f", although it is named {default.name} like the default"
             if recorded.name == default.name else "")
    return f"it differs from the bundled default policy in {_count(changes)}{named}, listed below"


def _usable_results(predicate: compliance.CompliancePredicate, recorded: Policy,
                    mine: Policy, checks: Mapping[str, Check]) -> dict[str, CheckResult]:
    """The recorded results, less those a check produced with options other than yours."""
    out = {}
    for result in predicate.checks:
        cid = result.check_id
        theirs, wanted = (effective_options(recorded, cid, checks),
                          effective_options(mine, cid, checks))
        changed = sorted(k for k in theirs.keys() | wanted.keys()
                         if theirs.get(k) != wanted.get(k))
        if changed and cid in {c for rule in mine.tasks.values() for c in rule.checks}:
            result = result.model_copy(update={
                "outcome": Outcome.ERROR,
                "reason": f"ran with other options than your policy sets "
                          f"({', '.join(changed)}), so its result says nothing under it"})
        out[cid] = result
    return out


def _difference_steps(changes: tuple[Difference, ...], reference: str) -> list[Step]:
    return [Step(f"policy: {d.subject} {d.change}", True,
                 f"{d.reference} in {reference}, {d.compared} in the recorded policy"
                 + ("" if d.direction is Direction.CHANGED else f" ({d.direction.value})"),
                 note=True) for d in changes]


def _count(changes: tuple[Difference, ...]) -> str:
    weaker = sum(d.direction is Direction.WEAKER for d in changes)
    return f"{len(changes)} way(s), {weaker} of them weaker"


def _reasons(evaluation: Evaluation) -> str:
    shown = "; ".join(evaluation.reasons[:_SHOWN])
    more = len(evaluation.reasons) - _SHOWN
    return (f"{evaluation.verdict.value}: {shown}"
            + (f"; and {more} more (see --format json)" if more > 0 else ""))
