"""`ReportFormat`: the format an -o file asks for, and the renderer each format uses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from margo_ssdf.report.formats import ReportFormat
from margo_ssdf.report.html import render_html
from margo_ssdf.report.markdown import render_markdown
from margo_ssdf.report.text import text_report
from margo_ssdf.report.views import Report, Unavailable, Verification


def test_values_are_what_format_takes() -> None:
    assert [f.value for f in ReportFormat] == ["html", "md", "text", "oscal"]


@pytest.mark.parametrize(("fmt", "output", "expected"), [
    (None, None, ReportFormat.TEXT),
    (None, Path("r.html"), ReportFormat.HTML),
    (None, Path("out/r.HTM"), ReportFormat.HTML),
    (None, Path("r.md"), ReportFormat.MARKDOWN),
    (None, Path("r.markdown"), ReportFormat.MARKDOWN),
    (None, Path("r.txt"), ReportFormat.TEXT),
    (None, Path("report"), ReportFormat.TEXT),
    (None, Path("-"), ReportFormat.TEXT),
    ("md", Path("r.html"), ReportFormat.MARKDOWN),
    ("html", None, ReportFormat.HTML),
    ("text", Path("r.md"), ReportFormat.TEXT),
    ("", Path("r.md"), ReportFormat.MARKDOWN),
])
def test_for_output_prefers_format_then_suffix_then_text(
        fmt: str | None, output: Path | None, expected: ReportFormat) -> None:
    assert ReportFormat.for_output(fmt, output) is expected


def test_for_output_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="pdf"):
        ReportFormat.for_output("pdf", None)


def test_each_format_has_its_renderer() -> None:
    assert ReportFormat.HTML.to_renderer() is render_html
    assert ReportFormat.MARKDOWN.to_renderer() is render_markdown
    assert ReportFormat.TEXT.to_renderer() is text_report


def _unreadable() -> Report:
    verification = Verification(verified=False, signer=None, steps=(),
                                content_authenticated=False,
                                checked_at=datetime(2025, 1, 2, tzinfo=UTC))
    return Report(source="x.dsse.json", verification=verification, predicate=None,
                  subjects=(), matrix=(), checks=(), vulnerabilities=Unavailable("none"),
                  sast=Unavailable("none"), cisa=(), frameworks=(), database=None,
                  problems=(), comparison=None, notes=(),
                  generated_at=datetime(2025, 1, 2, tzinfo=UTC))


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_render_is_the_renderer_applied(fmt: ReportFormat) -> None:
    report = _unreadable()
    rendered = fmt.render(report)
    assert rendered == fmt.to_renderer()(report)
    assert "NOT VERIFIED" in rendered
