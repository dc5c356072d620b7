"""The board's view model: releases per project in time order, their trends, the CRA clock.

Only a verified release contributes a verdict, task states, components or vulnerabilities;
a release that failed verification keeps only the file it came from and why it failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from margo_ssdf.attest.audit_policy import ChosenBy
from margo_ssdf.models import Severity, TaskState, Verdict
from margo_ssdf.report.severity import severity_rank
from margo_ssdf.report.views import Report, TaskChange


@dataclass(frozen=True)
class JudgedWith:
    """The policy a release's verdict was computed under, and who chose it."""

    name: str
    sha256: str
    chosen_by: ChosenBy
    """AUDITOR: the verifier's --policy (or the trust file's); PINNED: the producer's,
    pinned by --policy-digest; PRODUCER: the producer's own, which nobody pinned."""

    @property
    def words(self) -> str:
        whose = {ChosenBy.AUDITOR: "the verifier's policy",
                 ChosenBy.PINNED: "the producer's policy, pinned by its digest",
                 ChosenBy.PRODUCER: "the producer's own policy, not pinned"}[self.chosen_by]
        return f"{self.name} (sha256:{self.sha256[:12]}): {whose}"


@dataclass(frozen=True)
class BoardRelease:
    """One attestation as the board shows it."""

    project: str
    """The release name; for a failed one, the name it claims (its signer was chosen by it)."""
    version: str
    made: datetime | None
    """When its checks finished (claimed, for a failed one: used only to place it)."""
    source: str
    """The attestation's file name."""
    report: Report
    """The full report, rendered into the site."""
    failure: str | None
    """Why verification failed; None when it verified."""
    components: int | None
    """SBOM components, from the digest-checked ntia.json; None when not available."""
    evidence_dir: Path | None = None
    """Where its evidence was read: the attestation's directory, or the temporary directory
    its evidence archive was unpacked into (removed once the board is collected)."""
    evidence_source: str | None = None
    """Where the evidence came from, in words: the directory, or the archive's file name."""
    judged_with: JudgedWith | None = None
    """The policy the verdict shown was computed under; None when not verified."""

    @property
    def verified(self) -> bool:
        return self.failure is None

    @property
    def verdict(self) -> Verdict | None:
        """The verdict, only when verified: a failed attestation's claim is never shown."""
        p = self.report.predicate
        return p.verdict if self.verified and p is not None else None

    @property
    def tasks(self) -> dict[str, TaskState]:
        """Task states, only when verified."""
        p = self.report.predicate
        return {t.task_id: t.state for t in p.tasks} if self.verified and p else {}

    @property
    def open_vulnerabilities(self) -> int | None:
        vulns = self.report.vulnerabilities
        if not self.verified or not isinstance(vulns, tuple):
            return None
        return sum(v.open for v in vulns)


@dataclass(frozen=True)
class Step:
    """A release and what changed since the verified release before it."""

    release: BoardRelease
    better: tuple[TaskChange, ...] = ()
    worse: tuple[TaskChange, ...] = ()
    since: str | None = None
    """The version compared with; None for the first verified release."""


@dataclass(frozen=True)
class ProjectBoard:
    """One project's releases, oldest first."""

    name: str
    steps: tuple[Step, ...]

    @property
    def latest_verified(self) -> BoardRelease | None:
        return next((s.release for s in reversed(self.steps) if s.release.verified), None)


@dataclass(frozen=True)
class CraRow:
    """One open vulnerability of a project's latest verified release, with its due date."""

    project: str
    version: str
    vuln_id: str
    package: str
    package_version: str
    severity: Severity
    clock_start: date | None
    limit_days: int | None
    due: date | None
    """clock_start + limit_days: when the fix is due; None without a clock."""
    days_left: int | None
    """Days from the board's date to `due`; negative when overdue."""
    fixed_versions: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    """Everything the site shows."""

    projects: tuple[ProjectBoard, ...]
    cra: tuple[CraRow, ...]
    today: date
    generated_at: datetime

    @property
    def releases(self) -> tuple[BoardRelease, ...]:
        return tuple(s.release for p in self.projects for s in p.steps)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A version as comparable parts: numbers by value, so 1.10 comes after 1.9."""
    parts = version.replace("-", ".").replace("+", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def release_order(r: BoardRelease) -> tuple[object, ...]:
    """Oldest first: by when it was made, then by version, then by file name."""
    made = r.made.timestamp() if r.made is not None else float("inf")
    return (made, version_key(r.version), r.source)


def cra_rows(project: ProjectBoard, today: date) -> list[CraRow]:
    """The open vulnerabilities of the project's latest verified release."""
    latest = project.latest_verified
    if latest is None or not isinstance(latest.report.vulnerabilities, tuple):
        return []
    rows = []
    for v in latest.report.vulnerabilities:
        if not v.open:
            continue
        start = _day(v.clock_start)
        due = start + timedelta(days=v.limit_days) if start and v.limit_days is not None else None
        rows.append(CraRow(
            project=project.name, version=latest.version, vuln_id=v.id, package=v.package,
            package_version=v.version, severity=v.severity, clock_start=start,
            limit_days=v.limit_days, due=due,
            days_left=(due - today).days if due is not None else None,
            fixed_versions=v.fixed_versions))
    return rows


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def cra_order(row: CraRow) -> tuple[object, ...]:
    """Which fix is due first; a row without a clock last, then the worse severity first."""
    return (row.due is None, row.due or date.max, severity_rank(row.severity), row.project,
            row.vuln_id)


def all_cra(projects: Sequence[ProjectBoard], today: date) -> tuple[CraRow, ...]:
    return tuple(sorted((r for p in projects for r in cra_rows(p, today)), key=cra_order))


def _slug(text: str) -> str:
    """A file-name-safe form of an untrusted name."""
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in text)
    return kept.strip("._")[:60] or "x"


def report_href(board: Board, project: ProjectBoard, index: int) -> str:
    """The relative path of a release's report page inside the site (unique by position)."""
    number = next(i for i, p in enumerate(board.projects) if p is project) + 1
    release = project.steps[index].release
    return (f"reports/{number:02d}-{_slug(project.name)}/"
            f"{index + 1:02d}-{_slug(release.version)}.html")
