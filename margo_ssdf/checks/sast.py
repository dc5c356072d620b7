"""What the static-analysis checks share: target selection, triage, SARIF evidence, counts."""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from margo_ssdf import sarif, triage
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.checks.sast_coverage import (
    COVERAGE_KEY,
    GAP_RULE_ID,
    EngineCoverage,
    coverage_summary,
)
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Outcome, Severity

# Test code, vendored code and generated code are not the release's own attack surface.
DEFAULT_SAST_EXCLUDES = [
    "tests/*", "test/*", "*/tests/*", "*/test/*", "test_*.py", "*_test.py", "*_test.go",
    "conftest.py", "vendor/*", "*/vendor/*", "third_party/*", "*/third_party/*", "*.pb.go",
]
SAST_TASKS = ("PW.5.1", "PW.7.2", "RV.1.2", "RV.3.3")
# Keep each command line well under the kernel's argument limit.
MAX_ARGV_CHARS = 100_000


def findings_outcome(counts: Mapping[Severity, int]) -> Outcome:
    """A findings check's outcome from its open counts: any open finding fails it."""
    return Outcome.FAIL if sum(counts.values()) else Outcome.PASS


def batches(paths: Sequence[str], limit: int = MAX_ARGV_CHARS) -> list[list[str]]:
    """Split a file list into command-line-sized batches."""
    out: list[list[str]] = [[]]
    size = 0
    for p in paths:
        if out[-1] and size + len(p) + 1 > limit:
            out.append([])
            size = 0
        out[-1].append(p)
        size += len(p) + 1
    return [b for b in out if b]


def select_targets(project: Project, options: Mapping[str, Any],
                   wants: Callable[[str], bool]) -> list[str]:
    """The project files a check reads (`wants`), after the check's `exclude` option."""
    excludes = list(options.get("exclude", []))
    return [rel for rel in project.files if wants(rel)
            and not any(fnmatch.fnmatchcase(rel, p) for p in excludes)]


def source_root(project: Project) -> sarif.SourceRoot:
    """Where SARIF paths are rooted: the git work tree's top, else the project directory."""
    git = project.git
    return sarif.SourceRoot.at(project.root, git.top if git else None)


def apply_baseline(findings: Sequence[sarif.Finding],
                   baseline: triage.Baseline) -> list[sarif.Finding]:
    """Mark findings the baseline explains as triaged (inline triage takes precedence)."""
    out = []
    for f in findings:
        entry = None if f.triage else baseline.decision(f.fingerprint)
        if entry is not None:
            f = replace(f, triage=sarif.Triage(kind="external", justification=entry.justification,
                                              decision=entry.decision.value))
        out.append(f)
    return out


def report_items(report: object, tool: str, key: str, required: tuple[str, ...]
                 ) -> list[dict[str, Any]]:
    """The `key` list of a tool's JSON report; ToolError unless it has the expected shape.

    Valid JSON of the wrong shape (`{}`, `[]`, items missing fields) would otherwise read as
    "no findings": a check must fail closed on output it does not understand.
    """

    items = report.get(key) if isinstance(report, dict) else None
    if not isinstance(items, list) or not all(
            isinstance(i, dict) and all(k in i for k in required) for i in items):
        raise ToolError(f"{tool} printed JSON that is not a {tool} report (no '{key}' list of "
                        f"findings with {', '.join(required)}).",
                        fix=f"Check the installed {tool} version works: run it by hand.")
    return items


@contextlib.contextmanager
def unreadable_output(tool: str) -> Iterator[None]:
    """Turn a malformed finding in a tool's report into a ToolError (fail closed)."""
    from margo_ssdf.errors import ToolError

    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise ToolError(f"{tool} printed a finding margo-ssdf cannot read "
                        f"({type(exc).__name__}: {exc}).",
                        fix=f"Check the installed {tool} version works: run it by hand.") from exc


