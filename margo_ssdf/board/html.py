"""The board's page: one self-contained HTML file, with the report's stylesheet and rules.

Every value comes through `markup.h` (escaped), every state shows its colour, symbol and word
from `styles`, and the same Content-Security-Policy forbids every fetch. Links are relative,
so the site works from a directory, a file:// URL or GitHub Pages.
"""

from __future__ import annotations

from margo_ssdf import catalog
from margo_ssdf.board.model import Board, BoardRelease, CraRow, ProjectBoard, report_href
from margo_ssdf.report.html_style import CSP, CSS
from margo_ssdf.report.markup import Markup, h, join, state_chip, table
from margo_ssdf.report.styles import STATE_ORDER, STATE_STYLES, VERDICT_STYLES
from margo_ssdf.report.wording import plural, when

BOARD_CSS = """
.trend { font-weight: 700; white-space: nowrap; }
.trend.better { color: #00664a; }
.trend.worse { color: #8a2c00; }
.over td, .over th { white-space: nowrap; }
.over .chip { padding: 0 6px; font-size: .8rem; }
.failed { font-weight: 700; color: #8a2c00; }
.wrap { overflow-x: auto; }
"""
BETTER, WORSE = "▲", "▼"


def _verdict(r: BoardRelease) -> Markup:
    if not r.verified:
        return h("span", "✘ FAILED VERIFICATION", class_="failed", data_verdict="failed")
    if r.verdict is None:
        return h("span", "unknown", data_verdict="unknown")
    style = VERDICT_STYLES[r.verdict]
    return h("span", f"{style.symbol} {style.word}", class_=f"flag {style.css}",
             data_verdict=r.verdict.value)


def _judged(r: BoardRelease) -> Markup | None:
    """Under which policy the verdict was computed, and whose it is."""
    j = r.judged_with
    if not r.verified or j is None:
        return None
    return h("div", "under ", j.words, class_="muted", data_policy=j.sha256,
             data_chosen_by=j.chosen_by.value)


def _verification(r: BoardRelease) -> Markup:
    if r.verified:
        return join(h("span", "✔ verified", class_="flag good",
                      title=r.report.verification.signer),
                    h("span", f" (evidence from {r.evidence_source})", class_="muted")
                    if r.evidence_source else
                    h("span", " (signature only: no evidence was published beside it)",
                      class_="muted"))
    return join(h("span", "✘ failed: ", class_="failed"), r.failure or "")


def _trend(ids: tuple[str, ...], mark: str, css: str) -> Markup:
    if not ids:
        return h("span", "none", class_="muted")
    return h("span", f"{mark} ", ", ".join(ids), class_=f"trend {css}")


def _releases(board: Board, project: ProjectBoard) -> Markup:
    rows = []
    for i, step in enumerate(project.steps):
        r = step.release
        rows.append(h(
            "tr",
            h("th", r.version, scope="row"),
            h("td", when(r.made) if r.verified else "unverified"),
            h("td", _verification(r)),
            h("td", _verdict(r), _judged(r)),
            h("td", _trend(tuple(c.task_id for c in step.better), BETTER, "better")),
            h("td", _trend(tuple(c.task_id for c in step.worse), WORSE, "worse")),
            h("td", "—" if r.components is None else str(r.components), class_="num"),
            h("td", "—" if r.open_vulnerabilities is None else str(r.open_vulnerabilities),
              class_="num"),
            h("td", h("a", "full report", href=report_href(board, project, i))),
            data_release=r.version, data_verified=str(r.verified).lower(),
            data_better=" ".join(c.task_id for c in step.better),
            data_worse=" ".join(c.task_id for c in step.worse)))
    return h("div", table(f"Releases of {project.name}, oldest first (better and worse: "
                          "tasks that changed since the verified release before)",
                          ("Release", "Made", "Verification", "Verdict", "Better", "Worse",
                           "SBOM components", "Open vulnerabilities", "Report"), rows),
             class_="wrap")


def _over_time(project: ProjectBoard) -> Markup:
    changed = [({c.task_id for c in s.better}, {c.task_id for c in s.worse})
               for s in project.steps]
    rows = []
    for task in catalog.ssdf().tasks.values():
        cells = []
        for step, (better, worse) in zip(project.steps, changed, strict=True):
            r = step.release
            if not r.verified:
                cells.append(h("td", h("span", "✘ not verified", class_="failed"),
                               data_release=r.version, data_state="failed"))
                continue
            state = r.tasks.get(task.id)
            trend = ("better" if task.id in better else "worse" if task.id in worse else None)
            cells.append(h("td", state_chip(state),
                           h("span", f" {BETTER} better" if trend == "better"
                             else f" {WORSE} worse", class_=f"trend {trend}") if trend else None,
                           data_release=r.version, data_task=task.id,
                           data_state=state.value if state else "missing", data_trend=trend))
        rows.append(h("tr", h("th", task.id, scope="row", title=task.title), cells))
    return h("div", table(f"The 42 SSDF tasks of {project.name} over time",
                          ("Task", *(s.release.version for s in project.steps)), rows,
                          class_="over"), class_="wrap")


