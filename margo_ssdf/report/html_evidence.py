"""The HTML page's evidence sections: checks, vulnerabilities, static-analysis findings, and
what changed since a baseline release.
"""

from __future__ import annotations

from margo_ssdf.models import Verdict
from margo_ssdf.report import coverage
from margo_ssdf.report.markup import Markup, h, join, state_chip, table, unavailable
from margo_ssdf.report.styles import OUTCOME_SYMBOL, VERDICT_STYLES
from margo_ssdf.report.views import (
    Comparison,
    ConfigurationView,
    Report,
    SastRule,
    Unavailable,
    VulnerabilityRow,
)
from margo_ssdf.report.wording import counts_text, plural
from margo_ssdf.sarif import ReportedResult


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def checks(report: Report) -> Markup:
    """Every check with its outcome and its evidence files, each digest-checked."""
    if not report.checks:
        return h("p", "No check results could be read.", class_="note")
    rows = []
    for c in report.checks:
        evidence = h("ul", [h("li", h("code", e.path), " ", _size(e.size), " ",
                              h("code", f"sha256:{e.sha256[:16]}…", title=e.sha256,
                                class_="digest"), " ", _evidence_flag(e.status))
                            for e in c.evidence], class_="tight") if c.evidence else "none"
        rows.append(h("tr",
                      h("th", c.check_id, scope="row"),
                      h("td", c.tool, " ", h("span", c.version, class_="mono")),
                      h("td", h("span", OUTCOME_SYMBOL.get(c.outcome, "?"), " ", c.outcome,
                                class_=f"flag {'good' if c.outcome == 'pass' else 'bad'}"
                                if c.outcome in ("pass", "fail", "error") else "flag"),
                        " (cached)" if c.cached else ""),
                      h("td", counts_text(c.counts)),
                      h("td", f"{c.seconds:.1f} s", class_="num"),
                      h("td", c.reason or "—", h("br"), h("span", "tasks: ", " ".join(c.tasks),
                                                           class_="muted")),
                      h("td", evidence)))
    return table(None, ("Check", "Tool", "Outcome", "Open findings", "Time", "Reason",
                        "Evidence files"), rows)


def configuration(report: Report) -> Markup:
    """The recorded excludes (with what each removed), test reports and triage decisions."""
    view = report.configuration
    if view is None:
        return h("p", "Not available.", class_="note")
    if isinstance(view, Unavailable):
        return h("p", h("strong", "Not recorded: "), view.reason, ".", class_="note")
    intro = h("p", h("strong", view.excludes_summary), "; ", h("strong", view.triage_summary),
              ". Configuration ", h("code", f"sha256:{view.sha256[:16]}…", title=view.sha256),
              f" from {view.file or 'no configuration file'}",
              f"; test reports: {', '.join(view.test_reports)}." if view.test_reports else ".")
    rows = [h("tr", h("th", h("code", e.pattern), scope="row"), h("td", e.source),
              h("td", str(e.files), class_="num"),
              h("td", h("span", ", ".join(f"{c} {n}" for c, n in e.checks), class_="flag bad")
                if e.checks else "none"))
            for e in view.excludes]
    excludes = (table("Exclude patterns: files each removed, and the checks that would have "
                      "read them", ("Pattern", "From", "Files removed", "Kept from checks"), rows)
                if rows else h("p", "No exclude patterns: every check saw the whole project "
                                    "(besides the built-in virtual-environment, cache and VCS "
                                    "directories).", class_="muted"))
    return join(intro, excludes, _triage(view))


