"""The HTML report: one self-contained page an auditor can open from an e-mail attachment.

No scripts, fonts, stylesheets or images are loaded from anywhere: the CSS is inline and a
Content-Security-Policy forbids every fetch, so the page behaves the same on an air-gapped
machine. Every value from the attestation goes through `h()`, which escapes text and attribute
values, so a task reason holding markup is shown as text.

The evidence sections are in `html_evidence`, the building blocks in `markup`, the
stylesheet in `html_style`.
"""

from __future__ import annotations

from dataclasses import dataclass

from margo_ssdf.report import html_evidence
from margo_ssdf.report.html_style import CSP, CSS
from margo_ssdf.report.markup import Markup, h, join, state_chip, symbol, table
from margo_ssdf.report.styles import NOT_RECORDED_SYMBOL, STATE_ORDER, STATE_STYLES, VERDICT_STYLES
from margo_ssdf.report.views import (
    STALE_DAYS,
    FrameworkView,
    GroupBlock,
    Report,
    TaskCell,
    Verification,
)
from margo_ssdf.report.wording import counts_text, plural, when


@dataclass(frozen=True)
class _Section:
    id: str
    title: str
    body: Markup


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
    label = "Task states: " + ", ".join(f"{n} {STATE_STYLES[s].label}" for s, n in counts)
    x = 0.0
    rects = []
    for state, n in counts:
        width = 1000 * n / total
        rects.append(h("rect", x=f"{x:.1f}", y="0", width=f"{width:.1f}", height="26",
                       class_=f"fill-{STATE_STYLES[state].css}"))
        x += width
    return h("svg", h("title", label, id="stack-title"), rects, class_="stack",
             viewBox="0 0 1000 26", preserveAspectRatio="none", role="img",
             aria_labelledby="stack-title")


def _verdict(report: Report) -> Markup:
    p = report.predicate
    if p is None:
        return h("p", "The attestation's compliance record could not be read; see Verification.")
    style = VERDICT_STYLES[p.verdict]
    counts = report.state_counts()
    body = [
        h("div",
          h("span", f"{style.symbol} ", style.word, class_=f"word {style.css}"),
          h("span", "under policy ", h("strong", p.policy.name), " ",
            h("code", f"sha256:{p.policy.sha256[:16]}…", title=p.policy.sha256),
            " (", report.verification.judged_with or "recorded verdict",
            "" if report.verification.verified else ", unverified", ")"),
          class_="verdict"),
        _stack(report),
        h("ul", [h("li", state_chip(s, f"{n} {STATE_STYLES[s].label}")) for s, n in counts],
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
    label = STATE_STYLES[state].label if state else "not recorded"
    mark = STATE_STYLES[state].symbol if state else NOT_RECORDED_SYMBOL
    tip = (f"{t.task_id} — {t.title}\nStatus: {label}"
           f"{' (required)' if t.required else ' (not required)'}\n{t.reason}")
    return h("li",
             symbol(mark),
             h("span", t.task_id, h("span", "" if t.required else " opt", class_="opt"),
               class_="tid"),
             h("span", label, class_="lbl"),
             class_=f"cell st-{STATE_STYLES[state].css if state else 'missing'}",
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
    return h("ul", [h("li", state_chip(s), " ",
                      h("span", STATE_STYLES[s].meaning, class_="muted"))
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
    return table("The reason behind every task's status",
                 ("Task", "What it asks", "Required", "Status", "Reason and evidence"), rows)


def _cisa(report: Report) -> Markup:
    if not report.cisa:
        return h("p", "The attestation records no CISA form sections.", class_="note")
    rows = [h("tr",
              h("th", f"{c.section_id}. {c.title}", scope="row"),
              h("td", c.eo_14028 or "—"),
              h("td", state_chip(c.state)),
              h("td", h("ul", [h("li", state_chip(st, tid, title=STATE_STYLES[st].label
                                                  if st else "not recorded"))
                               for tid, st in c.tasks], class_="chips")))
            for c in report.cisa]
    return join(
        h("p", "The attestation requirements of the CISA Secure Software Development "
               "Attestation Form, requirement 1 item by item, each with the SSDF tasks the "
               "form's Appendix References table cites for it. An item is satisfied when all "
               "of its tasks are satisfied, declared or not applicable.", class_="muted"),
        table(None, ("Requirement", "E.O. 14028", "State", "SSDF tasks cited"), rows))


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
    return join(table(None, ("Fact", "Value"), rows),
                table(f"Subjects: {plural(len(report.subjects), 'attested artifact')}",
                      ("Artifact", "Digest"), subjects))


def _policy_and_database(report: Report) -> Markup:
    p = report.predicate
    if p is None:
        return h("p", "Not available.", class_="note")
    policy = table(None, ("Policy", "Value"), [
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
        h("p", "Vulnerability database: "
               f"{db.advisories if db.advisories is not None else '?'}"
               f" advisories, last imported {when(db.last_import)}."
               + (f" Its newest advisory is more than {STALE_DAYS} days older than the audit: "
                  "vulnerabilities published since then were not looked for."
                  if db.stale else "")),
        table(None, ("Ecosystem", "Newest advisory published", "Age at the audit"), rows))


def _verification(v: Verification) -> Markup:
    rows = [h("tr", h("th", s.name, scope="row"),
              h("td", h("span", "✘ FAILED", class_="flag bad") if not s.ok
                else h("span", "• note", class_="flag warn") if s.note
                else h("span", "✔ ok", class_="flag good")),
              h("td", s.detail)) for s in v.steps]
    return join(
        h("p", "Every step of ", h("code", "margo-ssdf audit"),
          " that was run on this attestation before it was rendered."),
        table(None, ("Step", "Result", "Detail"), rows) if rows
        else h("p", "No step could run.", class_="note"))


def _framework(view: FrameworkView) -> Markup:
    rows = [h("tr", h("th", r.requirement_id, scope="row"), h("td", r.title),
              h("td", state_chip(r.state)),
              h("td", " ".join(r.tasks) if r.tasks else r.reason, title=r.reason))
            for r in view.rows]
    return join(
        h("p", f"{view.title}, judged from the same evidence through margo-ssdf's crosswalk "
               "(a requirement is satisfied when every SSDF task it maps to is): "
               f"{counts_text(view.counts())}.", class_="muted"),
        table(None, ("Requirement", "Title", "State", "SSDF tasks"), rows))


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    sections = [_Section("verdict", "Verdict", _verdict(report))]
    if report.comparison is not None:
        sections.append(_Section("changes", "Changes since the baseline",
                                 html_evidence.changes(report.comparison)))
    sections += [
        _Section("release", "Release and subjects", _release(report)),
        _Section("matrix", "SSDF matrix", _matrix(report)),
        _Section("tasks", "Tasks and reasons", _task_table(report)),
        _Section("checks", "Checks", html_evidence.checks(report)),
        _Section("vulnerabilities", "Vulnerabilities", html_evidence.vulnerabilities(report)),
        _Section("findings", "Static-analysis findings",
                 join(html_evidence.findings(report), html_evidence.sast_coverage(report))),
        _Section("configuration", "Configuration: excludes and triage",
                 html_evidence.configuration(report)),
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
             h("meta", http_equiv="Content-Security-Policy", content=CSP),
             h("meta", name="referrer", content="no-referrer"),
             h("meta", name="viewport", content="width=device-width, initial-scale=1"),
             h("title", title),
             h("style", Markup(CSS)))
    return "<!DOCTYPE html>\n" + h("html", head, body, lang="en") + "\n"
