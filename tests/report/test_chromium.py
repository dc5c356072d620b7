"""The HTML report of a real attestation in headless Chromium, with the network cut off.

Chromium's own net log says which requests the page made (a page's requests carry its origin;
the browser's background ones carry none), and `--enable-logging=stderr` prints every console
message. A control page that does fetch and log proves both detectors see what they should.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.report.build import build_report
from margo_ssdf.report.html import render_html
from tests.report.conftest import Releases

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian's chromium package (.ci/run does) "
           "to render the HTML report in a real browser")

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
# No name resolves and every connection goes to a closed local port: nothing can leave.
NO_NETWORK = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
              "--proxy-bypass-list=<-loopback>")


@dataclass(frozen=True)
class Visit:
    dom: str
    console: list[str]
    """Console messages the page produced."""
    page_requests: list[str]
    """URLs the page (not the browser itself) asked the network for."""


def _net_events(path: Path) -> list[dict[str, Any]]:
    text = path.read_text()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a log cut at exit lacks its closing brackets
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    return [e for e in log["events"] if names.get(e["type"]) == "URL_REQUEST_START_JOB"]


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, *NO_NETWORK, f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True, text=True, timeout=180, check=False)


def visit(page: Path, tmp: Path) -> Visit:
    netlog = tmp / "netlog.json"
    run = _chromium(tmp, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
                    "--dump-dom", page.resolve().as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]
    requests = []
    for event in _net_events(netlog):
        params = event.get("params") or {}
        if "url" not in params:
            continue
        from_page = (params.get("initiator") not in (None, "not an origin")
                     or "file://" in str(params.get("network_isolation_key", "")))
        if from_page:
            requests.append(params["url"])
    return Visit(dom=run.stdout, console=console, page_requests=requests)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if any(k == "data-task" for k, _ in attrs):
            self.cells.append(dict(attrs))


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.fixture(scope="module")
def report_page(releases: Releases, tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = build_report(releases.new.signed, trust=PublicKeySigner(releases.pub),
                          evidence_dir=releases.new.out)
    page = tmp_path_factory.mktemp("html") / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    return page


def test_report_renders_42_cells_with_the_attested_statuses_and_fetches_nothing(
        report_page: Path, releases: Releases, tmp_path: Path) -> None:
    seen = visit(report_page, tmp_path)
    assert seen.page_requests == []
    assert seen.console == []
    parsed = _Cells()
    parsed.feed(seen.dom)
    attested = {t["task_id"]: t["state"] for t in releases.new.predicate["tasks"]}
    assert len(parsed.cells) == 42
    assert {c["data-task"]: c["data-state"] for c in parsed.cells} == attested
    assert all(c["title"] for c in parsed.cells)  # every cell has its tooltip
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert re.search(r"<body><header><div [^>]*>✔ VERIFIED", seen.dom.replace(
        '<p class="title">', ""))


def test_not_verified_banner_is_the_first_thing_in_the_rendered_page(
        releases: Releases, tmp_path: Path) -> None:
    report = build_report(releases.new.signed, trust=PublicKeySigner(releases.other_pub))
    page = tmp_path / "bad.html"
    page.write_text(render_html(report), encoding="utf-8")
    seen = visit(page, tmp_path)
    text = re.sub(r"<[^>]+>", " ", seen.dom[seen.dom.index("<body"):])
    assert text.split()[:3] == ["✘", "NOT", "VERIFIED"]
    assert seen.page_requests == [] and seen.console == []


def test_screenshot_and_print(report_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,3000",
                    "--hide-scrollbars", report_page.resolve().as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 3000)
    assert shot.stat().st_size > 50_000 and len(set(pixels)) > 100  # not a blank page
    pdf = tmp_path / "report.pdf"
    run = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    report_page.resolve().as_uri())
    assert run.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-", run.stderr[-2000:]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) >= 3


def test_the_detectors_do_see_a_page_that_fetches_and_logs(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html lang="en"><head><title>control</title></head>'
                       '<body><img src="http://example.invalid/x.png" alt="x">'
                       '<script>console.error("control-console-error")</script></body></html>')
    seen = visit(control, tmp_path)
    assert seen.page_requests == ["http://example.invalid/x.png"]
    assert any("control-console-error" in line for line in seen.console)
