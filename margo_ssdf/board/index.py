"""index.json: the board for other tools. Its keys are documented in docs/board.md.

As on the page, a release that failed verification carries only its file, its claimed name
and version (to place it) and why it failed: `verdict`, `tasks` and the counts are null.
"""

from __future__ import annotations

from typing import Any

from margo_ssdf import __version__
from margo_ssdf.board.model import Board, CraRow, ProjectBoard, Step, report_href

INDEX_VERSION = 1
"""Raised when a key changes meaning or goes away; new keys do not raise it."""


def _release(board: Board, project: ProjectBoard, index: int, step: Step) -> dict[str, Any]:
    r = step.release
    return {
        "version": r.version, "attestation": r.source,
        "report": report_href(board, project, index), "verified": r.verified,
        "failure": r.failure,
        "evidence_checked": r.verified and r.evidence_dir is not None,
        "evidence_source": r.evidence_source if r.verified else None,
        "signer": r.report.verification.signer if r.verified else None,
        "made": r.made.isoformat() if r.made and r.verified else None,
        "verdict": r.verdict.value if r.verdict else None,
        "policy": ({"name": j.name, "sha256": j.sha256, "chosen_by": j.chosen_by.value}
                   if (j := r.judged_with) is not None and r.verified else None),
        "tasks": {k: v.value for k, v in r.tasks.items()} if r.verified else None,
        "sbom_components": r.components, "open_vulnerabilities": r.open_vulnerabilities,
        "compared_with": step.since,
        "better": [c.task_id for c in step.better], "worse": [c.task_id for c in step.worse],
    }


def _cra(row: CraRow) -> dict[str, Any]:
    return {"project": row.project, "version": row.version, "id": row.vuln_id,
            "package": row.package, "package_version": row.package_version,
            "severity": row.severity.value,
            "clock_start": row.clock_start.isoformat() if row.clock_start else None,
            "limit_days": row.limit_days, "due": row.due.isoformat() if row.due else None,
            "days_left": row.days_left, "fixed_versions": list(row.fixed_versions)}


def index_json(board: Board) -> dict[str, Any]:
    """The whole board as JSON-ready data."""
    return {
        "index_version": INDEX_VERSION, "generator": f"margo-ssdf {__version__}",
        "generated_at": board.generated_at.isoformat(), "today": board.today.isoformat(),
        "page": "index.html",
        "projects": [{"name": p.name,
                      "latest_verified": (p.latest_verified.version
                                          if p.latest_verified else None),
                      "releases": [_release(board, p, i, s) for i, s in enumerate(p.steps)]}
                     for p in board.projects],
        "cra": [_cra(r) for r in board.cra],
    }
