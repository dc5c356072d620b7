"""Terminal views: the SSDF matrix, the verdict line, the practices and checks tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from margo_ssdf import catalog, sarif
from margo_ssdf.attest.audit import AuditResult, Step
from margo_ssdf.checks import Check
from margo_ssdf.evaluate import PENDING, Judgement, check_judgement
from margo_ssdf.models import Outcome, RunSummary, TaskState, Verdict
from margo_ssdf.policy import Policy, ReleaseEvidence
from margo_ssdf.report.severity import severity_rank
from margo_ssdf.report.styles import STATE_STYLES, VERDICT_STYLES
from margo_ssdf.vulndb import StoreStatus
from margo_ssdf.vulndb.freshness import Age
from margo_ssdf.vulndb.scan import AuditReport

OUTCOME_STYLE: Mapping[Outcome, str] = {
    Outcome.PASS: "green", Outcome.FAIL: "red", Outcome.ERROR: "magenta", Outcome.SKIPPED: "dim",
}


def state_text(state: TaskState) -> Text:
    """A state as colour, symbol and its wire value (the run view names states as recorded)."""
    style = STATE_STYLES[state]
    return Text(f"{style.symbol} {state.value}", style=style.colour)


def matrix(summary: RunSummary) -> Table:
    """All 42 tasks grouped by practice group, with status and the reason behind it."""
    cat = catalog.ssdf()
    statuses = {s.task_id: s for s in summary.evaluation.tasks}
    table = Table(title=f"SSDF v{cat.version} — {summary.project}", title_justify="left",
                  show_lines=False, expand=False)
    table.add_column("Task", no_wrap=True)
    table.add_column("Title", max_width=44)
    table.add_column("Req", justify="center", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Evidence / reason")
    for group in cat.groups:
        table.add_section()
        table.add_row(Text(group.id, style="bold"), Text(group.title, style="bold"), "", "", "")
        for practice in group.practices:
            for task in practice.tasks:
                st = statuses[task.id]
                table.add_row(task.id, task.title, "yes" if st.required else "",
                              state_text(st.state), st.reason)
    return table


def framework_matrix(summary: RunSummary, name: str) -> Table:
    """Another framework's requirements, derived through its crosswalk from the SSDF tasks."""
    from margo_ssdf import frameworks

    catalog = frameworks.framework_catalog(name)
    statuses = {s.requirement_id: s
                for s in frameworks.evaluate_framework(name, summary.evaluation.tasks)}
    table = Table(title=f"{catalog.framework} {catalog.version} — {summary.project} "
                        "(derived from the SSDF task statuses)", title_justify="left")
    table.add_column("Requirement", no_wrap=True)
    table.add_column("Title", max_width=44)
    table.add_column("Status", no_wrap=True)
    table.add_column("SSDF tasks / reason")
    for group in catalog.groups:
        table.add_section()
        table.add_row(Text(group.id, style="bold"), Text(group.title, style="bold"), "", "")
        for req in group.requirements:
            st = statuses[req.id]
            table.add_row(req.id, req.title, state_text(st.state),
                          (" ".join(st.tasks) + ": " if st.tasks else "") + st.reason)
    return table


def framework_practices(name: str) -> Table:
    """A framework's requirements and the SSDF tasks its crosswalk maps each to."""
    from margo_ssdf import frameworks

    catalog = frameworks.framework_catalog(name)
    walk = frameworks.crosswalk(name)
    table = Table(title=f"{catalog.framework} {catalog.version}: requirements and SSDF tasks",
                  title_justify="left")
    for col in ("Requirement", "Title", "SSDF tasks"):
        table.add_column(col)
    for group in catalog.groups:
        table.add_section()
        table.add_row(Text(group.id, style="bold"), Text(group.title, style="bold"), "")
        for req in group.requirements:
            entry = walk.entries[req.id]
            mapped = " ".join(entry.tasks) or \
                f"outside a build pipeline: {entry.outside_pipeline}"
            table.add_row(req.id, req.title, mapped)
    return table


