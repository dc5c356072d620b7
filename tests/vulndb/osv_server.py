"""A local OSV export server on 127.0.0.1 for the `db update` tests, and zips to serve."""

from __future__ import annotations

import hashlib
import http.server
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

from tests.conftest import CORPORA

OSV = CORPORA / "osv"
LAST_MODIFIED = "Fri, 04 Dec 2026 10:00:00 GMT"


def corpus_files(ecosystem: str, count: int | None) -> list[Path]:
    """The first `count` advisory files of an ecosystem of the shared corpus (all if None)."""
    files = sorted(p for p in (OSV / ecosystem).rglob("*")
                   if p.suffix in (".json", ".yaml") and p.is_file())
    return files if count is None else files[:count]


def build_zip(target: Path, files: Iterable[Path], extra: dict[str, bytes] | None = None) -> Path:
    """An export zip of these files, flat as OSV's all.zip, plus `extra` members."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


@dataclass
class Served:
    """One request the server answered."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    body_bytes: int


@dataclass
class ExportServer:
    """Serves `root/<Ecosystem>/all.zip` with validators, and misbehaves on request."""

    root: Path
    validators: str = "both"
    """`etag`, `date` (Last-Modified only) or `both`."""
    cut: bool = False
    """Close the connection halfway through the body (Content-Length promises all of it)."""
    hang: bool = False
    """Read the request and never answer."""
    log: list[Served] = field(default_factory=list)
    port: int = 0
    _release: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        if self.hang:
            self._release.wait(30)
            return
        path = handler.path.split("://", 1)[-1].split("/", 1)[-1]  # a proxy gets full URLs
        file = self.root / path
        if not file.is_file():
            self._send(handler, path, 404, b"not found")
            return
        data = file.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        headers = {}
        if self.validators in ("etag", "both"):
            headers["ETag"] = etag
        if self.validators in ("date", "both"):
            headers["Last-Modified"] = LAST_MODIFIED
        match = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        if (match and match == headers.get("ETag")) or (
                since and "Last-Modified" in headers and not match
                and parsedate_to_datetime(since) >= parsedate_to_datetime(LAST_MODIFIED)):
            self._send(handler, path, 304, b"", headers)
            return
        self._send(handler, path, 200, data, headers)

    def _send(self, handler: http.server.BaseHTTPRequestHandler, path: str, status: int,
              data: bytes, headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        if status != 304:
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        body = data[: len(data) // 2] if self.cut and status == 200 else data
        handler.wfile.write(body)
        handler.wfile.flush()
        if self.cut:
            handler.close_connection = True
        self.log.append(Served(path, status, handler.headers.get("If-None-Match"),
                               handler.headers.get("If-Modified-Since"), len(body)))

    def stop_hanging(self) -> None:
        self._release.set()


@contextmanager
def serving(root: Path, **options: object) -> Iterator[ExportServer]:
    """An ExportServer on 127.0.0.1, in a thread, for the duration of the block."""
    server = ExportServer(root, **options)  # type: ignore[arg-type]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.answer(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop_hanging()
        httpd.shutdown()
        httpd.server_close()


