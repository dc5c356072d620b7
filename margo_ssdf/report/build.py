"""The report's entry points: `build_report` verifies and reads, `overall_ok` sums it up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from margo_ssdf.attest.audit import PolicyPin
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.report import sections
from margo_ssdf.report.baseline import compare
from margo_ssdf.report.loading import load_attestation
from margo_ssdf.report.views import Report


def build_report(attestation: Path, *, trust: SignerPolicy,
                 evidence_dir: Path | None = None, baseline: Path | None = None,
                 baseline_trust: SignerPolicy | None = None,
                 baseline_evidence_dir: Path | None = None,
                 policy: PolicyPin | None = None) -> Report:
    """Verify the attestation (and the baseline), read their evidence, build the view model.

    `policy` is what the auditor pinned; the baseline is judged with the same policy, but
    its digest pin applies to the attestation only (an older release may have another).
    Raises UsageError when a file is not a JSON attestation at all (truncated, another
    format); any other failure is recorded in the verification and shown by the views.
    """
    loaded = load_attestation(attestation, trust, evidence_dir, check_evidence=True,
                              policy=policy)
    old = None
    if baseline is not None:
        old = load_attestation(baseline, baseline_trust or trust,
                               baseline_evidence_dir or baseline.parent, check_evidence=False,
                               policy=replace(policy, digest=None) if policy else None)
    vulns = sections.vulnerabilities(loaded)
    sast = sections.sast(loaded)
    comparison = compare(loaded, old, vulns, sast) if old is not None else None
    predicate = loaded.predicate
    return Report(
        source=attestation.name, verification=loaded.verification, predicate=predicate,
        subjects=loaded.subjects, matrix=sections.matrix(predicate),
        checks=sections.checks(loaded), vulnerabilities=vulns, sast=sast,
        cisa=sections.cisa(predicate), frameworks=sections.framework_views(predicate),
        database=sections.database(predicate),
        problems=sections.problems(loaded.verification, predicate, vulns, sast),
        comparison=comparison,
        notes=tuple(dict.fromkeys([*loaded.notes, *sections.cisa_notes(predicate)])),
        generated_at=datetime.now(UTC), configuration=sections.configuration(predicate),
        coverage=sections.sast_coverage(loaded))


def overall_ok(report: Report) -> bool:
    """The attestation, and the baseline if one was given, both verified."""
    return report.verification.verified and (
        report.comparison is None or report.comparison.verification.verified)
