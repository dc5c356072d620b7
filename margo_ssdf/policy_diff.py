"""How one policy differs from another, task by task and threshold by threshold.

An auditor compares the policy a release was judged with against their own (or, when they
bring none, against the bundled default). Each difference says which way it goes: `weaker`
when the compared policy asks less (a task made optional, a check removed, a maximum raised, a
minimum lowered, a threshold removed, a task marked not applicable), `stricter` when it asks
more, `changed` when no direction can be told (a check option, a declaration document).
Timeouts and descriptions are not compared: they do not change what a result means.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from margo_ssdf import catalog
from margo_ssdf.checks import Check
from margo_ssdf.policy import Policy, TaskRule


class Direction(StrEnum):
    """Which way a difference goes, seen from the reference policy."""

    WEAKER = "weaker"
    STRICTER = "stricter"
    CHANGED = "changed"


@dataclass(frozen=True)
class Difference:
    """One way the compared policy differs from the reference policy."""

    subject: str
    """A task id (PW.7.2) or a check id (sast.bandit)."""
    change: str
    """What changed, in words: 'made optional', 'threshold max_high raised'..."""
    reference: str
    """The reference policy's value, in words."""
    compared: str
    """The compared policy's value, in words."""
    direction: Direction

    def as_json(self) -> dict[str, str]:
        """The difference under its JSON names."""
        return {"subject": self.subject, "change": self.change, "reference": self.reference,
                "recorded": self.compared, "direction": self.direction.value}


def differences(reference: Policy, compared: Policy, *,
                checks: Mapping[str, Check] | None = None) -> tuple[Difference, ...]:
    """Every difference of `compared` from `reference`: tasks in catalogue order, then checks.

    `checks` (the installed checks) fill in option defaults, so that an option written out
    with its default value is no difference.
    """
    out: list[Difference] = []
    for tid in catalog.ssdf().tasks:
        out += _task(tid, reference.tasks.get(tid), compared.tasks.get(tid))
    for cid in sorted(reference.checks.keys() | compared.checks.keys()):
        out += _thresholds(cid, reference.rule(cid).thresholds, compared.rule(cid).thresholds)
        out += _options(cid, effective_options(reference, cid, checks),
                        effective_options(compared, cid, checks))
    return tuple(out)


def effective_options(policy: Policy, check_id: str,
                      checks: Mapping[str, Check] | None) -> dict[str, Any]:
    """The options a check runs with under a policy (its defaults when it is installed)."""
    check = (checks or {}).get(check_id)
    return policy.options_for(check) if check else dict(policy.rule(check_id).options)


def _task(tid: str, ref: TaskRule | None, cmp: TaskRule | None) -> Iterator[Difference]:
    if ref is None or cmp is None:
        # A policy must name every task; one that does not is refused before it is compared.
        if ref is not cmp:
            yield Difference(tid, "missing from one policy", _said(ref), _said(cmp),
                             Direction.WEAKER if cmp is None else Direction.STRICTER)
        return
    if ref.required != cmp.required:
        yield Difference(tid, "made optional" if ref.required else "made required",
                         _required(ref), _required(cmp),
                         Direction.WEAKER if ref.required else Direction.STRICTER)
    for cid in ref.checks:
        if cid not in cmp.checks:
            yield Difference(tid, f"check {cid} removed", _evidence(ref), _evidence(cmp),
                             Direction.WEAKER)
    for cid in cmp.checks:
        if cid not in ref.checks:
            yield Difference(tid, f"check {cid} added", _evidence(ref), _evidence(cmp),
                             Direction.STRICTER)
    if ref.not_applicable is None and cmp.not_applicable is not None:
        yield Difference(tid, "marked not applicable", "applies",
                         f"not applicable: {cmp.not_applicable}", Direction.WEAKER)
    elif ref.not_applicable is not None and cmp.not_applicable is None:
        yield Difference(tid, "made applicable", f"not applicable: {ref.not_applicable}",
                         "applies", Direction.STRICTER)
    if ref.release != cmp.release:
        # Release evidence dropped for nothing at all is weaker; any other swap is a change.
        dropped = cmp.release is None and not (cmp.checks or cmp.declared)
        yield Difference(tid, "release evidence changed", _evidence(ref), _evidence(cmp),
                         Direction.WEAKER if dropped else Direction.STRICTER
                         if ref.release is None and not (ref.checks or ref.declared)
                         else Direction.CHANGED)
    if ref.declared != cmp.declared:
        yield Difference(tid, "declaration document changed",
                         ref.declared or "no declaration", cmp.declared or "no declaration",
                         Direction.WEAKER if cmp.declared and ref.checks else Direction.CHANGED)


def _thresholds(cid: str, ref: Mapping[str, float],
                cmp: Mapping[str, float]) -> Iterator[Difference]:
    for name in sorted(ref.keys() | cmp.keys()):
        old, new = ref.get(name), cmp.get(name)
        if old == new:
            continue
        maximum = name.startswith("max_")
        if old is None:
            change, direction = "added", Direction.STRICTER
        elif new is None:
            change, direction = "removed", Direction.WEAKER
        elif (new > old) == maximum:
            change, direction = ("raised" if maximum else "lowered"), Direction.WEAKER
        else:
            change, direction = ("lowered" if maximum else "raised"), Direction.STRICTER
        yield Difference(cid, f"threshold {name} {change}", _number(old), _number(new),
                         direction)


def _options(cid: str, ref: Mapping[str, Any], cmp: Mapping[str, Any]) -> Iterator[Difference]:
    for name in sorted(ref.keys() | cmp.keys()):
        if ref.get(name) != cmp.get(name):
            yield Difference(cid, f"option {name} changed", _value(ref, name),
                             _value(cmp, name), Direction.CHANGED)


def _said(rule: TaskRule | None) -> str:
    return "not named" if rule is None else f"{_required(rule)}, {_evidence(rule)}"


def _required(rule: TaskRule) -> str:
    return "required" if rule.required else "optional"


def _evidence(rule: TaskRule) -> str:
    if rule.checks:
        return "checks " + ", ".join(rule.checks)
    if rule.declared:
        return f"declared in {rule.declared}"
    if rule.not_applicable is not None:
        return "not applicable"
    if rule.release is not None:
        return f"the signed release's {rule.release.value}"
    return "no checks"


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _value(options: Mapping[str, Any], name: str) -> str:
    return repr(options[name]) if name in options else "not set"
