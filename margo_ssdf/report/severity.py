"""Severities as the report reads and orders them, in one place.

Severities come from evidence files, which are untrusted: a value the model does not know, or
none at all, counts as high (fail closed), so a finding nobody rated is sorted and flagged
like a high one rather than hidden below the rated ones.
"""

from __future__ import annotations

from collections.abc import Mapping

from margo_ssdf.models import Severity

UNKNOWN_COUNTS_AS = Severity.HIGH
URGENT: frozenset[Severity] = frozenset({Severity.CRITICAL, Severity.HIGH})
"""Open vulnerabilities and findings of these severities are listed as problems."""

_RANK: Mapping[Severity, int] = {s: i for i, s in enumerate(Severity)}


def severity_of(value: object) -> Severity:
    """The Severity a value names, or UNKNOWN_COUNTS_AS for anything else."""
    if not isinstance(value, str):
        return UNKNOWN_COUNTS_AS
    try:
        return Severity(value)
    except ValueError:
        return UNKNOWN_COUNTS_AS


def severity_rank(value: object) -> int:
    """Sort key, worst first: 0 for critical; an unknown value ranks as high."""
    return _RANK[severity_of(value)]
