"""What changed since a baseline release: task states, vulnerabilities and findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from margo_ssdf import catalog
from margo_ssdf.models import TaskState
from margo_ssdf.report.loading import Loaded
from margo_ssdf.report.sections import sast, vulnerabilities
from margo_ssdf.report.views import (
    Comparison,
    SastRule,
    TaskChange,
    Unavailable,
    VulnerabilityRow,
)
from margo_ssdf.sarif import ReportedResult

# How good a task state is, for "better" and "worse" between releases.
STATE_RANK: Mapping[TaskState, int] = {
    TaskState.SATISFIED: 5, TaskState.DECLARED: 4, TaskState.NOT_APPLICABLE: 4,
    TaskState.PARTIALLY_SATISFIED: 2, TaskState.NOT_ASSESSED: 1, TaskState.NOT_SATISFIED: 0,
}


def compare(new: Loaded, old: Loaded,
            new_vulns: tuple[VulnerabilityRow, ...] | Unavailable,
            new_sast: tuple[SastRule, ...] | Unavailable) -> Comparison:
    """What changed from `old` to `new`; `new`'s vulnerabilities and findings are passed in."""
    fixed, added = _vulnerability_changes(vulnerabilities(old), new_vulns)
    new_found, gone = _finding_changes(sast(old), new_sast)
    label = old.predicate and (f"{old.predicate.release.name} {old.predicate.release.version}"
                               if old.predicate.release.version else old.predicate.release.name)
    return Comparison(
        baseline=label or "(unreadable baseline)", verification=old.verification,
        verdict_before=old.predicate.verdict if old.predicate else None,
        verdict_after=new.predicate.verdict if new.predicate else None,
        tasks=_task_changes(new, old), vulnerabilities_fixed=fixed, vulnerabilities_new=added,
        findings_added=new_found, findings_removed=gone)


def _task_changes(new: Loaded, old: Loaded) -> tuple[TaskChange, ...]:
    titles = {t.id: t.title for t in catalog.ssdf().tasks.values()}
    before = {t.task_id: t.state for t in old.predicate.tasks} if old.predicate else {}
    after = {t.task_id: t.state for t in new.predicate.tasks} if new.predicate else {}
    changes = []
    for tid in catalog.ssdf().tasks:
        b, a = before.get(tid), after.get(tid)
        if a == b:
            continue
        rb = STATE_RANK[b] if b is not None else -1
        ra = STATE_RANK[a] if a is not None else -1
        changes.append(TaskChange(tid, titles[tid], b, a, "better" if ra > rb
                                  else "worse" if ra < rb else "changed"))
    return tuple(changes)


_Vulns = tuple[VulnerabilityRow, ...] | Unavailable
_Findings = tuple[ReportedResult, ...] | Unavailable


def _vulnerability_changes(old: _Vulns, new: _Vulns) -> tuple[_Vulns, _Vulns]:
    """(fixed, new): open in the baseline and not now, and the other way round."""
    if isinstance(old, Unavailable):
        why = Unavailable(f"not compared: baseline: {old.reason}")
        return why, why
    if isinstance(new, Unavailable):
        why = Unavailable(f"not compared: this release: {new.reason}")
        return why, why
    open_new = {v.key: v for v in new if v.open}
    open_old = {v.key: v for v in old if v.open}
    return (tuple(v for k, v in open_old.items() if k not in open_new),
            tuple(v for k, v in open_new.items() if k not in open_old))


def _finding_changes(old: tuple[SastRule, ...] | Unavailable,
                     new: tuple[SastRule, ...] | Unavailable) -> tuple[_Findings, _Findings]:
    """(added, removed), matched by fingerprint."""
    if isinstance(old, Unavailable):
        why = Unavailable(f"not compared: baseline: {old.reason}")
        return why, why
    if isinstance(new, Unavailable):
        why = Unavailable(f"not compared: this release: {new.reason}")
        return why, why
    fa, fb = _by_fingerprint(new), _by_fingerprint(old)
    return (tuple(f for k, f in fa.items() if k not in fb),
            tuple(f for k, f in fb.items() if k not in fa))


def _by_fingerprint(rules: Sequence[SastRule]) -> dict[str, ReportedResult]:
    return {f.fingerprint or f"{f.rule_id}:{f.where}:{f.message}": f
            for r in rules for f in r.findings}

