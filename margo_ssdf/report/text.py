"""The terminal report, with rich: the same sections as the HTML page, as tables.

Untrusted strings are passed to rich as `Text` (never as console markup) after `clean`, so
neither rich markup nor terminal escape sequences in an attestation can take effect.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from margo_ssdf.models import TaskState
from margo_ssdf.report import coverage
from margo_ssdf.report.styles import NOT_RECORDED_SYMBOL, STATE_STYLES, VERDICT_STYLES
from margo_ssdf.report.terminal import step_mark
from margo_ssdf.report.views import (
    STALE_DAYS,
    Comparison,
    Report,
    Unavailable,
    VulnerabilityRow,
)
from margo_ssdf.report.wording import clean, counts_text, plural, when
from margo_ssdf.sarif import ReportedResult


def t(value: object, style: str = "") -> Text:
    """Untrusted text as a rich Text: no markup, no control characters."""
    return Text(clean(value), style=style)


def state_text(state: TaskState | None) -> Text:
    if state is None:
        return Text(f"{NOT_RECORDED_SYMBOL} not recorded", style="bold red")
    style = STATE_STYLES[state]
    return Text(f"{style.symbol} {style.label}", style=style.colour)


def _banner(report: Report) -> Panel:
    v = report.verification
    if v.verified:
        body = Text.assemble(("✔ VERIFIED", "bold green"), " — signed by ",
                             t(v.signer or "unknown", "bold"),
                             f"; verified {when(v.checked_at)} by {report.generator}")
        return Panel(body, border_style="green", title="✔ VERIFIED", title_align="left")
    lines: list[RenderableType] = [
        Text("✘ NOT VERIFIED — do not rely on this report", style="bold white on red"),
        Text("The signature did not verify: what follows is what the file claims, not what "
             "its maker signed." if not v.content_authenticated
             else "The signature holds, but the attestation does not.", style="bold red"),
    ]
    lines += [Text.assemble("  ✘ ", t(s.name, "bold"), ": ", t(s.detail)) for s in v.failed]
    return Panel(Group(*lines), border_style="bold red", title="✘ NOT VERIFIED",
                 title_align="left")


def _verdict(report: Report) -> Text:
    p = report.predicate
    if p is None:
        return Text("The attestation's compliance record could not be read.", style="bold red")
    counts = ", ".join(f"{n} {STATE_STYLES[s].label}" for s, n in report.state_counts())
    return Text.assemble(
        (VERDICT_STYLES[p.verdict].word, VERDICT_STYLES[p.verdict].colour),
        "" if report.verification.verified else " (unverified)",
        " — ", t(report.release_label, "bold"), f" — {counts}; policy ", t(p.policy.name),
        f" sha256:{p.policy.sha256[:12]}",
        f" ({report.verification.judged_with})" if report.verification.judged_with else "")


def _matrix(report: Report) -> Table:
    table = Table(title="SSDF v1.1 matrix", title_justify="left")
    for col in ("Task", "Title", "Req", "Status", "Reason"):
        table.add_column(col, no_wrap=col in ("Task", "Status"))
    for g in report.matrix:
        table.add_section()
        table.add_row(Text(g.group_id, style="bold"), Text(g.title, style="bold"), "", "", "")
        for task in g.tasks:
            table.add_row(task.task_id, task.title, "yes" if task.required else "",
                          state_text(task.state), t(task.reason))
    return table


def _checks(report: Report) -> Table:
    table = Table(title="Checks", title_justify="left")
    for col in ("Check", "Tool", "Outcome", "Open findings", "Evidence", "Reason"):
        table.add_column(col)
    for c in report.checks:
        evidence = Text("\n").join(
            t(f"{e.path} sha256:{e.sha256[:12]} ({e.status})",
              "red" if e.status not in ("verified", "not checked") else "")
            for e in c.evidence) if c.evidence else Text("none", style="dim")
        table.add_row(t(c.check_id), t(f"{c.tool} {c.version}"),
                      t(c.outcome, "green" if c.outcome == "pass" else "red"
                        if c.outcome in ("fail", "error") else "dim"),
                      t(counts_text(c.counts)), evidence, t(c.reason or ""))
    return table


def _clock(v: VulnerabilityRow) -> Text:
    if not v.open:
        return Text("closed by VEX", style="green")
    if v.days_left is None:
        return Text("no clock", style="dim")
    if v.days_left < 0:
        return Text(f"OVERDUE by {-v.days_left} days", style="bold red")
    return Text(f"{v.days_left} days left")


def _vulnerabilities(report: Report) -> RenderableType:
    vulns = report.vulnerabilities
    if isinstance(vulns, Unavailable):
        return t(f"Vulnerabilities not shown: {vulns.reason}.", "magenta")
    table = Table(title=f"{plural(len(vulns), 'vulnerability', 'vulnerabilities')}, most "
                        "urgent first", title_justify="left")
    for col in ("Id", "Severity", "Package", "Fixed in", "VEX", "CRA clock", "Summary"):
        table.add_column(col)
    for v in vulns:
        table.add_row(t(v.id), t(v.severity), t(f"{v.package} {v.version}"),
                      t(", ".join(v.fixed_versions) or "no fix"), t(v.vex_status or ""),
                      _clock(v), t(v.summary))
    return table


def _sast(report: Report) -> RenderableType:
    rules = report.sast
    if isinstance(rules, Unavailable):
        return t(f"Static-analysis findings not shown: {rules.reason}.", "magenta")
    table = Table(title="Static-analysis findings by rule", title_justify="left")
    for col in ("Rule", "CWE", "Severity", "Where", "Message", "Status"):
        table.add_column(col, no_wrap=col == "Where")
    for rule in rules:
        table.add_section()
        for i, f in enumerate(rule.findings):
            table.add_row(t(f"{rule.rule_id} {rule.name}" if i == 0 else ""),
                          t(", ".join(rule.cwe) if i == 0 else ""), t(f.severity),
                          t(f.where), t(f.message),
                          t(f"triaged: {f.justification or ''}", "green") if f.suppressed
                          else Text("open", style="red"))
    return table


def _coverage(report: Report) -> RenderableType:
    view = report.coverage
    if view is None:
        return Text("")
    if isinstance(view, Unavailable):
        return t(f"Static-analysis coverage not shown: {view.reason}.", "magenta")
    table = Table(title="Static-analysis coverage", caption=coverage.summary(view),
                  title_justify="left")
    for col in coverage.HEADERS:
        table.add_column(col)
    for row in coverage.rows(view):
        table.add_row(*(t(c) for c in row))
    return table


def _configuration(report: Report) -> RenderableType:
    view = report.configuration
    if view is None:
        return Text("")
    if isinstance(view, Unavailable):
        return t(f"Configuration not recorded: {view.reason}.", "bold yellow")
    parts: list[RenderableType] = [Text.assemble(
        ("Configuration: ", "bold"), t(f"{view.excludes_summary}; {view.triage_summary}; "
                                       f"sha256:{view.sha256[:12]} "
                                       f"({view.file or 'no configuration file'})"))]
    if view.excludes:
        table = Table(title="Exclude patterns", title_justify="left")
        for col in ("Pattern", "From", "Files removed", "Kept from checks"):
            table.add_column(col)
        for e in view.excludes:
            table.add_row(t(e.pattern), t(e.source), str(e.files),
                          t(", ".join(f"{c} {n}" for c, n in e.checks) or "none",
                            "red" if e.checks else ""))
        parts.append(table)
    if view.test_reports:
        parts.append(t("Test reports: " + ", ".join(view.test_reports)))
    if view.triage:
        table = Table(title=f"Triage decisions ({view.triage_path})", title_justify="left")
        for col in ("Decision", "Rule", "Path", "Justification", "Who", "When"):
            table.add_column(col)
        for d in view.triage:
            table.add_row(t(d.decision.replace("_", " ") + ("" if d.applied
                                                             else " (not applied)"),
                            "" if d.applied else "red"),
                          t(d.rule), t(d.path), t(d.justification), t(d.who), t(d.when))
        parts.append(table)
    return Group(*parts)


def _cisa(report: Report) -> Table:
    table = Table(title="CISA Secure Software Development Attestation Form",
                  title_justify="left")
    for col in ("Requirement", "E.O. 14028", "State", "SSDF tasks cited"):
        table.add_column(col)
    for c in report.cisa:
        tasks = Text(" ").join(_task_mark(tid, s) for tid, s in c.tasks)
        table.add_row(t(f"{c.section_id}. {c.title}"), t(c.eo_14028 or "—"),
                      state_text(c.state), tasks)
    return table


def _task_mark(task_id: str, state: TaskState | None) -> Text:
    if state is None:
        return t(f"{NOT_RECORDED_SYMBOL}{task_id}", "bold red")
    return t(f"{STATE_STYLES[state].symbol}{task_id}", STATE_STYLES[state].colour)


def _footer(report: Report) -> Text:
    p = report.predicate
    out = Text()
    if p is not None:
        out.append_text(t(f"Policy {p.policy.name} sha256:{p.policy.sha256}\n"))
    db = report.database
    if db is not None:
        ages = ", ".join(f"{eco} newest advisory {age} days old" for eco, _, age in db.ecosystems
                         if age is not None)
        out.append_text(t(f"Vulnerability database: {db.advisories} advisories, last imported "
                          f"{when(db.last_import)}; {ages}",
                          "yellow" if db.stale else ""))
        if db.stale:
            out.append(f" (stale: more than {STALE_DAYS} days)", style="yellow")
    return out


def _steps(report: Report) -> Table:
    table = Table(title="Verification steps", title_justify="left")
    for col in ("Step", "Result", "Detail"):
        table.add_column(col)
    for s in report.verification.steps:
        table.add_row(t(s.name), step_mark(s), t(s.detail))
    return table


def _changes(c: Comparison) -> RenderableType:
    parts: list[RenderableType] = []
    if not c.verification.verified:
        parts.append(Text.assemble(("The baseline is NOT VERIFIED: ", "bold red"), t(
            "; ".join(f"{s.name}: {s.detail}" for s in c.verification.failed))))
    before = VERDICT_STYLES[c.verdict_before].word if c.verdict_before else "unknown"
    after = VERDICT_STYLES[c.verdict_after].word if c.verdict_after else "unknown"
    parts.append(Text.assemble("Since ", t(c.baseline, "bold"), f": {before} → {after}"))
    table = Table(title="Tasks that changed", title_justify="left")
    for col in ("Task", "Before", "Now", "Change"):
        table.add_column(col)
    for ch in c.tasks:
        table.add_row(ch.task_id, state_text(ch.before), state_text(ch.after),
                      Text(ch.direction, style={"better": "green", "worse": "bold red"}.get(
                          ch.direction, "")))
    parts.append(table if c.tasks else Text("No task changed status."))
    for label, items in (("Vulnerabilities fixed", c.vulnerabilities_fixed),
                         ("New vulnerabilities", c.vulnerabilities_new),
                         ("Static-analysis findings added", c.findings_added),
                         ("Static-analysis findings removed", c.findings_removed)):
        parts.append(Text.assemble((f"{label}: ", "bold"), _items(items)))
    return Panel(Group(*parts), title="Changes since the baseline", title_align="left")


def _items(items: tuple[VulnerabilityRow, ...] | tuple[ReportedResult, ...] | Unavailable
           ) -> Text:
    if isinstance(items, Unavailable):
        return t(items.reason, "magenta")
    names = [f"{i.id} in {i.package} {i.version}" if isinstance(i, VulnerabilityRow)
             else f"{i.rule_id} at {i.where}" for i in items]
    return t(f"{len(items)}" + (": " + ", ".join(names) if names else ""))


def render_text(report: Report, console: Console) -> None:
    """Print the whole report; the verification banner comes first."""
    console.print(_banner(report))
    console.print(_verdict(report))
    if report.comparison is not None:
        console.print(_changes(report.comparison))
    if report.predicate is not None:
        if report.predicate.reasons:
            console.print(Text("Why it is not compliant:", style="bold"))
            for reason in report.predicate.reasons:
                console.print(t(f"  - {reason}"))
        console.print(_matrix(report))
        console.print(_checks(report))
        console.print(_vulnerabilities(report))
        console.print(_sast(report))
        console.print(_coverage(report))
        console.print(_configuration(report))
        console.print(_cisa(report))
        console.print(_footer(report))
    console.print(_steps(report))
    for note in report.notes:
        console.print(t(f"Note: {note}", "dim"))


def text_report(report: Report, width: int = 140) -> str:
    """The terminal view as plain text (no colour codes), for a file."""
    buffer = io.StringIO()
    render_text(report, Console(file=buffer, width=width, no_color=True, color_system=None,
                                highlight=False, emoji=False, force_terminal=False))
    return buffer.getvalue()
