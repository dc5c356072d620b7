"""The report's view model: frozen records of what every format shows, built by `build_report`.

Strings in these records come from an attestation and its evidence, so they are untrusted:
every format escapes them for itself, after `wording.clean`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from margo_ssdf import __version__
from margo_ssdf.attest import compliance
from margo_ssdf.attest.audit import Step
from margo_ssdf.checks.sast_coverage import CoverageTable
from margo_ssdf.models import Evidence, Severity, TaskState, Verdict
from margo_ssdf.report.styles import STATE_ORDER, VERDICT_STYLES
from margo_ssdf.report.wording import clean, plural
from margo_ssdf.sarif import ReportedResult

STALE_DAYS = 30
"""A vulnerability database whose newest advisory is older than this is flagged as stale."""


@dataclass(frozen=True)
class Unavailable:
    """A part of the report that could not be filled, and why (never silently empty)."""

    reason: str


@dataclass(frozen=True)
class Verification:
    """What the audit concluded about the attestation, shown first in every format."""

    verified: bool
    """Every audit step held."""
    signer: str | None
    """Who signed: 'key <fingerprint>' or '<identity> (issuer <issuer>)'; None if unknown."""
    steps: tuple[Step, ...]
    """Every step the audit checked, in order."""
    content_authenticated: bool
    """The predicate shown came from a payload whose signature verified."""
    checked_at: datetime
    """When this verification ran."""
    judged_with: str | None = None
    """Whose policy judged the tasks and verdict shown, in words (None: not recomputed)."""

    @property
    def failed(self) -> tuple[Step, ...]:
        """The steps that did not hold."""
        return tuple(s for s in self.steps if not s.ok)


@dataclass(frozen=True)
class Subject:
    """One attested artifact."""

    name: str
    digests: tuple[tuple[str, str], ...]
    """(algorithm, hex digest) pairs."""


@dataclass(frozen=True)
class TaskCell:
    """One SSDF task in the matrix."""

    task_id: str
    title: str
    practice_id: str
    group_id: str
    state: TaskState | None
    """None when the attestation does not record the task at all."""
    required: bool
    reason: str
    checks: tuple[str, ...]
    document: Evidence | None


@dataclass(frozen=True)
class PracticeRow:
    """One practice and its tasks."""

    practice_id: str
    title: str
    tasks: tuple[TaskCell, ...]


@dataclass(frozen=True)
class GroupBlock:
    """One of the four practice groups (PO, PS, PW, RV)."""

    group_id: str
    title: str
    practices: tuple[PracticeRow, ...]

    @property
    def tasks(self) -> tuple[TaskCell, ...]:
        return tuple(t for p in self.practices for t in p.tasks)


@dataclass(frozen=True)
class EvidenceFile:
    """One evidence file a check names, and whether its bytes were checked."""

    path: str
    sha256: str
    media_type: str
    size: int
    status: str
    """'verified', 'missing', 'changed', 'unsafe path' or 'not checked' (no evidence dir)."""


@dataclass(frozen=True)
class CheckRow:
    """One check's recorded result."""

    check_id: str
    tool: str
    version: str
    outcome: str
    reason: str | None
    counts: tuple[tuple[str, int], ...]
    """Open findings by severity, worst first."""
    tasks: tuple[str, ...]
    seconds: float
    cached: bool
    evidence: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class VulnerabilityRow:
    """One known vulnerability in one dependency, with its VEX status and CRA clock.

    A row of the report, read from the deps.audit evidence; not `vulndb.match.Vulnerability`,
    the advisory matched while auditing.
    """

    id: str
    aliases: tuple[str, ...]
    package: str
    version: str
    ecosystem: str
    severity: Severity
    cvss_score: float | None
    fixed_versions: tuple[str, ...]
    summary: str
    vex_status: str | None
    vex_justification: str | None
    open: bool
    """Affected and not closed by VEX (not_affected or fixed)."""
    days_open: int | None
    days_left: int | None
    """Days until the policy's limit; negative when overdue; None without the CRA clock."""
    limit_days: int | None
    clock_start: str | None

    @property
    def key(self) -> tuple[str, str]:
        """What stays the same across releases: the advisory and the package."""
        return (self.id, self.package)

    @property
    def overdue(self) -> bool:
        return self.open and self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class SastRule:
    """The findings of one rule of one tool."""

    tool: str
    rule_id: str
    name: str
    cwe: tuple[str, ...]
    severity: Severity
    """The worst of its findings'."""
    findings: tuple[ReportedResult, ...]

    @property
    def open_count(self) -> int:
        return sum(1 for f in self.findings if not f.suppressed)


@dataclass(frozen=True)
class CisaRow:
    """One requirement or item (1(a) to 1(f), 2, 3, 4) of the CISA attestation form."""

    section_id: str
    title: str
    state: TaskState
    tasks: tuple[tuple[str, TaskState | None], ...]
    """The SSDF tasks the form cites for it and their states."""
    eo_14028: str | None = None
    """The E.O. 14028 subsection it answers, where the attestation records one."""


@dataclass(frozen=True)
class DatabaseAge:
    """How fresh the vulnerability data used by deps.audit was."""

    advisories: int | None
    last_import: str | None
    ecosystems: tuple[tuple[str, str | None, int | None], ...]
    """(ecosystem, newest advisory published, its age in days at the audit)."""

    @property
    def stale(self) -> bool:
        return any(age is not None and age > STALE_DAYS for _, _, age in self.ecosystems)


