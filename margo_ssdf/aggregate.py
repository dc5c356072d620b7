"""`margo-ssdf aggregate`: merge the evidence of separate `run --check ID --out DIR` jobs.

A CI matrix runs each check as its own job; this puts their results back together into what a
single `run` would have written (same results, same evidence digests, same task statuses), and
refuses anything that does not belong together: different commits, different policies, a check
present twice, or evidence whose digest does not match its result.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from margo_ssdf import __version__
from margo_ssdf.discovery import require_directory
from margo_ssdf.errors import UsageError
from margo_ssdf.evaluate import evaluate, read_declarations
from margo_ssdf.files import sha256_file
from margo_ssdf.flow import SUMMARY, merged_sarif, staged_output, write_summary
from margo_ssdf.models import CheckResult, Generator, RunSummary
from margo_ssdf.policy import Policy


def _load(directory: Path) -> RunSummary:
    path = directory / SUMMARY
    if not path.is_file():
        raise UsageError(f"{directory}: has no {SUMMARY}.",
                         fix="Pass directories written by `margo-ssdf run --out`.")
    try:
        return RunSummary.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise UsageError(f"{path}: not a margo-ssdf run summary: "
                         f"{exc.errors()[0]['msg']}.") from exc


def _one(values: set[str | None], what: str, dirs: Sequence[Path]) -> str | None:
    if len(values) > 1:  # None (not in git) against a commit is a disagreement too
        shown = ", ".join(sorted(v or "none" for v in values))
        raise UsageError(f"the directories disagree on the {what}: {shown}.",
                         fix=f"Aggregate only jobs of one run ({', '.join(map(str, dirs))}).")
    return next(iter(values), None)


def aggregate(dirs: Sequence[Path], root: Path, out: Path) -> RunSummary:
    """Merge run directories into `out`, re-evaluating with the policy they all used."""
    require_directory(root)
    summaries = [(d, _load(d)) for d in dirs]
    _one({s.commit for _, s in summaries}, "git commit", dirs)
    _one({s.evaluation.policy_sha256 for _, s in summaries}, "policy", dirs)
    _one({s.configuration.get("sha256") for _, s in summaries}, "configuration", dirs)
    results: dict[str, tuple[Path, CheckResult]] = {}
    for directory, summary in summaries:
        for result in summary.results:
            if result.check_id in results:
                raise UsageError(
                    f"the check '{result.check_id}' appears in both {results[result.check_id][0]}"
                    f" and {directory}.", fix="Run each check in exactly one job.")
            for ev in result.evidence:
                path = directory / ev.path
                if not path.is_file() or sha256_file(path) != ev.sha256:
                    raise UsageError(f"{path}: missing or not the evidence its result names "
                                     f"(sha256 {ev.sha256[:16]}...).",
                                     fix="Upload and download each job's directory unchanged.")
            results[result.check_id] = (directory, result)
    first = summaries[0][1]
    policy = Policy.model_validate(first.policy)
    merged = {cid: results[cid][1] for cid in sorted(results)}
    with staged_output(out) as staging:
        for cid, (directory, _) in results.items():
            source = directory / "checks" / cid
            if source.is_dir():
                shutil.copytree(source, staging / "checks" / cid, dirs_exist_ok=True)
        evaluation = evaluate(policy, merged, read_declarations(policy, root.resolve()))
        report = merged_sarif(merged.values(), staging)
        summary = RunSummary(
            generator=Generator(version=__version__), project=first.project,
            commit=first.commit, dirty=any(s.dirty for _, s in summaries),
            policy_sources=first.policy_sources,
            started_at=min(s.started_at for _, s in summaries),
            finished_at=max(s.finished_at for _, s in summaries),
            results=tuple(merged.values()), evaluation=evaluation,
            reports=(report,) if report else (), policy=first.policy,
            configuration=first.configuration)
        write_summary(summary, staging)
    return summary
