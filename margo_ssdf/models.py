"""The public wire models: what a check reports and what the policy concludes.

These shapes are written to disk (`result.json`, `summary.json`) and, later, into the signed
compliance statement, so they are validated on the way in and kept stable.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
TaskId = Annotated[str, StringConstraints(pattern=r"^(PO|PS|PW|RV)\.\d\.\d$")]


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Outcome(StrEnum):
    """What a check reports about its own run."""

    PASS = "pass"  # noqa: S105 (an outcome, not a password)
    """The check ran and found nothing to report."""
    FAIL = "fail"
    """The check ran and found problems."""
    ERROR = "error"
    """The check could not run or could not finish; nothing can be concluded from it."""
    SKIPPED = "skipped"
    """There was nothing for the check to look at (for example no Python files)."""


class Severity(StrEnum):
    """Severity of a finding, highest first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


class TaskState(StrEnum):
    """The status of one SSDF task after evaluation."""

    SATISFIED = "satisfied"
    PARTIALLY_SATISFIED = "partially_satisfied"
    NOT_SATISFIED = "not_satisfied"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    DECLARED = "declared"


class Verdict(StrEnum):
    """The one-word result of a whole evaluation."""

    COMPLIANT = "compliant"
    NOT_COMPLIANT = "not_compliant"
    INCOMPLETE = "incomplete"
    """A required check could not run, so compliance cannot be concluded."""


class Evidence(_Wire):
    """One file a check wrote, named by its content."""

    path: str = Field(description="POSIX path relative to the evidence directory.")
    sha256: Sha256Hex = Field(description="Digest of the file's bytes.")
    media_type: str = Field(description="IANA media type, e.g. application/sarif+json.")
    size: int = Field(ge=0, description="Size in bytes.")


class ToolInfo(_Wire):
    """The program a check ran, as it was run."""

    name: str
    version: str
    argv: tuple[str, ...] = Field(
        default=(), description="Arguments as passed, paths relative to the project root."
    )


class Probe(_Wire):
    """One small true/false question a check answered, tied to the tasks it evidences."""

    id: str = Field(description="Stable id within the check, e.g. 'security-policy'.")
    tasks: tuple[TaskId, ...] = Field(description="SSDF tasks this probe evidences.")
    outcome: Outcome
    reason: str = Field(description="What was found, in one sentence.")
    value: float | None = Field(
        default=None, description="A measured figure the policy may hold to a threshold."
    )
    locations: tuple[str, ...] = Field(
        default=(), description="Where the problem is, as 'path:line' relative to the root."
    )


class CheckResult(_Wire):
    """Everything one check reports about one project."""

    check_id: str
    tasks: tuple[TaskId, ...] = Field(description="SSDF tasks the check declares it evidences.")
    tool: ToolInfo
    started_at: datetime
    finished_at: datetime
    outcome: Outcome
    reason: str | None = Field(default=None, description="Required for every outcome but pass.")
    counts: dict[Severity, int] = Field(
        default_factory=dict, description="Open findings by severity."
    )
    probes: tuple[Probe, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    cached: bool = Field(default=False, description="Reused from the cache, not re-run.")
    excluded_inputs: int = Field(
        default=0, ge=0,
        description="Project files the check would have read that the configuration's exclude "
                    "patterns kept from it (set by the run, not the check); the policy judges "
                    "it with the max_excluded_inputs threshold, 0 by default.")

    @model_validator(mode="after")
    def _reason_for_non_pass(self) -> CheckResult:
        if self.outcome is not Outcome.PASS and not self.reason:
            raise ValueError(f"outcome '{self.outcome}' needs a reason")
        if self.finished_at < self.started_at:
            raise ValueError("finished_at is before started_at")
        return self


class TaskStatus(_Wire):
    """The policy's conclusion about one SSDF task."""

    task_id: TaskId
    state: TaskState
    required: bool
    reason: str
    checks: tuple[str, ...] = Field(default=(), description="Checks that evidenced the task.")
    document: Evidence | None = Field(
        default=None, description="The declaration document, for declared tasks."
    )


class Evaluation(_Wire):
    """Task statuses and the verdict that follows from them."""

    policy_name: str
    policy_sha256: Sha256Hex
    tasks: tuple[TaskStatus, ...]
    verdict: Verdict
    reasons: tuple[str, ...] = Field(description="Why the verdict is not compliant, if it is not.")


class Generator(_Wire):
    """The program that produced a document."""

    name: str = "margo-ssdf"
    version: str


class RunSummary(_Wire):
    """What `margo-ssdf run --out DIR` writes as DIR/summary.json."""

    generator: Generator
    project: str = Field(description="The project directory's name (never an absolute path).")
    commit: str | None = Field(default=None, description="git HEAD, when in a repository.")
    dirty: bool = Field(default=False, description="Tracked files differed from HEAD.")
    policy_sources: tuple[str, ...] = Field(description="Files the configuration came from.")
    started_at: datetime
    finished_at: datetime
    results: tuple[CheckResult, ...]
    evaluation: Evaluation
    reports: tuple[Evidence, ...] = Field(
        default=(), description="Files built from several checks, e.g. the merged SARIF.")
    policy: dict[str, Any] = Field(
        default_factory=dict, description="The effective policy the evaluation used.")
    configuration: dict[str, Any] = Field(
        default_factory=dict, description="Everything else that shaped the verdict (excludes "
                                          "with what they removed, check options, test "
                                          "reports, triage decisions) with its sha256.")
