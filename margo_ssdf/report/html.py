"""The HTML report: one self-contained page an auditor can open from an e-mail attachment.

No scripts, fonts, stylesheets or images are loaded from anywhere: the CSS is inline and a
Content-Security-Policy forbids every fetch, so the page behaves the same on an air-gapped
machine. Every value from the attestation goes through `h()`, which escapes text and attribute
values, so a task reason holding markup is shown as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from margo_ssdf.models import TaskState
from margo_ssdf.report.render import (
    STALE_DAYS,
    STATE_LABEL,
    STATE_MEANING,
    STATE_ORDER,
    STATE_SYMBOL,
    VERDICT_WORDS,
    Comparison,
    FrameworkView,
    GroupBlock,
    Report,
    SastFinding,
    SastRule,
    TaskCell,
    Unavailable,
    Verification,
    Vulnerability,
    clean,
    counts_text,
    plural,
    when,
)


class Markup(str):
    """HTML that is already safe: written by us, or escaped by `h`."""

    __slots__ = ()


_VOID = frozenset({"meta", "br", "hr", "img", "wbr"})


def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def h(tag: str, *children: object, **attrs: object) -> Markup:
    """An element. Text children and attribute values are escaped; Markup children are not.

    Children may be nested lists or generators; None and False are left out. An attribute
    whose value is None or False is left out, True writes it bare.
    """
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {_attr_name(name)}")
        else:
            parts.append(f' {_attr_name(name)}="{html.escape(clean(value), quote=True)}"')
    parts.append(">")
    if tag in _VOID:
        return Markup("".join(parts))
    parts.extend(_children(children))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def _children(children: Iterable[object]) -> Iterable[str]:
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, Markup):
            yield child
        elif isinstance(child, str | int | float):
            yield html.escape(clean(child), quote=False)
        elif isinstance(child, Iterable):
            yield from _children(child)
        else:
            yield html.escape(clean(child), quote=False)


def join(*parts: object) -> Markup:
    """Several children as one piece of Markup (text parts escaped)."""
    return Markup("".join(_children(parts)))


_STATE_CLASS: Mapping[TaskState, str] = {s: "st-" + s.value.replace("_", "-") for s in TaskState}
_VERDICT_CLASS = {"compliant": "good", "not_compliant": "bad", "incomplete": "unknown"}
_OUTCOME_SYMBOL = {"pass": "✔", "fail": "✘", "error": "?", "skipped": "-"}

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency; every
# status also carries a symbol and a word, so colour is never the only signal.
_CSS = """
:root {
  --ok: #009E73; --ok-tint: #c4eadf; --decl: #56B4E9; --decl-tint: #d5ecfa;
  --na: #999999; --na-tint: #ededed; --part: #F0E442; --part-tint: #fbf7cc;
  --bad: #D55E00; --bad-tint: #f6d3b8; --unk: #CC79A7; --unk-tint: #f3dcea;
  --ink: #1a1a1a; --muted: #555; --rule: #c9c9c9; --paper: #fff; --band: #f5f5f3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.45;
  font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header, nav, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
h1 { font-size: 1.6rem; margin: 18px 0 4px; }
h2 { font-size: 1.25rem; margin: 0 0 12px; padding-bottom: 4px;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.02rem; margin: 18px 0 8px; }
section { margin: 26px 0; break-inside: auto; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: .86em; }
.digest { word-break: break-all; }
.muted { color: var(--muted); }
.meta { color: var(--muted); margin: 0 0 8px; }
a { color: #0057a3; }
.banner { margin: 14px 0 0; padding: 14px 22px; color: #fff; border-radius: 6px; }
.banner p { margin: 4px 0; }
.banner .title { font-size: 1.7rem; font-weight: 800; letter-spacing: .02em; margin: 0; }
.banner.good { background: #00664a; }
.banner.bad { background: #a63a00; border-top: 10px solid #1a1a1a;
  border-bottom: 10px solid #1a1a1a;
  background-image: repeating-linear-gradient(135deg, #a63a00 0 22px, #973400 22px 44px); }
.banner.bad .title { font-size: 2.1rem; }
.banner ul { margin: 6px 0 0; padding-left: 22px; }
.banner code { color: #fff; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 0;
  margin: 0; border-bottom: 1px solid var(--rule); }
.verdict { display: flex; flex-wrap: wrap; gap: 18px; align-items: center; }
.verdict .word { font-size: 2rem; font-weight: 800; padding: 6px 16px; border-radius: 6px;
  border: 3px solid var(--ink); }
.verdict .word.good { background: var(--ok-tint); border-color: var(--ok); }
.verdict .word.bad { background: var(--bad-tint); border-color: var(--bad); }
.verdict .word.unknown { background: var(--unk-tint); border-color: var(--unk); }
.stack { width: 100%; height: 26px; display: block; margin: 10px 0 4px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 6px 0; list-style: none; }
.chip { display: inline-flex; gap: 6px; align-items: center; padding: 2px 9px;
  border-radius: 12px; border: 1px solid var(--rule); white-space: nowrap; }
.sym { display: inline-block; min-width: 1.35em; height: 1.35em; line-height: 1.35em;
  text-align: center; border-radius: 50%; font-weight: 700; color: #000; }
.st-satisfied { background: var(--ok-tint); border-color: var(--ok); }
.st-satisfied .sym, .fill-satisfied { background: var(--ok); fill: var(--ok); }
.st-declared { background: var(--decl-tint); border-color: var(--decl); }
.st-declared .sym, .fill-declared { background: var(--decl); fill: var(--decl); }
.st-not-applicable { background: var(--na-tint); border-color: var(--na); }
.st-not-applicable .sym, .fill-not-applicable { background: var(--na); fill: var(--na); }
.st-partially-satisfied { background: var(--part-tint); border-color: #b8a900; }
.st-partially-satisfied .sym, .fill-partially-satisfied { background: var(--part);
  fill: var(--part); }
.st-not-satisfied { background: var(--bad-tint); border-color: var(--bad); }
.st-not-satisfied .sym, .fill-not-satisfied { background: var(--bad); fill: var(--bad); }
.st-not-assessed { background: var(--unk-tint); border-color: var(--unk); }
.st-not-assessed .sym, .fill-not-assessed { background: var(--unk); fill: var(--unk); }
.st-missing { background: #fff; border: 2px dashed var(--ink); }
.matrix { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 14px; }
.group { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px 10px;
  background: var(--band); break-inside: avoid; }
.group h3 { margin: 2px 0 6px; }
.practice { margin: 6px 0 2px; font-size: .8rem; color: var(--muted); }
.cells { list-style: none; padding: 0; margin: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 5px; }
.cell { border: 1px solid; border-left-width: 6px; border-radius: 4px; padding: 3px 6px;
  font-size: .82rem; display: grid; grid-template-columns: auto 1fr; column-gap: 6px;
  align-items: center; break-inside: avoid; }
.cell .sym { grid-row: span 2; }
.cell .tid { font-weight: 700; }
.cell .lbl { font-size: .74rem; }
.opt { font-weight: 400; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 12px 0 0; padding: 0;
  list-style: none; font-size: .86rem; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .88rem; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; text-align: left; vertical-align: top; }
thead th { background: #e6e6e2; }
tbody tr:nth-child(even) { background: #fafaf8; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .78rem; white-space: nowrap; }
.sev-critical, .sev-high { color: #8a2c00; }
.flag { font-weight: 700; }
.flag.bad { color: #8a2c00; }
.flag.good { color: #00664a; }
.note { border-left: 5px solid var(--unk); background: var(--unk-tint); padding: 6px 10px;
  margin: 8px 0; }
.note.warn { border-color: var(--bad); background: var(--bad-tint); }
ul.tight { margin: 4px 0; padding-left: 20px; }
footer { color: var(--muted); font-size: .82rem; border-top: 1px solid var(--rule);
  padding-top: 8px; margin-top: 30px; margin-bottom: 30px; }
@media (max-width: 1100px) { .matrix { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 640px) { .matrix { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10pt; }
  header, nav, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  .banner { margin: 0; }
  section { margin: 14px 0; }
  h2 { break-after: avoid; }
  .matrix { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  a { color: inherit; text-decoration: none; }
  table { font-size: 8.5pt; }
}
"""

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'")


@dataclass(frozen=True)
class _Section:
    id: str
    title: str
    body: Markup


def _sym(symbol: str) -> Markup:
    return h("span", symbol, class_="sym", aria_hidden="true")


def state_chip(state: TaskState | None, text: str | None = None, title: str | None = None
               ) -> Markup:
    """A status with its colour, symbol and word."""
    if state is None:
        return h("span", _sym("!"), text or "not recorded", class_="chip st-missing",
                 title=title)
    return h("span", _sym(STATE_SYMBOL[state]), text or STATE_LABEL[state],
             class_=f"chip {_STATE_CLASS[state]}", title=title)


def _banner(report: Report) -> Markup:
    v = report.verification
    p = report.predicate
    made = when(p.finished_on) if p else "unknown"
    if v.verified:
        return h("div",
                 h("p", "✔ VERIFIED", class_="title"),
                 h("p", "Signed by ", h("strong", v.signer or "unknown"),
                   f"; attestation made {made}; verified {when(v.checked_at)} "
                   f"by {report.generator} (all {plural(len(v.steps), 'audit step')} held)."),
                 class_="banner good", id="verification-banner")
    if not v.content_authenticated:
        trust = ("The signature did not verify, so everything below is what the file "
                 "claims, not what its maker signed: it may have been forged."
                 if p else "Nothing in the file could be read as a compliance attestation.")
    else:
        trust = ("The signature holds, but the attestation does not: the failures below "
                 "mean its claims must not be relied on.")
    return h("div",
             h("p", "✘ NOT VERIFIED", class_="title"),
             h("p", h("strong", trust)),
             h("p", f"Signer: {v.signer or 'not verified'}; checked {when(v.checked_at)} by "
                    f"{report.generator}. Failed:"),
             h("ul", [h("li", h("strong", s.name), ": ", s.detail) for s in v.failed]),
             class_="banner bad", id="verification-banner", role="alert")


def _stack(report: Report) -> Markup:
    counts = report.state_counts()
    total = sum(n for _, n in counts) or 1
    label = "Task states: " + ", ".join(f"{n} {STATE_LABEL[s]}" for s, n in counts)
    x = 0.0
    rects = []
    for state, n in counts:
        width = 1000 * n / total
        rects.append(h("rect", x=f"{x:.1f}", y="0", width=f"{width:.1f}", height="26",
                       class_=f"fill-{_STATE_CLASS[state][3:]}"))
        x += width
    return h("svg", h("title", label, id="stack-title"), rects, class_="stack",
             viewBox="0 0 1000 26", preserveAspectRatio="none", role="img",
             aria_labelledby="stack-title")


def _verdict(report: Report) -> Markup:
    p = report.predicate
    if p is None:
        return h("p", "The attestation's compliance record could not be read; see Verification.")
    word = VERDICT_WORDS[p.verdict]
    counts = report.state_counts()
    body = [
        h("div",
          h("span", "✔ " if word == "COMPLIANT" else "✘ " if word == "NOT COMPLIANT" else "? ",
            word, class_=f"word {_VERDICT_CLASS[p.verdict.value]}"),
          h("span", "under policy ", h("strong", p.policy.name), " ",
            h("code", f"sha256:{p.policy.sha256[:16]}…", title=p.policy.sha256),
            " (recorded verdict", "" if report.verification.verified else ", unverified", ")"),
          class_="verdict"),
        _stack(report),
        h("ul", [h("li", state_chip(s, f"{n} {STATE_LABEL[s]}")) for s, n in counts],
          class_="chips", aria_label="Tasks by state"),
    ]
    if p.reasons:
        body.append(h("h3", "Why it is not compliant"))
        body.append(h("ul", [h("li", r) for r in p.reasons], class_="tight"))
    others = [pr for pr in report.problems if pr.kind not in ("task", "verification")]
    if others:
        body.append(h("h3", "Other problems to look at first"))
        body.append(h("ul", [h("li", h("strong", pr.kind), ": ", pr.text) for pr in others[:12]],
                      class_="tight"))
    return join(body)


def _cell(t: TaskCell) -> Markup:
    state = t.state
    label = STATE_LABEL[state] if state else "not recorded"
    tip = (f"{t.task_id} — {t.title}\nStatus: {label}"
           f"{' (required)' if t.required else ' (not required)'}\n{t.reason}")
    return h("li",
             _sym(STATE_SYMBOL[state] if state else "!"),
             h("span", t.task_id, h("span", "" if t.required else " opt", class_="opt"),
               class_="tid"),
             h("span", label, class_="lbl"),
             class_=f"cell {_STATE_CLASS[state] if state else 'st-missing'}",
             title=tip, data_task=t.task_id, data_state=state.value if state else "missing")


def _group(g: GroupBlock) -> Markup:
    return h("div",
             h("h3", f"{g.group_id} — {g.title}", id=f"group-{g.group_id}"),
             [join(h("p", h("strong", p.practice_id), " ", p.title, class_="practice"),
                   h("ul", [_cell(t) for t in p.tasks], class_="cells",
                     aria_label=f"Tasks of {p.practice_id}"))
              for p in g.practices],
             class_="group", role="group", aria_labelledby=f"group-{g.group_id}")


def _legend() -> Markup:
    return h("ul", [h("li", state_chip(s), " ", h("span", STATE_MEANING[s], class_="muted"))
                    for s in STATE_ORDER]
             + [h("li", h("span", "opt", class_="opt"), " ",
                      h("span", "the policy does not require the task", class_="muted"))],
             class_="legend", aria_label="Legend")


def _matrix(report: Report) -> Markup:
    return join(
        h("p", "All 42 tasks of SSDF v1.1 by practice group. Hover over a task for its "
               "title and the reason for its status; the table below lists them too.",
          class_="muted"),
        h("div", [_group(g) for g in report.matrix], class_="matrix"),
        _legend())


def _task_table(report: Report) -> Markup:
    rows = []
    for g in report.matrix:
        for t in g.tasks:
            doc = (join(" ", h("code", f"sha256:{t.document.sha256[:12]}…",
                               title=t.document.sha256)) if t.document else "")
            rows.append(h("tr",
                          h("th", t.task_id, scope="row"),
                          h("td", t.title),
                          h("td", "yes" if t.required else "no"),
                          h("td", state_chip(t.state)),
                          h("td", t.reason, doc)))
    return _table("The reason behind every task's status",
                  ("Task", "What it asks", "Required", "Status", "Reason and evidence"), rows)


def _table(caption: str | None, headers: Iterable[str], rows: Iterable[Markup],
           **attrs: object) -> Markup:
    return h("table",
             h("caption", caption) if caption else None,
             h("thead", h("tr", [h("th", c, scope="col") for c in headers])),
             h("tbody", list(rows)), **attrs)


def _unavailable(what: str, u: Unavailable) -> Markup:
    return h("p", f"{what} not shown: {u.reason}.", class_="note")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


def _checks(report: Report) -> Markup:
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
                      h("td", h("span", _OUTCOME_SYMBOL.get(c.outcome, "?"), " ", c.outcome,
                                class_=f"flag {'good' if c.outcome == 'pass' else 'bad'}"
                                if c.outcome in ("pass", "fail", "error") else "flag"),
                        " (cached)" if c.cached else ""),
                      h("td", counts_text(c.counts)),
                      h("td", f"{c.seconds:.1f} s", class_="num"),
                      h("td", c.reason or "—", h("br"), h("span", "tasks: ", " ".join(c.tasks),
                                                           class_="muted")),
                      h("td", evidence)))
    return _table(None, ("Check", "Tool", "Outcome", "Open findings", "Time", "Reason",
                         "Evidence files"), rows)


def _evidence_flag(status: str) -> Markup:
    if status == "verified":
        return h("span", "✔ digest matches", class_="flag good")
    if status == "not checked":
        return h("span", "(not checked: no --evidence-dir)", class_="muted")
    return h("span", f"✘ {status}", class_="flag bad")


def _clock(v: Vulnerability) -> Markup:
    if not v.open:
        return h("span", "✔ closed by VEX", class_="flag good")
    if v.days_left is None:
        return h("span", "open (no CRA clock)", class_="muted")
    if v.days_left < 0:
        return h("span", f"✘ overdue by {-v.days_left} days", class_="flag bad")
    return h("span", f"{v.days_left} days left", class_="flag")


def _vulnerabilities(report: Report) -> Markup:
    vulns = report.vulnerabilities
    if isinstance(vulns, Unavailable):
        return _unavailable("Vulnerabilities", vulns)
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
        _table(None, ("Id", "Severity", "Package", "Fixed in", "VEX", "CRA clock",
                      "Days open / limit", "Summary"), rows))


def _finding_status(f: SastFinding) -> Markup:
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
                _table(None, ("Where", "Severity", "Message", "Status", "Fingerprint"), rows))


def _sast(report: Report) -> Markup:
    rules = report.sast
    if isinstance(rules, Unavailable):
        return _unavailable("Static-analysis findings", rules)
    if not rules:
        return h("p", "✔ No static-analysis finding.", class_="flag good")
    total = sum(len(r.findings) for r in rules)
    open_ = sum(r.open_count for r in rules)
    return join(h("p", f"{plural(total, 'finding')} of {plural(len(rules), 'rule')}, "
                       f"{open_} open, grouped by rule and CWE; rules with open findings "
                       "and the most severe first."),
                [_sast_rule(r) for r in rules])


def _cisa(report: Report) -> Markup:
    if not report.cisa:
        return h("p", "The attestation records no CISA form sections.", class_="note")
    rows = [h("tr",
              h("th", f"{c.section_id}. {c.title}", scope="row"),
              h("td", state_chip(c.state)),
              h("td", h("ul", [h("li", state_chip(st, tid, title=STATE_LABEL[st]
                                                  if st else "not recorded"))
                               for tid, st in c.tasks], class_="chips")))
            for c in report.cisa]
    return join(
        h("p", "The attestation statements of the CISA Secure Software Development "
               "Attestation Form, each with the SSDF tasks behind it. A statement is satisfied "
               "when all of its tasks are satisfied, declared or not applicable.",
          class_="muted"),
        _table(None, ("Statement", "State", "SSDF tasks behind it"), rows))


def _release(report: Report) -> Markup:
    p = report.predicate
    if p is None:
        return h("p", "The release could not be read.", class_="note")
    r = p.release
    facts = [("Release", join(r.name, " ", r.version or "")),
             ("Commit", h("code", r.commit or "unknown", class_="digest")),
             ("Repository", r.repository or "not recorded"),
             ("Checks ran", f"{when(p.started_on)} to {when(p.finished_on)}"),
             ("Made by", f"{p.generator.name} {p.generator.version}")]
    rows = [h("tr", h("th", k, scope="row"), h("td", v)) for k, v in facts]
    subjects = [h("tr", h("th", s.name, scope="row"),
                  h("td", [join(h("span", alg, class_="muted"), " ",
                                h("code", hexd, class_="digest"), h("br"))
                           for alg, hexd in s.digests]))
                for s in report.subjects]
    return join(_table(None, ("Fact", "Value"), rows),
                _table(f"Subjects: {plural(len(report.subjects), 'attested artifact')}",
                       ("Artifact", "Digest"), subjects))


def _policy_and_database(report: Report) -> Markup:
    p = report.predicate
    if p is None:
        return h("p", "Not available.", class_="note")
    policy = _table(None, ("Policy", "Value"), [
        h("tr", h("th", "Name", scope="row"), h("td", p.policy.name)),
        h("tr", h("th", "sha256", scope="row"), h("td", h("code", p.policy.sha256,
                                                          class_="digest"))),
        h("tr", h("th", "Sources", scope="row"),
          h("td", ", ".join(p.policy.sources) or "the bundled default")),
    ])
    db = report.database
    if db is None:
        return join(policy, h("p", "No vulnerability database was used (deps.audit did not "
                                   "run).", class_="note"))
    rows = [h("tr", h("th", eco, scope="row"), h("td", when(newest) if newest else "none"),
              h("td", h("span", f"{age} days" if age is not None else "unknown",
                        " ⚠ stale" if age is not None and age > STALE_DAYS else "",
                        class_="flag bad" if age is not None and age > STALE_DAYS else ""),
                class_="num"))
            for eco, newest, age in db.ecosystems]
    return join(
        policy,
        h("p", f"Vulnerability database: {db.advisories if db.advisories is not None else '?'}"
               f" advisories, last imported {when(db.last_import)}."
               + (f" Its newest advisory is more than {STALE_DAYS} days older than the audit: "
                  "vulnerabilities published since then were not looked for."
                  if db.stale else "")),
        _table(None, ("Ecosystem", "Newest advisory published", "Age at the audit"), rows))


def _verification(v: Verification) -> Markup:
    rows = [h("tr", h("th", s.name, scope="row"),
              h("td", h("span", "✔ ok", class_="flag good") if s.ok
                else h("span", "✘ FAILED", class_="flag bad")),
              h("td", s.detail)) for s in v.steps]
    return join(
        h("p", "Every step of ", h("code", "margo-ssdf audit"),
          " that was run on this attestation before it was rendered."),
        _table(None, ("Step", "Result", "Detail"), rows) if rows
        else h("p", "No step could run.", class_="note"))


def _change_list(title: str, items: tuple[Vulnerability, ...] | tuple[SastFinding, ...]
                 | Unavailable, good: bool) -> Markup:
    if isinstance(items, Unavailable):
        return join(h("h3", title), h("p", items.reason, class_="note"))
    entries = [h("li", h("span", v.id, class_="mono"), f" ({v.severity}) in {v.package} "
                       f"{v.version}") if isinstance(v, Vulnerability)
               else h("li", h("span", v.rule_id, class_="mono"), f" ({v.severity}) at ",
                      h("span", v.where, class_="mono"), f": {v.message}")
               for v in items]
    return join(h("h3", f"{title}: {len(items)}"),
                h("ul", entries, class_="tight") if entries else
                h("p", "none", class_="flag good" if not good else "muted"))


def _comparison(c: Comparison) -> Markup:
    warn = None
    if not c.verification.verified:
        warn = h("p", h("strong", "✘ The baseline is NOT VERIFIED"), ": ",
                 "; ".join(f"{s.name}: {s.detail}" for s in c.verification.failed),
                 ". The changes below compare against claims that may be forged.",
                 class_="note warn")
    verdicts = h("p", "Baseline ", h("strong", c.baseline), ": verdict ",
                 h("strong", VERDICT_WORDS[c.verdict_before] if c.verdict_before else "unknown"),
                 " → now ",
                 h("strong", VERDICT_WORDS[c.verdict_after] if c.verdict_after else "unknown"),
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
        _table("Tasks whose status changed", ("Task", "What it asks", "Before", "Now",
                                              "Change"), task_rows)
        if task_rows else h("p", "No task changed status."),
        _change_list("Vulnerabilities fixed", c.vulnerabilities_fixed, good=True),
        _change_list("New vulnerabilities", c.vulnerabilities_new, good=False),
        _change_list("Static-analysis findings added", c.findings_added, good=False),
        _change_list("Static-analysis findings removed", c.findings_removed, good=True))


def _framework(view: FrameworkView) -> Markup:
    rows = [h("tr", h("th", r.requirement_id, scope="row"), h("td", r.title),
              h("td", state_chip(r.state)),
              h("td", " ".join(r.tasks) if r.tasks else r.reason, title=r.reason))
            for r in view.rows]
    return join(
        h("p", f"{view.title}, judged from the same evidence through margo-ssdf's crosswalk "
               "(a requirement is satisfied when every SSDF task it maps to is): "
               f"{counts_text(view.counts())}.", class_="muted"),
        _table(None, ("Requirement", "Title", "State", "SSDF tasks"), rows))


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    sections = [_Section("verdict", "Verdict", _verdict(report))]
    if report.comparison is not None:
        sections.append(_Section("changes", "Changes since the baseline",
                                 _comparison(report.comparison)))
    sections += [
        _Section("release", "Release and subjects", _release(report)),
        _Section("matrix", "SSDF matrix", _matrix(report)),
        _Section("tasks", "Tasks and reasons", _task_table(report)),
        _Section("checks", "Checks", _checks(report)),
        _Section("vulnerabilities", "Vulnerabilities", _vulnerabilities(report)),
        _Section("findings", "Static-analysis findings", _sast(report)),
        _Section("cisa", "CISA attestation form", _cisa(report)),
        *[_Section(f"framework-{v.name}", v.title, _framework(v)) for v in report.frameworks],
        _Section("policy", "Policy and vulnerability database", _policy_and_database(report)),
        _Section("verification", "Verification", _verification(report.verification)),
    ]
    if report.notes:
        sections.append(_Section("notes", "Notes", h("ul", [h("li", n) for n in report.notes])))
    title = f"{report.headline} — SSDF report"
    body = h("body",
             h("header",
               _banner(report),
               h("h1", "SSDF compliance report: ", report.release_label),
               h("p", f"Attestation {report.source}; report generated "
                      f"{when(report.generated_at)} by {report.generator}.", class_="meta")),
             h("nav", h("ul", [h("li", h("a", s.title, href=f"#{s.id}")) for s in sections]),
               aria_label="Contents"),
             h("main", [h("section", h("h2", s.title, id=f"{s.id}-h"), s.body, id=s.id,
                          aria_labelledby=f"{s.id}-h") for s in sections]),
             h("footer", h("p", f"{report.generator} — NIST SP 800-218 v1.1 (SSDF). This page "
                                "loads nothing from the network; every value shown comes "
                                "from the attestation and its digest-checked evidence.")))
    head = h("head",
             h("meta", charset="utf-8"),
             h("meta", http_equiv="Content-Security-Policy", content=_CSP),
             h("meta", name="referrer", content="no-referrer"),
             h("meta", name="viewport", content="width=device-width, initial-scale=1"),
             h("title", title),
             h("style", Markup(_CSS)))
    return "<!DOCTYPE html>\n" + h("html", head, body, lang="en") + "\n"
