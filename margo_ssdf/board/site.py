"""Write the board's site: index.html, index.json and each release's full report, all or
nothing (the directory is staged and swapped in whole, as `attest --out` is)."""

from __future__ import annotations

import json
from pathlib import Path

from margo_ssdf.board.html import render_board
from margo_ssdf.board.index import index_json
from margo_ssdf.board.model import Board, report_href
from margo_ssdf.files import write_atomic
from margo_ssdf.flow import staged_output
from margo_ssdf.report.html import render_html


def write_site(board: Board, out: Path) -> list[str]:
    """Replace `out` with the site; the relative paths written, page first.

    Raises OutputError when `out` is not ours to replace or cannot be written.
    """
    written = ["index.html", "index.json"]
    with staged_output(out) as staging:
        write_atomic(staging / "index.html", render_board(board).encode("utf-8"))
        write_atomic(staging / "index.json",
                     (json.dumps(index_json(board), indent=2) + "\n").encode("utf-8"))
        for project in board.projects:
            for i, step in enumerate(project.steps):
                href = report_href(board, project, i)
                write_atomic(staging / href, render_html(step.release.report).encode("utf-8"),
                             within=staging)
                written.append(href)
        # GitHub Pages would otherwise run Jekyll over the site.
        write_atomic(staging / ".nojekyll", b"")
    return written
