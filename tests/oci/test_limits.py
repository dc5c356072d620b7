"""A registry that answers with far more than any manifest, index, error or token holds is cut
off after the cap: the body is streamed and never read whole (the review found the referrers
list and error pages read completely before the cap was checked)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest

from margo_ssdf.oci import media
from margo_ssdf.oci.client import MAX_MANIFEST, Registry, RegistryError
from margo_ssdf.oci.reference import parse
from tests.oci.conftest import serving

HUGE = 256 * 2**20
CHUNK = b"x" * 2**16


class _Flood(BaseHTTPRequestHandler):
    """200 with an endless JSON-ish body for referrers, 500 with one for anything else."""

    protocol_version = "HTTP/1.1"
    sent: ClassVar[list[int]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200 if "/referrers/" in self.path else 500)
        self.send_header("Content-Type", media.OCI_INDEX)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        total = 0
        try:
            while total < HUGE:
                self.wfile.write(CHUNK)
                total += len(CHUNK)
        except OSError:
            pass  # the client hung up: what we want
        self.sent.append(total)


@pytest.fixture
def flood() -> Iterator[str]:
    with serving(_Flood) as host:
        yield host


def _sent_after(call: object) -> int:
    _Flood.sent.clear()
    with pytest.raises(RegistryError):
        call()  # type: ignore[operator]
    for _ in range(100):  # the handler thread records what it sent once the client hangs up
        if _Flood.sent:
            break
        threading.Event().wait(0.05)
    assert _Flood.sent, "the server never finished: the client kept the connection open"
    return _Flood.sent[0]


def test_a_flooding_referrers_answer_is_cut_at_the_manifest_cap(flood: str) -> None:
    with Registry(parse(f"oci://{flood}/app"), plain_http=True) as registry:
        sent = _sent_after(lambda: registry.referrers("sha256:" + "0" * 64,
                                                      media.ARTIFACT_TYPE))
    assert sent < MAX_MANIFEST + 64 * 2**20 < HUGE


def test_a_flooding_error_page_is_not_read_whole(flood: str) -> None:
    with Registry(parse(f"oci://{flood}/app"), plain_http=True) as registry:
        sent = _sent_after(lambda: registry.manifest("sha256:" + "0" * 64))
    assert sent < 64 * 2**20 < HUGE