def _triage(view: ConfigurationView) -> Markup:
    if not view.triage:
        return h("p", f"No triage decisions ({view.triage_path}).", class_="muted")
    rows = [h("tr", h("td", d.decision.replace("_", " "),
                      "" if d.applied else h("span", " not applied: no justification",
                                             class_="flag bad")),
              h("td", h("code", d.rule)), h("td", h("code", d.path)), h("td", d.justification),
              h("td", d.who), h("td", d.when))
            for d in view.triage]
    digest = f" (sha256:{view.triage_sha256[:16]}…)" if view.triage_sha256 else ""
    return table(f"Triage decisions in {view.triage_path}{digest}",
                 ("Decision", "Rule", "Path", "Justification", "Who", "When"), rows)


def _evidence_flag(status: str) -> Markup:
    if status == "verified":
        return h("span", "✔ digest matches", class_="flag good")
    if status == "not checked":
        return h("span", "(not checked: no --evidence-dir)", class_="muted")
    return h("span", f"✘ {status}", class_="flag bad")


def _clock(v: VulnerabilityRow) -> Markup:
    if not v.open:
        return h("span", "✔ closed by VEX", class_="flag good")
    if v.days_left is None:
        return h("span", "open (no CRA clock)", class_="muted")
    if v.days_left < 0:
        return h("span", f"✘ overdue by {-v.days_left} days", class_="flag bad")
    return h("span", f"{v.days_left} days left", class_="flag")


def vulnerabilities(report: Report) -> Markup:
    """Known vulnerabilities, most urgent first, with VEX status and the CRA clock."""
    vulns = report.vulnerabilities
    if isinstance(vulns, Unavailable):
        return unavailable("Vulnerabilities", vulns)
    if not vulns:
        return h("p", "✔ No known vulnerability in the audited dependencies.", class_="flag good")
    rows = [h("tr",
              h("th", h("span", v.id, class_="mono"),
                h("br") if v.aliases else None,
                h("span", ", ".join(v.aliases), class_="muted") if v.aliases else None,
                scope="row"),
              h("td", h("span", v.severity, class_=f"sev sev-{v.severity}"),
                f" {v.cvss_score:.1f}" if v.cvss_score is not None else ""),
              h("td", v.package, " ", h("span", v.version, class_="mono"),
                h("br"), h("span", v.ecosystem, class_="muted")),
              h("td", ", ".join(v.fixed_versions) or "no fix"),
              h("td", v.vex_status or "none",
                h("br") if v.vex_justification else None, v.vex_justification),
              h("td", _clock(v)),
              h("td", f"{v.days_open} / {v.limit_days}" if v.days_open is not None else "—",
                class_="num"),
              h("td", v.summary))
            for v in vulns]
    open_ = sum(1 for v in vulns if v.open)
    return join(
        h("p", f"{plural(len(vulns), 'vulnerability', 'vulnerabilities')}, {open_} open; "
               "most urgent first (overdue, then least time left on the CRA clock, then "
               "severity)."),
        table(None, ("Id", "Severity", "Package", "Fixed in", "VEX", "CRA clock",
                     "Days open / limit", "Summary"), rows))


def _finding_status(f: ReportedResult) -> Markup:
    if f.suppressed:
        return join(h("span", "triaged", class_="flag good"), ": ", f.justification or "")
    return h("span", "open", class_="flag bad")


def _sast_rule(rule: SastRule) -> Markup:
    heading = join(h("span", rule.rule_id, class_="mono"), " ", rule.name,
                   f" · {', '.join(rule.cwe)}" if rule.cwe else "", " · ",
                   h("span", rule.severity, class_=f"sev sev-{rule.severity}"), " · ",
                   f"{plural(len(rule.findings), 'finding')}, {rule.open_count} open",
                   h("span", f" ({rule.tool})", class_="muted"))
    rows = [h("tr",
              h("th", h("span", f.where, class_="mono"), scope="row"),
              h("td", h("span", f.severity, class_=f"sev sev-{f.severity}")),
              h("td", f.message),
              h("td", _finding_status(f)),
              h("td", h("span", f.fingerprint, class_="mono")))
            for f in rule.findings]
    return join(h("h3", heading),
                table(None, ("Where", "Severity", "Message", "Status", "Fingerprint"), rows))