_RELEASE_WORDS: Mapping[ReleaseEvidence, str] = {
    ReleaseEvidence.INTEGRITY: "artifact digests in a signed statement",
    ReleaseEvidence.PROVENANCE: "SLSA provenance with the builder and its environment",
    ReleaseEvidence.EVIDENCE: "every tool's evidence bound by digest",
}


def verdict_line(summary: RunSummary) -> Text:
    """One line: the verdict, the counts by state and the policy used."""
    ev = summary.evaluation
    counts: dict[TaskState, int] = {}
    for s in ev.tasks:
        counts[s.state] = counts.get(s.state, 0) + 1
    parts = ", ".join(f"{n} {state.value}" for state, n in counts.items())
    style = VERDICT_STYLES[ev.verdict]
    words = style.word + (" (a required check could not run)"
                          if ev.verdict is Verdict.INCOMPLETE else "")
    pending = sum(s.reason == PENDING for s in ev.tasks)
    later = f" ({pending} not_assessed until attest: {PENDING})" if pending else ""
    return Text.assemble((words, style.colour),
                         f" — {parts}{later}; policy {ev.policy_name} "
                         f"sha256:{ev.policy_sha256[:12]}")


def _judging_policy(rules: Mapping[str, Any]) -> Policy | None:
    try:
        return Policy.model_validate(rules) if rules else None
    except ValidationError:
        return None  # a run record without a usable policy: show the checks' own outcomes


def _as_outcome(judged: tuple[Judgement, str]) -> tuple[Outcome, str]:
    return Outcome(judged[0].value), judged[1]


def render_summary(console: Console, summary: RunSummary, framework: str = "ssdf") -> None:
    """The full text view of a run: checks, matrix, problems, verdict."""
    checks = Table(title="Checks", title_justify="left")
    for col in ("Check", "Tool", "Outcome", "Time", "Reason"):
        checks.add_column(col)
    policy = _judging_policy(summary.policy)
    for r in summary.results:
        secs = (r.finished_at - r.started_at).total_seconds()
        # The policy's judgement of the check, so this table and the matrix agree.
        outcome, reason = (r.outcome, r.reason or "") if policy is None else (
            _as_outcome(check_judgement(r, policy)))
        checks.add_row(r.check_id, f"{r.tool.name} {r.tool.version}",
                       Text(outcome.value + (" (cached)" if r.cached else ""),
                            style=OUTCOME_STYLE[outcome]),
                       f"{secs:.1f}s", reason)
    console.print(checks)
    console.print(matrix(summary) if framework == "ssdf" else framework_matrix(summary, framework))
    if summary.evaluation.reasons:
        console.print(Text("Required tasks not met:", style="bold"))
        for reason in summary.evaluation.reasons:
            console.print(Text(f"  - {reason}"))
    console.print(verdict_line(summary))


def practices_table(policy: Policy) -> Table:
    """The catalogue with how the active policy evidences each task."""
    table = Table(title="SSDF v1.1 practices and tasks", title_justify="left")
    for col in ("Task", "Title", "Required", "Evidenced by"):
        table.add_column(col)
    for group in catalog.ssdf().groups:
        table.add_section()
        table.add_row(Text(group.id, style="bold"), Text(group.title, style="bold"), "", "")
        for practice in group.practices:
            table.add_row(Text(f"{practice.id}", style="bold"), Text(practice.title, "italic"),
                          "", "")
            for task in practice.tasks:
                rule = policy.tasks[task.id]
                table.add_row(task.id, task.title, "yes" if rule.required else "no",
                              evidenced_by(policy, task.id))
    return table


def evidenced_by(policy: Policy, task_id: str) -> str:
    """How a task is evidenced under a policy, in words."""
    rule = policy.tasks[task_id]
    if rule.checks:
        return ", ".join(rule.checks)
    if rule.declared:
        return f"declared in {rule.declared}"
    if rule.not_applicable:
        return f"not applicable: {rule.not_applicable}"
    if rule.release is not None:
        return f"the signed release ({_RELEASE_WORDS[rule.release]}), judged by attest and audit"
    return "nothing yet"


