"""The CISA form in every report format: items 1(a) to 1(f), 2, 3, 4, and older attestations."""

from __future__ import annotations

from pathlib import Path

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.frameworks import cisa_form_items
from margo_ssdf.models import TaskState
from margo_ssdf.report.build import build_report
from margo_ssdf.report.html import render_html
from margo_ssdf.report.markdown import md, render_markdown
from margo_ssdf.report.styles import STATE_STYLES
from margo_ssdf.report.text import text_report
from margo_ssdf.report.views import Report
from tests.report.conftest import Releases, resign

ITEMS = ["1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)", "2", "3", "4"]
_HELD = {TaskState.SATISFIED, TaskState.DECLARED, TaskState.NOT_APPLICABLE}


def report_of(releases: Releases, attestation: Path | None = None,
              evidence: Path | None = None) -> Report:
    return build_report(attestation or releases.new.signed, trust=PublicKeySigner(releases.pub),
                        evidence_dir=evidence or releases.new.out)


def test_every_item_shows_its_eo_subsection_state_and_task_states(releases: Releases) -> None:
    report = report_of(releases)
    tasks = {t["task_id"]: TaskState(t["state"]) for t in releases.new.predicate["tasks"]}
    assert [c.section_id for c in report.cisa] == ITEMS
    for row, item in zip(report.cisa, cisa_form_items(), strict=True):
        assert row.eo_14028 == item.eo_14028 and row.title == item.title
        assert row.tasks == tuple((t, tasks[t]) for t in item.tasks)
        held = [tasks[t] in _HELD for t in item.tasks]
        assert row.state is (TaskState.SATISFIED if all(held) else TaskState.NOT_SATISFIED
                             if not any(held) else TaskState.PARTIALLY_SATISFIED), row
    assert not [n for n in report.notes if "CISA" in n]


def test_html_markdown_and_text_show_each_item_with_its_state(releases: Releases) -> None:
    report = report_of(releases)
    page, markdown = render_html(report), render_markdown(report)
    text = text_report(report, width=400)
    cisa_html = page[page.index('<section id="cisa"'):]
    cisa_html = cisa_html[:cisa_html.index("</section>")]
    for row in report.cisa:
        label = STATE_STYLES[row.state].label
        heading = f"{row.section_id}. {row.title}"
        html_row = cisa_html[cisa_html.index(f">{heading}</th>"):]
        html_row = html_row[:html_row.index("</tr>")]
        assert f"<td>{row.eo_14028 or '—'}</td>" in html_row and f">{label}</span>" in html_row
        assert all(f">{tid}</span>" in html_row for tid, _ in row.tasks)
        md_row = next(line for line in markdown.splitlines()
                      if line.startswith(f"| {md(row.section_id)}. "))
        assert f"| {md(row.eo_14028 or '—')} |" in md_row
        assert f"| {STATE_STYLES[row.state].symbol} {label} |" in md_row
        assert all(f"&nbsp;{tid}" in md_row for tid, _ in row.tasks)
        text_line = next(line for line in text.splitlines() if f" {heading} " in line)
        assert (row.eo_14028 or "—") in text_line and label in text_line
        assert all(tid in text_line for tid, _ in row.tasks)


def test_an_attestation_with_the_older_four_statements_still_renders(
        releases: Releases, tmp_path: Path) -> None:
    stmt = releases.new.statement()
    stmt["predicate"]["cisa_form"] = [
        {"id": "1", "title": "Software developed and built in secure environments",
         "tasks": ["PO.3.2", "PO.5.1", "PO.5.2", "PS.1.1"], "state": "partially_satisfied"},
        {"id": "4", "title": "Automated tools check for vulnerabilities",
         "tasks": ["PO.4.1", "RV.3.4"], "state": "satisfied"}]
    signed = resign(releases, stmt, tmp_path / "older.dsse.json")
    report = report_of(releases, signed, tmp_path / "evidence")
    assert report.verification.verified, report.verification.failed
    assert [(c.section_id, c.eo_14028) for c in report.cisa] == [("1", None), ("4", None)]
    note = next(n for n in report.notes if "CISA" in n)
    assert "shown as signed (items 1, 4)" in note and "cisa-form.yaml" in note
    page = render_html(report)
    assert "<th scope=\"row\">1. Software developed and built in secure environments</th>" in page
    assert "It differs from this margo-ssdf" in page[page.index('<section id="notes"'):]
    assert f"Note: {note}" in text_report(report, width=400)
    assert "| 1. Software developed and built in secure environments | — |" in \
        render_markdown(report)
