"""`margo-ssdf aggregate`: merge the evidence of separate `run --check ID --out DIR` jobs.

A CI matrix runs each check as its own job; this puts their results back together into what a
single `run` would have written (same results, same evidence digests, same task statuses), and
refuses anything that does not belong together: different commits, a check present twice, or
evidence whose digest does not match its result.

Nothing a part hands over is believed: the policy comes from the project itself (`--project`,
with the same `--policy`, `--config` and `--test-report` as the jobs), a part recorded under
another policy is refused, and each part's results are re-derived from their evidence
(`margo_ssdf.rederive`) and refused when they disagree.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from margo_ssdf import __version__, rederive, rundir
from margo_ssdf.errors import UsageError
from margo_ssdf.evaluate import evaluate, read_declarations
from margo_ssdf.flow import (
    SUMMARY,
    RunRequest,
    merged_sarif,
    prepare,
    staged_output,
    write_summary,
)
from margo_ssdf.models import CheckResult, Generator, RunSummary

# How a part is meant to reach aggregate; said with every refusal of a part.
_UNCHANGED = ("Aggregate only directories written by `margo-ssdf run --out`, uploaded and "
              "downloaded unchanged; re-run the job whose directory is refused.")


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


def aggregate(dirs: Sequence[Path], request: RunRequest, out: Path) -> RunSummary:
    """Merge run directories into `out`, judged by the policy of the project `request` names.

    Raises UsageError for a part recorded under another policy, or whose results disagree with
    result.json or with their evidence.
    """
    _, config = prepare(request)
    policy = config.policy
    summaries = [(d, _load(d)) for d in dirs]
    _one({s.commit for _, s in summaries}, "git commit", dirs)
    for directory, summary in summaries:
        rundir.policy_in_force(
            str(directory / SUMMARY), summary, config, fix=_UNCHANGED,
            other_policy_fix="Run every job and aggregate on the same project with the same "
                             "--policy, --config and --test-report options (aggregate takes "
                             "them too).")
    _one({s.configuration.get("sha256") for _, s in summaries}, "configuration", dirs)
    results: dict[str, tuple[Path, CheckResult]] = {}
    for directory, summary in summaries:
        for result in summary.results:
            if result.check_id in results:
                raise UsageError(
                    f"the check '{result.check_id}' appears in both {results[result.check_id][0]}"
                    f" and {directory}.", fix="Run each check in exactly one job.")
            read = rederive.evidence_reader(directory)
            rundir.check_records(str(directory), directory, result, read, fix=_UNCHANGED)
            found = rederive.rederive(result, read, policy.rule(result.check_id).options)
            if found.agreement is rederive.Agreement.DIFFERS:
                raise UsageError(f"{directory}: the result of {result.check_id} disagrees with "
                                 f"its evidence: {found.detail}.", fix=_UNCHANGED)
            results[result.check_id] = (directory, result)
    first = summaries[0][1]
    merged = {cid: results[cid][1] for cid in sorted(results)}
    with staged_output(out) as staging:
        for cid, (directory, _) in results.items():
            source = directory / "checks" / cid
            if source.is_dir():
                shutil.copytree(source, staging / "checks" / cid, dirs_exist_ok=True)
        evaluation = evaluate(policy, merged, read_declarations(policy, request.root.resolve()))
        report = merged_sarif(merged.values(), staging)
        summary = RunSummary(
            generator=Generator(version=__version__), project=first.project,
            commit=first.commit, dirty=any(s.dirty for _, s in summaries),
            policy_sources=config.sources,
            started_at=min(s.started_at for _, s in summaries),
            finished_at=max(s.finished_at for _, s in summaries),
            results=tuple(merged.values()), evaluation=evaluation,
            reports=(report,) if report else (), policy=policy.model_dump(mode="json"),
            configuration=first.configuration)
        write_summary(summary, staging)
    return summary