def findings_table(results: Sequence[sarif.ReportedResult]) -> Table:
    """Open SAST findings, most severe first, with the fingerprint triage needs."""
    table = Table(title=f"Open static-analysis findings: {len(results)}", title_justify="left")
    for col in ("Severity", "Rule", "Where", "Message", "Fingerprint"):
        table.add_column(col, no_wrap=col in ("Fingerprint", "Where"))
    for r in sorted(results, key=lambda r: (severity_rank(r.severity), r.path, r.line)):
        table.add_row(r.severity, r.rule_id, f"{r.path}:{r.line}", r.message, r.fingerprint)
    return table


def vulnerabilities_table(report: AuditReport) -> Table:
    """Known vulnerabilities, most severe first, with fixes and VEX status."""
    db = report.database
    table = Table(title=f"{len(report.findings)} known vulnerabilities in {report.audited} "
                        f"components (database imported {db.last_import or 'never'})",
                  title_justify="left")
    for col in ("Severity", "Id", "Package", "Version", "Fixed in", "Published", "VEX"):
        table.add_column(col)
    for f in sorted(report.findings, key=lambda f: (severity_rank(f.severity), f.package, f.id)):
        table.add_row(f.severity.value, f.id, f.package, f.version,
                      ", ".join(f.fixed_versions[:2]) or "-", (f.published or "-")[:10],
                      f.vex.status if f.vex else "")
    return table


def audit_view(result: AuditResult) -> Table:
    """Every audit step with a mark, and the verdict line as the title."""
    ok = result.ok and result.verdict is Verdict.COMPLIANT
    title = Text(result.verdict_line(), style="bold green" if ok else "bold red")
    table = Table(title=title, title_justify="left")
    table.add_column("Step")
    table.add_column("Result", no_wrap=True)
    table.add_column("Detail")
    for step in result.steps:
        table.add_row(step.name, step_mark(step), step.detail)
    return table


def step_mark(step: Step) -> Text:
    """'ok', 'note' (a fact to read, not a check) or 'FAILED', coloured."""
    if not step.ok:
        return Text("FAILED", style="bold red")
    return Text("note", style="yellow") if step.note else Text("ok", style="green")


def db_status_table(status: StoreStatus, ages: Mapping[str, Age], max_age: float) -> Table:
    """The vulnerability database: per ecosystem how old its data is and where it came from,
    then every import."""
    table = Table(title=f"OSV database {status.path}: {status.advisories} advisories "
                        f"({status.withdrawn} withdrawn); data older than {max_age:g} days is "
                        "stale", title_justify="left")
    for col in ("Ecosystem", "Advisories", "Current as of", "Age", "Last updated here",
                "From"):
        table.add_column(col)
    for eco in status.ecosystems:
        age = ages[eco.ecosystem]
        days = "unknown" if age.days is None else f"{int(age.days)} days"
        stale = age.stale(max_age)
        when = age.data_time or "-"
        if eco.export_time and eco.export_time == age.data_time:
            when += " (export)"
        updated = eco.updated or "-"
        if eco.checked and (not eco.updated or eco.checked > eco.updated):
            updated += f" (checked {eco.checked})"
        table.add_row(eco.ecosystem, f"{eco.advisories} ({eco.withdrawn} withdrawn)", when,
                      Text(f"{days}: {'stale' if stale else 'fresh'}",
                           style="red" if stale else "green"),
                      updated, eco.source or "-")
    for imp in status.imports:
        table.add_row(Text(f"import #{imp.id}", style="dim"), str(imp.files), "", "",
                      imp.finished, f"{imp.source} sha256:{imp.source_sha256[:12]}")
    return table


def checks_table(checks: Sequence[Check]) -> Table:
    table = Table(title="Installed checks", title_justify="left")
    for col in ("Check", "SSDF tasks", "Tool", "What it looks at"):
        table.add_column(col)
    for c in checks:
        table.add_row(c.id, " ".join(c.tasks), f"{c.tool} {c.tool_version()}", c.title)
    return table
