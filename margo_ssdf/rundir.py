"""What a finished run directory must show before anything believes it (aggregate, attest).

A run directory's summary.json is a claim. Before its results are merged or signed, its policy
text must have the digest its evaluation names and be the policy in force, every result's
evidence must sit inside the directory with the digest the result names, and each
checks/ID/result.json must be the result summary.json holds. Re-derivation of each result from
that evidence (margo_ssdf.rederive) comes after these.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from margo_ssdf.errors import UsageError
from margo_ssdf.flow import SUMMARY
from margo_ssdf.models import CheckResult, RunSummary
from margo_ssdf.policy import Configuration, Policy
from margo_ssdf.rederive import Read


def policy_in_force(where: str, summary: RunSummary, config: Configuration, *, fix: str,
                    other_policy_fix: str) -> Policy:
    """The policy in force, once the run is shown to have been judged by it.

    `where` starts each message (the summary's path, or `--from DIR`); `fix` is said when the
    summary was edited, `other_policy_fix` when the run had another policy.
    """
    recorded = summary.evaluation.policy_sha256
    try:
        text_digest = Policy.model_validate(summary.policy).sha256
    except ValidationError as exc:
        raise UsageError(f"{where}: the field 'policy' of {SUMMARY} is not a margo-ssdf policy: "
                         f"{exc.errors()[0]['msg']}.", fix=fix) from None
    if text_digest != recorded:
        raise UsageError(f"{where}: the policy text in the field 'policy' has sha256 "
                         f"{text_digest[:16]}..., not the evaluation.policy_sha256 "
                         f"{recorded[:16]}... it claims: {SUMMARY} was edited after the run.",
                         fix=fix)
    policy = config.policy
    if recorded != policy.sha256:
        raise UsageError(
            f"{where}: the run was judged under the policy {summary.evaluation.policy_name} "
            f"(sha256 {recorded[:16]}...), but the policy in force, {policy.name} (from "
            f"{', '.join(config.sources)}), has sha256 {policy.sha256[:16]}....",
            fix=other_policy_fix)
    return policy


def check_records(where: str, directory: Path, result: CheckResult, read: Read, *,
                  fix: str) -> None:
    """The result's evidence is there with its digests (as `read`, the directory's evidence
    reader, finds it), and its checks/ID/result.json is the same result."""
    for ev in result.evidence:
        if read(ev) is None:
            raise UsageError(f"{where}: {ev.path}, evidence of {result.check_id}, is missing "
                             f"or not the file its result names (sha256 {ev.sha256[:16]}...).",
                             fix=fix)
    name = f"checks/{result.check_id}/result.json"
    try:
        written = CheckResult.model_validate_json((directory / name).read_bytes())
    except (OSError, ValidationError):
        raise UsageError(f"{where}: {name} is missing or not a check result.", fix=fix) from None
    if written != result:
        raise UsageError(f"{where}: {name} differs from the result of {result.check_id} in "
                         f"{SUMMARY}: one of them was edited after the run.", fix=fix)
