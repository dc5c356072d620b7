"""What a check is: data about itself, the files it reads, and `run(context) -> CheckResult`.

A check collects facts and reports them; it never decides whether an SSDF task is met. The
policy does that from the CheckResult (see `margo_ssdf.evaluate`).
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from margo_ssdf import tools
from margo_ssdf.clock import now
from margo_ssdf.discovery import Project
from margo_ssdf.errors import MargoError
from margo_ssdf.files import write_atomic
from margo_ssdf.models import CheckResult, Evidence, Outcome, Probe, Severity, ToolInfo


@dataclass
class CheckContext:
    """What the pipeline hands a check."""

    project: Project
    """The project tree, walked once."""
    options: Mapping[str, Any]
    """The check's options from the policy, defaults filled in."""
    evidence_root: Path
    """Root of the evidence directory; Evidence paths are relative to it."""
    timeout: float
    """Seconds the check may take in all."""
    started_at: datetime = field(default_factory=now)
    argv: list[str] = field(default_factory=list)
    """The last tool command line run, recorded in the result (project-relative)."""
    cancelled: threading.Event = field(default_factory=threading.Event)
    """Set when the pipeline gave up on the check (deadline, interrupt): it must write no more."""
    artifacts: tuple[Path, ...] = ()
    """The release's files (binaries, archives) passed with --artifact, for the checks that
    judge what ships (`Check.uses_artifacts`)."""

    def __post_init__(self) -> None:
        # Made here, before the check starts; the check itself never creates the root.
        self.evidence_root.mkdir(parents=True, exist_ok=True)

    def evidence_dir(self, check_id: str) -> Path:
        """The directory this check writes its evidence into."""
        return self.evidence_root / "checks" / check_id

    def write_evidence(self, check_id: str, name: str, data: bytes, media_type: str) -> Evidence:
        """Write one evidence file atomically and describe it by its digest."""
        # An abandoned check's late evidence must not land in an output nobody vouches for, and
        # a check must never re-create an evidence root that was cleaned up.
        if self.cancelled.is_set() or not self.evidence_root.is_dir():
            raise MargoError(f"{check_id} was cancelled; its evidence is not written.")
        path = self.evidence_dir(check_id) / name
        try:
            write_atomic(path, data, within=self.evidence_root)
        except FileNotFoundError as exc:  # the run was cleaned up under us
            raise MargoError(f"{check_id} was cancelled; its evidence is not written.") from exc
        return Evidence(
            path=path.relative_to(self.evidence_root).as_posix(),
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=media_type,
            size=len(data),
        )

    def run_tool(self, argv: Sequence[str], **kwargs: Any) -> tools.ToolRun:
        """Run a tool in the project root with the check's timeout; record its argv."""
        root = str(self.project.root)
        self.argv = [a.replace(root, ".") if a.startswith(root) else a for a in map(str, argv)]
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("cwd", self.project.root)
        return tools.run(argv, **kwargs)


class Check(ABC):
    """Base class of every check. Subclasses set the class attributes and implement run()."""

    id: ClassVar[str]
    """Stable id users name in policies and on the command line, e.g. 'sast.bandit'."""
    title: ClassVar[str]
    """One line saying what the check looks at."""
    tasks: ClassVar[tuple[str, ...]]
    """SSDF tasks this check can evidence."""
    tool: ClassVar[str]
    """Name of the tool or library the check wraps."""
    distribution: ClassVar[str | None] = None
    """Python distribution whose version is the tool's version, if it is one."""
    remediation: ClassVar[str]
    """What to do when the check fails."""
    thresholds: ClassVar[Mapping[str, str]] = {}
    """Threshold names the policy may set, with their meaning."""
    options: ClassVar[Mapping[str, Any]] = {}
    """Options the policy may set, with their defaults."""
    uses_artifacts: ClassVar[bool] = False
    """The result depends on the release's artifacts (their digests join the cache key)."""

    def tool_version(self) -> str:
        """Version of the wrapped tool, part of every result and of the cache key."""
        return tools.distribution_version(self.distribution) if self.distribution else "n/a"

    def tool_info(self, ctx: CheckContext | None = None) -> ToolInfo:
        """The ToolInfo for a result."""
        argv = tuple(ctx.argv) if ctx else ()
        return ToolInfo(name=self.tool, version=self.tool_version(), argv=argv)

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        """Project files whose content the result depends on (for the cache key).

        The default is every file, which is always correct; checks narrow it to be cheaper.
        """
        return project.files

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        """Anything else the result depends on that is not a file's content."""
        return ""

    @abstractmethod
    def run(self, ctx: CheckContext) -> CheckResult:
        """Look at the project and report; raise MargoError when the check cannot run."""

    def result(
        self,
        ctx: CheckContext,
        outcome: Outcome,
        reason: str | None = None,
        *,
        counts: Mapping[Severity, int] | None = None,
        probes: Sequence[Probe] = (),
        evidence: Sequence[Evidence] = (),
    ) -> CheckResult:
        """Build this check's CheckResult, stamped with its tool and times."""
        return CheckResult(
            check_id=self.id,
            tasks=self.tasks,
            tool=self.tool_info(ctx),
            started_at=ctx.started_at,
            finished_at=max(now(), ctx.started_at),
            outcome=outcome,
            reason=reason,
            counts=dict(counts or {}),
            probes=tuple(probes),
            evidence=tuple(evidence),
        )
