"""The board in headless Chromium with the network cut off: trends, the cross-project CRA
list, the tampered release shown as failed, and nothing fetched."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.board.conftest import Fleet
from tests.report.test_chromium import CHROMIUM, _chromium, _png_pixels, visit

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian's chromium package (.ci/run does) "
           "to render the board in a real browser")


class _Marked(HTMLParser):
    """Every element carrying one of the board's data- attributes, with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "br"):
            return
        self._open.append((tag, dict(attrs), []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, attrs, text = self._open.pop()
            if any(k.startswith("data-") for k in attrs):
                self.rows.append({**attrs, "tag": name, "text": " ".join("".join(text).split())})
            if name == tag:
                return


@pytest.fixture(scope="module")
def seen(site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[
        str, str | None]]]:
    page = visit(site / "index.html", tmp_path_factory.mktemp("chromium"))
    assert page.page_requests == [] and page.console == []
    parsed = _Marked()
    parsed.feed(page.dom)
    return page.dom, parsed.rows


def _release_row(rows: list[dict[str, str | None]], version: str) -> dict[str, str | None]:
    return next(r for r in rows if r["tag"] == "tr" and r.get("data-release") == version)


def test_tampered_release_shows_failed_not_its_claimed_verdict(seen: tuple[str, list[dict[
        str, str | None]]]) -> None:
    _, rows = seen
    tampered = _release_row(rows, "1.2.0")
    assert tampered["data-verified"] == "false"
    text = tampered["text"] or ""
    assert "FAILED VERIFICATION" in text and "signature" in text.lower()
    assert "COMPLIANT" not in text.replace("FAILED", "")  # its claim is nowhere in its row
    cells = [r for r in rows if r["tag"] == "td" and r.get("data-release") == "1.2.0"]
    assert len(cells) == 42 and all(c["data-state"] == "failed" for c in cells)


def test_matrix_over_time_marks_what_got_better_and_worse(
        seen: tuple[str, list[dict[str, str | None]]], fleet: Fleet) -> None:
    _, rows = seen
    after = {t["task_id"]: t["state"] for t in fleet.alpha[1].predicate["tasks"]}
    cells = {r["data-task"]: r for r in rows
             if r["tag"] == "td" and r.get("data-release") == "1.1.0" and r.get("data-task")}
    assert {k: c["data-state"] for k, c in cells.items()} == after
    worse = (_release_row(rows, "1.1.0").get("data-worse") or "").split()
    assert worse
    for tid in worse:
        assert cells[tid]["data-trend"] == "worse" and "▼ worse" in (cells[tid]["text"] or "")
    beta = _release_row(rows, "2.1.0")
    better, beta_worse = ((beta.get(k) or "").split() for k in ("data-better", "data-worse"))
    assert better
    beta_cells = [r for r in rows if r["tag"] == "td" and r.get("data-release") == "2.1.0"
                  and r.get("data-task")]
    for c in beta_cells:  # a cell is marked exactly when its task moved
        task = c["data-task"]
        expected = "better" if task in better else "worse" if task in beta_worse else None
        assert c.get("data-trend") == expected, task


def test_cra_list_orders_all_projects_by_due_date(
        seen: tuple[str, list[dict[str, str | None]]]) -> None:
    _, rows = seen
    cra = sorted((r for r in rows if r.get("data-cra-rank")),
                 key=lambda r: int(r["data-cra-rank"] or 0))
    projects = [r["data-project"] for r in cra]
    assert projects[0] == "beta" and projects[-1] == "alpha"  # not by name
    dues = [re.match(r"\d{4}-\d\d-\d\d", r["text"] or "") for r in cra]
    assert all(dues) and [d.group() for d in dues if d] == sorted(d.group() for d in dues if d)
    assert "overdue" in (cra[0]["text"] or "")


def test_screenshot_is_not_blank(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "board.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,2000",
                    "--hide-scrollbars", (site / "index.html").resolve().as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 2000) and len(set(pixels)) > 100
