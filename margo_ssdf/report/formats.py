"""The report's output formats, and which one an `-o` file name asks for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from margo_ssdf.report.views import Report


class ReportFormat(StrEnum):
    """A format `margo-ssdf report` writes; the value is what `--format` takes."""

    HTML = "html"
    """One self-contained page."""
    MARKDOWN = "md"
    """Compact, for a job summary or release notes."""
    TEXT = "text"
    """The terminal view as plain text."""
    OSCAL = "oscal"
    """OSCAL assessment results (JSON) for GRC tools; never chosen by a file suffix."""

    @classmethod
    def for_output(cls, fmt: str | None, output: Path | None) -> ReportFormat:
        """`fmt` when given, else the format the output file's suffix names, else text.

        Raises ValueError for a `fmt` that is not a format's value.
        """
        if fmt:
            return cls(fmt)
        if output is not None:
            return _SUFFIX_FORMAT.get(output.suffix.lower(), cls.TEXT)
        return cls.TEXT

    def to_renderer(self) -> Callable[[Report], str]:
        """The function that renders a report in this format."""
        # Imported here so that only the chosen format's module is loaded.
        match self:
            case ReportFormat.HTML:
                from margo_ssdf.report.html import render_html

                return render_html
            case ReportFormat.MARKDOWN:
                from margo_ssdf.report.markdown import render_markdown

                return render_markdown
            case ReportFormat.TEXT:
                from margo_ssdf.report.text import text_report

                return text_report
            case ReportFormat.OSCAL:
                from margo_ssdf.oscal.results import render_results

                return render_results
            case _:
                assert_never(self)

    def render(self, report: Report) -> str:
        """The report in this format."""
        return self.to_renderer()(report)


_SUFFIX_FORMAT: Mapping[str, ReportFormat] = {
    ".html": ReportFormat.HTML, ".htm": ReportFormat.HTML,
    ".md": ReportFormat.MARKDOWN, ".markdown": ReportFormat.MARKDOWN,
}