def _project(board: Board, project: ProjectBoard, number: int) -> Markup:
    latest = project.latest_verified
    head = (h("p", "Latest verified release ", h("strong", latest.version), ": ",
              _verdict(latest)) if latest else
            h("p", "No release of this project verified: nothing it claims is shown.",
              class_="note warn"))
    return h("section", h("h2", project.name, id=f"p{number}-h"), head,
             _releases(board, project), _over_time(project),
             id=f"p{number}", aria_labelledby=f"p{number}-h", data_project=project.name)


def _cra_row(rank: int, row: CraRow) -> Markup:
    late = row.days_left is not None and row.days_left < 0
    left = ("no clock" if row.days_left is None else
            f"⚠ {-row.days_left} days overdue" if late else f"{row.days_left} days")
    return h("tr",
             h("td", row.due.isoformat() if row.due else "unknown"),
             h("td", h("span", left, class_="flag bad" if late else ""), class_="num"),
             h("th", row.project, scope="row"), h("td", row.version),
             h("td", h("code", row.vuln_id)), h("td", f"{row.package} {row.package_version}"),
             h("td", row.severity.value, class_=f"sev sev-{row.severity.value}"),
             h("td", row.clock_start.isoformat() if row.clock_start else "unknown"),
             h("td", "—" if row.limit_days is None else f"{row.limit_days} days",
               class_="num"),
             h("td", ", ".join(row.fixed_versions) or "no fix yet"),
             data_cra_rank=str(rank), data_project=row.project, data_vuln=row.vuln_id)


def _cra(board: Board) -> Markup:
    intro = h("p", "Open vulnerabilities of each project's latest verified release, the fix "
                   "due first at the top. A fix is due when its CRA clock (started when the "
                   "advisory was published) reaches the project's limit; days are counted "
                   f"from {board.today.isoformat()}.", class_="muted")
    if not board.cra:
        return join(intro, h("p", "No open vulnerabilities in any verified release."))
    return join(intro, table(None, ("Fix due", "Time left", "Project", "Release",
                                    "Vulnerability", "Package", "Severity", "Clock started",
                                    "Limit", "Fixed in"),
                             [_cra_row(i + 1, r) for i, r in enumerate(board.cra)],
                             id="cra-table"))


def _legend() -> Markup:
    return h("ul", [h("li", state_chip(s), " ", h("span", STATE_STYLES[s].meaning,
                                                    class_="muted")) for s in STATE_ORDER]
             + [h("li", h("span", f"{BETTER} better", class_="trend better"), " / ",
                  h("span", f"{WORSE} worse", class_="trend worse"),
                  h("span", " the task's state against the verified release before",
                    class_="muted"))],
             class_="legend", aria_label="Legend")


def _summary(board: Board) -> Markup:
    releases = board.releases
    failed = sum(not r.verified for r in releases)
    return h("p", f"{plural(len(board.projects), 'project')}, "
                  f"{plural(len(releases), 'release')}: {len(releases) - failed} verified, ",
             h("span", f"{failed} failed verification", class_="failed" if failed else None),
             f"; {plural(len(board.cra), 'open vulnerability', 'open vulnerabilities')}. "
             f"Built {when(board.generated_at)}.", class_="meta", id="summary")


def render_board(board: Board) -> str:
    """The board as one HTML document."""
    sections = [(f"p{i + 1}", p.name) for i, p in enumerate(board.projects)]
    sections += [("cra", "CRA clock across projects"), ("legend", "Legend")]
    body = h("body",
             h("header", h("h1", "SSDF board"), _summary(board)),
             h("nav", h("ul", [h("li", h("a", title, href=f"#{sid}")) for sid, title in
                               sections]), aria_label="Contents"),
             h("main",
               [_project(board, p, i + 1) for i, p in enumerate(board.projects)],
               h("section", h("h2", "CRA clock across projects", id="cra-h"), _cra(board),
                 id="cra", aria_labelledby="cra-h"),
               h("section", h("h2", "Legend", id="legend-h"), _legend(), id="legend",
                 aria_labelledby="legend-h")),
             h("footer", h("p", "Every release was verified with its project's pinned signer "
                                "before it was shown; one that failed shows why, never what "
                                "it claims. This page loads nothing from the network.")))
    head = h("head", h("meta", charset="utf-8"),
             h("meta", http_equiv="Content-Security-Policy", content=CSP),
             h("meta", name="referrer", content="no-referrer"),
             h("meta", name="viewport", content="width=device-width, initial-scale=1"),
             h("title", "SSDF board"), h("style", Markup(CSS + BOARD_CSS)))
    return "<!DOCTYPE html>\n" + h("html", head, body, lang="en") + "\n"
