"""The Markdown report: compact, for a GitHub job summary or a release's notes.

GitHub renders some HTML inside Markdown, so every value from the attestation is escaped for
both: HTML's special characters become entities and Markdown's are backslash-escaped, so a
reason cannot open a link, an image, a table cell or a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from margo_ssdf.models import TaskState
from margo_ssdf.report import coverage
from margo_ssdf.report.styles import (
    NOT_RECORDED_SYMBOL,
    OUTCOME_SYMBOL,
    STATE_ORDER,
    STATE_STYLES,
    VERDICT_STYLES,
)
from margo_ssdf.report.views import (
    Comparison,
    ConfigurationView,
    Report,
    TaskChange,
    Unavailable,
    VulnerabilityRow,
)
from margo_ssdf.report.wording import clean, counts_text, plural, when
from margo_ssdf.sarif import ReportedResult

TOP_PROBLEMS = 10
TOP_VULNERABILITIES = 10

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: object) -> str:
    """Untrusted text made inert in GitHub-flavoured Markdown, on one line."""
    text = " ".join(clean(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _banner(report: Report) -> list[str]:
    v = report.verification
    verdict = (VERDICT_STYLES[report.predicate.verdict].word if report.predicate
               else "verdict unknown")
    if v.verified:
        return [f"## ✔ VERIFIED — {md(verdict)} — {md(report.release_label)}", "",
                f"Signed by {md(v.signer or 'unknown')}; verified {when(v.checked_at)} by "
                f"{md(report.generator)}."]
    lines = [f"## ✘ NOT VERIFIED — {md(report.release_label)}", "",
             "> [!CAUTION]",
             "> **NOT VERIFIED: do not rely on this report.** "
             + ("The signature did not verify, so what follows is what the file claims, "
                "not what its maker signed." if not v.content_authenticated
                else "The signature holds but the attestation does not."),
             ">"]
    lines += [f"> - **{md(s.name)}**: {md(s.detail)}" for s in v.failed]
    return lines


def _verdict(report: Report) -> list[str]:
    p = report.predicate
    if p is None:
        return ["The attestation's compliance record could not be read."]
    mark = VERDICT_STYLES[p.verdict].symbol
    counts = ", ".join(f"{_symbol(s)} {n} {_label(s)}" for s, n in report.state_counts())
    claimed = "" if report.verification.verified else " (as recorded; NOT VERIFIED)"
    return [f"**Verdict{claimed}: {mark} {VERDICT_STYLES[p.verdict].word}** under policy "
            f"{md(p.policy.name)} (sha256 `{p.policy.sha256[:16]}`"
            + (f"; {md(judged)}" if (judged := report.verification.judged_with) else "")
            + f") — {counts}"]


def _matrix(report: Report) -> list[str]:
    rows = []
    for g in report.matrix:
        cells = " ".join(f"{_symbol(t.state)}&nbsp;{t.task_id}" for t in g.tasks)
        rows.append((f"**{g.group_id}** {md(g.title)}", cells))
    legend = " · ".join(f"{_symbol(s)} {_label(s)}" for s in STATE_ORDER)
    return ["### SSDF matrix", "", *_table(("Group", "Tasks"), rows), "", legend]


def _problems(report: Report) -> list[str]:
    # Verification failures are in the banner already.
    problems = [p for p in report.problems if p.kind != "verification"]
    if not problems:
        return ["### Top problems", "", "None."]
    shown = problems[:TOP_PROBLEMS]
    lines = ["### Top problems", ""]
    lines += [f"- **{md(p.kind)}**: {md(p.text)}" for p in shown]
    if len(problems) > len(shown):
        lines.append(f"- … and {len(problems) - len(shown)} more (see the HTML report)")
    return lines


def _vulnerabilities(report: Report) -> list[str]:
    vulns = report.vulnerabilities
    if isinstance(vulns, Unavailable):
        return ["### Vulnerabilities", "", f"Not shown: {md(vulns.reason)}."]
    open_ = [v for v in vulns if v.open]
    lines = ["### Vulnerabilities", "",
             f"{plural(len(vulns), 'known vulnerability', 'known vulnerabilities')}, "
             f"{len(open_)} open."]
    if open_:
        rows = [(md(v.id), md(v.severity), f"{md(v.package)} {md(v.version)}",
                 md(", ".join(v.fixed_versions) or "no fix"), _clock(v))
                for v in open_[:TOP_VULNERABILITIES]]
        lines += ["", *_table(("Id", "Severity", "Package", "Fixed in", "CRA clock"), rows)]
    return lines


def _clock(v: VulnerabilityRow) -> str:
    if v.days_left is None:
        return "no clock"
    return (f"✘ overdue by {-v.days_left} days" if v.days_left < 0
            else f"{v.days_left} days left")


def _checks(report: Report) -> list[str]:
    if not report.checks:
        return []
    rows = [(md(c.check_id), f"{md(c.tool)} {md(c.version)}",
             f"{OUTCOME_SYMBOL.get(c.outcome, '?')} {md(c.outcome)}", md(counts_text(c.counts)))
            for c in report.checks]
    return ["<details><summary>Checks</summary>", "",
            *_table(("Check", "Tool", "Outcome", "Open findings"), rows), "", "</details>"]


def _configuration(report: Report) -> list[str]:
    view = report.configuration
    if view is None:
        return []
    if isinstance(view, Unavailable):
        return ["### Configuration", "", "> [!WARNING]", f"> Not recorded: {md(view.reason)}."]
    lines = ["### Configuration", "",
             f"{md(view.excludes_summary)}; {md(view.triage_summary)}. Configuration sha256 "
             f"`{view.sha256[:16]}` ({md(view.file or 'no configuration file')})."]
    if not (view.excludes or view.test_reports or view.triage):
        return lines  # nothing more to list: keep the job summary short
    if view.excludes:
        rows = [(md(e.pattern), md(e.source), str(e.files),
                 md(", ".join(f"{c} {n}" for c, n in e.checks) or "none"))
                for e in view.excludes]
        lines += ["", *_table(("Exclude", "From", "Files removed", "Kept from checks"), rows)]
    if view.test_reports:
        lines += ["", "Test reports: " + ", ".join(md(r) for r in view.test_reports)]
    return [*lines, "", *_triage(view)]


def _triage(view: ConfigurationView) -> list[str]:
    if not view.triage:
        return [f"No triage decisions ({md(view.triage_path)})."]
    rows = [(md(t.decision.replace("_", " ")) + ("" if t.applied else " (not applied: no "
                                                 "justification)"),
             md(t.rule), md(t.path), md(t.justification), md(t.who))
            for t in view.triage]
    return [f"<details><summary>Triage decisions in {md(view.triage_path)}: "
            f"{md(view.triage_summary)}</summary>", "",
            *_table(("Decision", "Rule", "Path", "Justification", "Who"), rows), "",
            "</details>"]


def _items(items: tuple[VulnerabilityRow, ...] | tuple[ReportedResult, ...] | Unavailable
           ) -> str:
    if isinstance(items, Unavailable):
        return md(items.reason)
    names = [md(f"{i.id} in {i.package}") if isinstance(i, VulnerabilityRow)
             else md(f"{i.rule_id} at {i.where}") for i in items[:8]]
    more = f", … {len(items) - 8} more" if len(items) > 8 else ""
    return f"{len(items)}" + (f": {', '.join(names)}{more}" if names else "")


def _comparison(c: Comparison) -> list[str]:
    lines = ["### Changes since the baseline", ""]
    if not c.verification.verified:
        lines += ["> [!WARNING]", "> The baseline is **NOT VERIFIED**: "
                  + md("; ".join(f"{s.name}: {s.detail}" for s in c.verification.failed)), ""]
    before = VERDICT_STYLES[c.verdict_before].word if c.verdict_before else "unknown"
    after = VERDICT_STYLES[c.verdict_after].word if c.verdict_after else "unknown"
    lines.append(f"Baseline {md(c.baseline)}: {before} → {after}.")
    lines.append("")

    lines += [f"- ▲ Tasks better: {task_list(c.better)}",
              f"- ▼ Tasks worse: {task_list(c.worse)}",
              f"- Vulnerabilities fixed: {_items(c.vulnerabilities_fixed)}",
              f"- New vulnerabilities: {_items(c.vulnerabilities_new)}",
              f"- Static-analysis findings added: {_items(c.findings_added)}",
              f"- Static-analysis findings removed: {_items(c.findings_removed)}"]
    return lines


def _label(state: TaskState | None) -> str:
    return STATE_STYLES[state].label if state is not None else "not recorded"


def _symbol(state: TaskState | None) -> str:
    return STATE_STYLES[state].symbol if state is not None else NOT_RECORDED_SYMBOL


def task_list(changes: Iterable[TaskChange]) -> str:
    """'PW.8.2 (not satisfied → satisfied), ...' or 'none'."""
    return ", ".join(f"{t.task_id} ({_label(t.before)} → {_label(t.after)})"
                     for t in changes) or "none"


def _footer(report: Report) -> list[str]:
    p = report.predicate
    parts = [f"Attestation {md(report.source)}"]
    if p is not None:
        parts.append(f"commit {md((p.release.commit or 'unknown')[:12])}")
        parts.append(f"made {when(p.finished_on)} by {md(p.generator.name)} "
                     f"{md(p.generator.version)}")
    if report.database is not None:
        ages = ", ".join(f"{md(eco)} {age} days" for eco, _, age in report.database.ecosystems
                         if age is not None)
        parts.append(f"vulnerability database age: {ages or 'unknown'}"
                     + (" (stale)" if report.database.stale else ""))
    parts.append(f"report by {md(report.generator)}")
    return ["", "<sub>" + "; ".join(parts) + "</sub>"]


def _frameworks(report: Report) -> list[str]:
    lines = ["### Other frameworks, from the same evidence", ""]
    for view in report.frameworks:
        failing = [r.requirement_id for r in view.rows
                   if r.state.value in ("not_satisfied", "partially_satisfied", "not_assessed")]
        lines.append(f"- **{md(view.title)}**: {md(counts_text(view.counts()))}"
                     + (f"; to do: {md(', '.join(failing[:12]))}" if failing else ""))
    return lines


def _cisa(report: Report) -> list[str]:
    if not report.cisa:
        return []
    rows = [(f"{md(c.section_id)}. {md(c.title)}", md(c.eo_14028 or "—"),
             f"{_symbol(c.state)} {_label(c.state)}",
             " ".join(f"{_symbol(s)}&nbsp;{md(tid)}" for tid, s in c.tasks))
            for c in report.cisa]
    return ["<details><summary>CISA attestation form</summary>", "",
            *_table(("Requirement", "E.O. 14028", "State", "SSDF tasks cited"), rows), "",
            "</details>"]


def _coverage(report: Report) -> list[str]:
    view = report.coverage
    if view is None:
        return []
    if isinstance(view, Unavailable):
        return ["## Static-analysis coverage", "", f"Not shown: {md(view.reason)}.", ""]
    found = coverage.rows(view)
    return ["## Static-analysis coverage", "", md(coverage.summary(view)), "",
            *(_table(coverage.HEADERS, [[md(c) for c in r] for r in found]) if found else []),
            ""]


def render_markdown(report: Report) -> str:
    """The compact report as GitHub-flavoured Markdown."""
    lines = [*_banner(report), "", *_verdict(report), ""]
    if report.comparison is not None:
        lines += [*_comparison(report.comparison), ""]
    if report.predicate is not None:
        lines += [*_problems(report), "", *_matrix(report), "", *_frameworks(report), "",
                  *_vulnerabilities(report), "", *_coverage(report), *_configuration(report),
                  "",
                  *_checks(report), "", *_cisa(report)]
    lines += _footer(report)
    return "\n".join(lines).rstrip() + "\n"
