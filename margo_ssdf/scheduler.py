"""Run the selected checks concurrently, each with its own deadline, through the cache.

Checks are mostly waiting on subprocesses, so threads are enough. Each runs in a daemon thread:
a check that overruns its deadline is recorded as `error` and abandoned (its tool is killed by
its own timeout), so one hung check never holds up the others or the exit.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from margo_ssdf import tools
from margo_ssdf.cache import ResultCache, cache_key
from margo_ssdf.checks import Check, CheckContext
from margo_ssdf.clock import now
from margo_ssdf.discovery import Project
from margo_ssdf.errors import MargoError, UsageError
from margo_ssdf.models import CheckResult, Outcome
from margo_ssdf.policy import Policy

log = logging.getLogger(__name__)

# Time a check gets beyond its tool's timeout to tidy up before it is abandoned.
GRACE_SECONDS = 10.0


class Progress(Protocol):
    """Receives pipeline events, e.g. to draw a progress display."""

    def started(self, check_id: str) -> None: ...

    def finished(self, result: CheckResult) -> None: ...


class _Silent:
    def started(self, check_id: str) -> None:
        pass

    def finished(self, result: CheckResult) -> None:
        pass


def select_checks(policy: Policy, select: Sequence[str] = (), skip: Sequence[str] = (), *,
                  checks: Mapping[str, Check]) -> list[str]:
    """The checks to run: the policy's, or those asked for, minus those skipped."""
    for cid in (*select, *skip):
        if cid not in checks:
            raise UsageError(f"'{cid}' is not an installed check.",
                             fix=f"Known checks: {', '.join(checks)}.")
    # The set's order whatever the order asked: a run's results are then the same however split.
    chosen = [c for c in checks if c in set(select)] if select else policy.used_checks(checks)
    return [c for c in chosen if c not in set(skip)]


def error_result(check: Check, reason: str, started_at: datetime | None = None) -> CheckResult:
    """A CheckResult saying the check could not run, and why."""
    t = now()
    return CheckResult(check_id=check.id, tasks=check.tasks, tool=check.tool_info(),
                       started_at=min(started_at or t, t), finished_at=t,
                       outcome=Outcome.ERROR, reason=reason)


@dataclass
class _Job:
    check: Check
    ctx: CheckContext
    deadline: float


def _execute(job: _Job, cache: ResultCache | None, out: queue.Queue[CheckResult]) -> None:
    check, ctx = job.check, job.ctx
    try:
        key = cache_key(check, ctx.project, ctx.options, ctx.artifacts) if cache else None
        hit = cache.get(key, ctx.evidence_root, ctx.options) if cache and key else None
        if hit is not None:
            out.put(hit)
            return
        result = check.run(ctx)
        if result.check_id != check.id:
            raise MargoError(f"the check returned a result for '{result.check_id}'.")
        if cache and key and result.outcome is not Outcome.ERROR:
            cache.put(key, result, ctx.evidence_root)
        out.put(result)
    except MargoError as exc:
        out.put(error_result(check, exc.diagnostics(), ctx.started_at))
    except Exception as exc:  # a bug in one check must not sink the run
        log.debug("check %s crashed", check.id, exc_info=True)
        out.put(error_result(check, f"internal error in the check: {type(exc).__name__}: {exc}",
                             ctx.started_at))


def run_checks(
    project: Project,
    policy: Policy,
    check_ids: Sequence[str],
    evidence_root: Path,
    *,
    checks: Mapping[str, Check],
    cache: ResultCache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    artifacts: Sequence[Path] = (),
) -> dict[str, CheckResult]:
    """Run the checks (ids of `checks`) and return their results by id, in the order given.

    `artifacts` are the release's files, handed to every check (`CheckContext.artifacts`)."""
    progress = progress or _Silent()
    pending = [checks[c] for c in check_ids]
    limit = max(1, jobs or min(len(pending), max(4, (os.cpu_count() or 1) * 2)) or 1)
    done: queue.Queue[CheckResult] = queue.Queue()
    running: dict[str, _Job] = {}
    results: dict[str, CheckResult] = {}
    try:
        while pending or running:
            while pending and len(running) < limit:
                check = pending.pop(0)
                rule = policy.rule(check.id)
                ctx = CheckContext(project=project, options=policy.options_for(check),
                                   evidence_root=evidence_root, timeout=rule.timeout,
                                   artifacts=tuple(artifacts))
                job = _Job(check, ctx, time.monotonic() + rule.timeout + GRACE_SECONDS)
                running[check.id] = job
                progress.started(check.id)
                threading.Thread(target=_execute, args=(job, cache, done), daemon=True,
                                 name=f"check-{check.id}").start()
            try:
                result = done.get(timeout=0.2)
            except queue.Empty:
                result = None
            if result is not None and result.check_id in running:
                running.pop(result.check_id)
                results[result.check_id] = result
                progress.finished(result)
            now_mono = time.monotonic()
            for cid, job in list(running.items()):
                if now_mono > job.deadline:
                    running.pop(cid)
                    job.ctx.cancelled.set()
                    # Abandoned: its late evidence must not be taken for a finished run's.
                    shutil.rmtree(job.ctx.evidence_dir(cid), ignore_errors=True)
                    result = error_result(
                        job.check, f"did not finish within its timeout of "
                        f"{policy.rule(cid).timeout:g} s", job.ctx.started_at)
                    results[cid] = result
                    progress.finished(result)
    finally:
        for job in running.values():
            job.ctx.cancelled.set()
        if running:
            tools.stop_all()
    return {c: results[c] for c in check_ids if c in results}