def findings(report: Report) -> Markup:
    """Static-analysis findings grouped by rule."""
    rules = report.sast
    if isinstance(rules, Unavailable):
        return unavailable("Static-analysis findings", rules)
    if not rules:
        return h("p", "✔ No static-analysis finding.", class_="flag good")
    total = sum(len(r.findings) for r in rules)
    open_ = sum(r.open_count for r in rules)
    return join(h("p", f"{plural(total, 'finding')} of {plural(len(rules), 'rule')}, "
                       f"{open_} open, grouped by rule and CWE; rules with open findings "
                       "and the most severe first."),
                [_sast_rule(r) for r in rules])


def sast_coverage(report: Report) -> Markup:
    """Which engine parsed each analysed file: all, some (which), none."""
    view = report.coverage
    if view is None:
        return join()
    if isinstance(view, Unavailable):
        return unavailable("Static-analysis coverage", view)
    found = [h("tr", *(h("td", c) for c in row)) for row in coverage.rows(view)]
    return join(h("h3", "Coverage"), h("p", coverage.summary(view)),
                table(None, coverage.HEADERS, found) if found else join())


def _change_list(title: str, items: tuple[VulnerabilityRow, ...] | tuple[ReportedResult, ...]
                 | Unavailable, good: bool) -> Markup:
    if isinstance(items, Unavailable):
        return join(h("h3", title), h("p", items.reason, class_="note"))
    entries = [h("li", h("span", v.id, class_="mono"), f" ({v.severity}) in {v.package} "
                       f"{v.version}") if isinstance(v, VulnerabilityRow)
               else h("li", h("span", v.rule_id, class_="mono"), f" ({v.severity}) at ",
                      h("span", v.where, class_="mono"), f": {v.message}")
               for v in items]
    return join(h("h3", f"{title}: {len(items)}"),
                h("ul", entries, class_="tight") if entries else
                h("p", "none", class_="flag good" if not good else "muted"))


def _verdict_word(verdict: Verdict | None) -> str:
    return VERDICT_STYLES[verdict].word if verdict else "unknown"


def changes(c: Comparison) -> Markup:
    """What changed since the baseline; a baseline that did not verify is said first."""
    warn = None
    if not c.verification.verified:
        warn = h("p", h("strong", "✘ The baseline is NOT VERIFIED"), ": ",
                 "; ".join(f"{s.name}: {s.detail}" for s in c.verification.failed),
                 ". The changes below compare against claims that may be forged.",
                 class_="note warn")
    verdicts = h("p", "Baseline ", h("strong", c.baseline), ": verdict ",
                 h("strong", _verdict_word(c.verdict_before)), " → now ",
                 h("strong", _verdict_word(c.verdict_after)),
                 f"; {plural(len(c.better), 'task')} better, {plural(len(c.worse), 'task')} "
                 "worse.")
    task_rows = [h("tr", h("th", t.task_id, scope="row"), h("td", t.title),
                   h("td", state_chip(t.before)), h("td", state_chip(t.after)),
                   h("td", h("span", {"better": "▲ better", "worse": "▼ worse"}.get(
                       t.direction, "◆ changed"), class_={"better": "flag good",
                                                          "worse": "flag bad"}.get(
                       t.direction, "flag"))))
                 for t in sorted(c.tasks, key=lambda t: (t.direction != "worse", t.task_id))]
    return join(
        warn, verdicts,
        table("Tasks whose status changed", ("Task", "What it asks", "Before", "Now",
                                             "Change"), task_rows)
        if task_rows else h("p", "No task changed status."),
        _change_list("Vulnerabilities fixed", c.vulnerabilities_fixed, good=True),
        _change_list("New vulnerabilities", c.vulnerabilities_new, good=False),
        _change_list("Static-analysis findings added", c.findings_added, good=False),
        _change_list("Static-analysis findings removed", c.findings_removed, good=True))