@dataclass(frozen=True)
class ExcludeRow:
    """One exclude pattern, the files it removed and the checks it kept them from."""

    pattern: str
    source: str
    files: int
    checks: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TriageRow:
    """One decision of the triage file."""

    decision: str
    """'false_positive' or 'accepted_risk'."""
    rule: str
    path: str
    justification: str
    who: str
    when: str
    applied: bool
    """False for an entry without a justification: it triages nothing."""


@dataclass(frozen=True)
class ConfigurationView:
    """What shaped the verdict besides the policy's rules, as the attestation records it."""

    sha256: str
    file: str | None
    excludes: tuple[ExcludeRow, ...]
    excluded_inputs: tuple[tuple[str, int], ...]
    """(check, files the excludes kept from it), for checks that lost any."""
    test_reports: tuple[str, ...]
    triage_path: str
    triage_sha256: str | None
    triage: tuple[TriageRow, ...]

    def triaged(self, decision: str) -> int:
        """Applied decisions of one kind."""
        return sum(1 for t in self.triage if t.applied and t.decision == decision)

    @property
    def triage_summary(self) -> str:
        """'N findings triaged as false positive, M accepted risks'."""
        return (f"{plural(self.triaged('false_positive'), 'finding')} triaged as false "
                f"positive, {plural(self.triaged('accepted_risk'), 'accepted risk')}")

    @property
    def excludes_summary(self) -> str:
        """'No exclude patterns' or 'N exclude patterns removed M files'."""
        if not self.excludes:
            return "No exclude patterns"
        removed = sum(e.files for e in self.excludes)
        return (f"{plural(len(self.excludes), 'exclude pattern')} removed "
                f"{plural(removed, 'file')}")


@dataclass(frozen=True)
class Problem:
    """One thing a reader should look at first."""

    kind: str
    """'verification', 'task', 'vulnerability', 'finding', 'check' or 'configuration'."""
    text: str


@dataclass(frozen=True)
class TaskChange:
    """A task whose state differs from the baseline."""

    task_id: str
    title: str
    before: TaskState | None
    after: TaskState | None
    direction: str
    """'better', 'worse' or 'changed' (as good as before, but different)."""


@dataclass(frozen=True)
class Comparison:
    """What changed since a baseline release."""

    baseline: str
    """The baseline's release name and version."""
    verification: Verification
    verdict_before: Verdict | None
    verdict_after: Verdict | None
    tasks: tuple[TaskChange, ...]
    vulnerabilities_fixed: tuple[VulnerabilityRow, ...] | Unavailable
    vulnerabilities_new: tuple[VulnerabilityRow, ...] | Unavailable
    findings_added: tuple[ReportedResult, ...] | Unavailable
    findings_removed: tuple[ReportedResult, ...] | Unavailable

    @property
    def better(self) -> tuple[TaskChange, ...]:
        return tuple(c for c in self.tasks if c.direction == "better")

    @property
    def worse(self) -> tuple[TaskChange, ...]:
        return tuple(c for c in self.tasks if c.direction == "worse")


@dataclass(frozen=True)
class FrameworkRow:
    """One requirement of another framework, derived from the SSDF task statuses."""

    requirement_id: str
    title: str
    state: TaskState
    tasks: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class FrameworkView:
    """IEC 62443-4-1 or CRA Annex I, as the crosswalk derives it from the 42 tasks."""

    name: str
    title: str
    rows: tuple[FrameworkRow, ...]

    def counts(self) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.state.value] = found.get(row.state.value, 0) + 1
        return sorted(found.items())


@dataclass(frozen=True)
class Report:
    """Everything the views show about one attestation."""

    source: str
    """The attestation's file name."""
    verification: Verification
    predicate: compliance.CompliancePredicate | None
    """The compliance record; None when it could not be read at all."""
    subjects: tuple[Subject, ...]
    matrix: tuple[GroupBlock, ...]
    checks: tuple[CheckRow, ...]
    vulnerabilities: tuple[VulnerabilityRow, ...] | Unavailable
    sast: tuple[SastRule, ...] | Unavailable
    cisa: tuple[CisaRow, ...]
    frameworks: tuple[FrameworkView, ...]
    """The same evidence judged against IEC 62443-4-1 and the CRA (recomputed, not trusted)."""
    database: DatabaseAge | None
    problems: tuple[Problem, ...]
    comparison: Comparison | None
    notes: tuple[str, ...]
    """Evidence that was not used, and why."""
    generated_at: datetime
    configuration: ConfigurationView | Unavailable | None = None
    """Excludes, triage and test reports; Unavailable when the attestation does not record them,
    None when there is no predicate at all."""
    generator: str = field(default=f"margo-ssdf {__version__}")
    coverage: CoverageTable | Unavailable | None = None
    """Which SAST engine parsed each analysed file; None when not built."""

    @property
    def tasks(self) -> tuple[TaskCell, ...]:
        return tuple(t for g in self.matrix for t in g.tasks)

    def state_counts(self) -> list[tuple[TaskState, int]]:
        """How many tasks are in each state, good to bad, zero counts left out."""
        counts = dict.fromkeys(STATE_ORDER, 0)
        for t in self.tasks:
            if t.state is not None:
                counts[t.state] += 1
        return [(s, n) for s, n in counts.items() if n]

    @property
    def headline(self) -> str:
        """The one line every format starts with."""
        lead = "VERIFIED" if self.verification.verified else "NOT VERIFIED"
        verdict = (VERDICT_STYLES[self.predicate.verdict].word if self.predicate
                   else "verdict unknown")
        name = self.release_label
        return f"{lead} — {verdict} — {name}"

    @property
    def release_label(self) -> str:
        if self.predicate is None:
            return clean(self.source)
        r = self.predicate.release
        return clean(f"{r.name} {r.version}" if r.version else r.name)