class SastCheck(Check):
    """Base of the SAST checks; subclasses say which files and how to run their engine."""

    tasks = SAST_TASKS
    thresholds: ClassVar[Mapping[str, str]] = {
        f"max_{s.value}": f"most open {s.value}-severity findings allowed" for s in Severity
    }
    options: ClassVar[Mapping[str, Any]] = {"exclude": DEFAULT_SAST_EXCLUDES}
    suffixes: ClassVar[tuple[str, ...]] = ()
    names: ClassVar[tuple[str, ...]] = ()
    """Base-name globs of files to scan besides those with `suffixes`."""
    info_uri: ClassVar[str] = ""

    def wants(self, rel: str) -> bool:
        """Whether the engine scans this kind of file."""
        base = rel.rsplit("/", 1)[-1]
        return (bool(self.suffixes) and rel.endswith(self.suffixes)) or any(
            fnmatch.fnmatchcase(base, n) for n in self.names)

    def targets(self, project: Project, options: Mapping[str, Any]) -> list[str]:
        """The project files this engine scans, after the check's excludes."""
        return select_targets(project, options, self.wants)

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        return [*self.targets(project, options), triage.BASELINE]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        # The SARIF names where the project sits: a moved copy must not reuse cached evidence.
        return source_root(project).key

    def scan_targets(self, ctx: CheckContext) -> list[str]:
        """The targets of a run; a name that is not UTF-8 stops the check, naming the file.

        SARIF is UTF-8 JSON, and the tools skip or choke on such names: scanning the rest and
        passing would hide the file's findings.
        """
        targets = self.targets(ctx.project, ctx.options)
        if bad := [rel for rel in targets if not _is_utf8(rel)]:
            shown = ", ".join(os.fsencode(rel).decode("utf-8", "backslashreplace")
                              for rel in bad[:5])
            raise ToolError(f"{self.tool} cannot analyse {len(bad)} file(s) whose names are not "
                            f"valid UTF-8: {shown}.",
                            fix="Rename them (e.g. with convmv), or exclude them in the check's "
                                "`exclude` option with a reason.")
        return targets

    def finish(self, ctx: CheckContext, findings: Sequence[sarif.Finding],
               unparsed: Sequence[tuple[str, str]], scanned: int,
               coverage: EngineCoverage | None = None) -> CheckResult:
        """Write the SARIF evidence (with the engine's coverage) and report open counts."""
        # A coverage gap is judged by the policy's coverage_gap_severity and re-derived from the
        # coverage record; triage would hide it from the check but not from re-derivation.
        gaps = [f for f in findings if f.rule.id == GAP_RULE_ID]
        findings = [*apply_baseline(sarif.number_occurrences(
            [f for f in findings if f.rule.id != GAP_RULE_ID]), triage.load(ctx.project.root)),
            *sarif.number_occurrences(gaps)]
        run = sarif.run_json(self.tool, self.tool_version(), self.info_uri, findings, unparsed,
                             properties={COVERAGE_KEY: coverage.to_json()} if coverage else None,
                             root=source_root(ctx.project))
        log = sarif.log_json([run])
        data = json.dumps(log, indent=1).encode()
        evidence = ctx.write_evidence(self.id, f"{self.id}.sarif", data, sarif.MEDIA_TYPE)
        open_counts = sarif.log_counts(log)  # counted on the evidence, as re-derivation does
        triaged = sum(1 for f in findings if f.triage is not None)
        total_open = sum(open_counts.values())
        summary = (f"{total_open} open finding(s) in {scanned} file(s)"
                   + (f", {triaged} triaged" if triaged else "")
                   + (coverage_summary(coverage, findings) if coverage else
                      f"; {len(unparsed)} file(s) could not be parsed: "
                      + ", ".join(p for p, _ in unparsed[:5]) if unparsed else ""))
        outcome = findings_outcome(open_counts)
        # A pass says which interpreter parsed, when one is named (bandit).
        said = outcome is Outcome.FAIL or unparsed or (coverage and coverage.interpreter)
        return self.result(ctx, outcome, summary if said else None,
                           counts=open_counts, evidence=[evidence])

    def nothing_to_scan(self, ctx: CheckContext) -> CheckResult:
        kinds = ", ".join([*self.suffixes, *self.names]) or "workflow files"
        return self.result(ctx, Outcome.SKIPPED, f"no files to scan ({kinds}) after excludes")


def _is_utf8(name: str) -> bool:
    # Undecodable bytes of a file name arrive as lone surrogates (PEP 383).
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
