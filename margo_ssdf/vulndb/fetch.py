"""`db update`: fetch the OSV per-ecosystem exports and import them, all or nothing.

This is the one module of margo-ssdf that opens a network connection (keyless signing aside):
every other command works offline on the store it fills. For each ecosystem it reads
`<source>/<Ecosystem>/all.zip`, by default from the public OSV bucket:

- over HTTP(S) with the standard library (proxies from `HTTPS_PROXY`, `HTTP_PROXY` and
  `NO_PROXY`), conditionally (`If-None-Match`, `If-Modified-Since` from the last download), so
  an unchanged export costs one 304; streamed to a temporary file next to the store, with a
  timeout on every read and a size bound, and no redirect from HTTPS to plain HTTP;
- from a directory or `file://` URL (an air-gapped mirror): `<dir>/<Ecosystem>/all.zip`, or a
  `<dir>/<Ecosystem>/` tree of advisory files.

Nothing is written until every ecosystem has been fetched and checked; then every export is
imported, and the per-ecosystem records (validators, the export's own time) written, in one
transaction. A failure or an interruption anywhere leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import sqlite3
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from http.client import HTTPMessage
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote, urlsplit

from margo_ssdf import __version__
from margo_ssdf.errors import ExitCode, UsageError
from margo_ssdf.files import sha256_file
from margo_ssdf.vulndb.errors import StoreError
from margo_ssdf.vulndb.importer import AdvisorySource, ImportReport, import_sources
from margo_ssdf.vulndb.osv import iso_timestamp, timestamp_micros
from margo_ssdf.vulndb.sources import MAX_ARCHIVE_BYTES, PathSource, check_archive
from margo_ssdf.vulndb.store import OsvStore
from margo_ssdf.vulndb.versions import canonical_ecosystem

DEFAULT_SOURCE = "https://osv-vulnerabilities.storage.googleapis.com"
"""The public OSV export bucket (https://google.github.io/osv.dev/data/)."""
SOURCE_ENV = "MARGO_SSDF_OSV_SOURCE"
"""Environment variable naming another source: a mirror URL or directory."""
DEFAULT_ECOSYSTEMS = ("PyPI", "Go")
"""What `db update` fetches unless told otherwise: the ecosystems the audit reads."""
DEFAULT_TIMEOUT = 60.0
MAX_DOWNLOAD_BYTES = 2 * 1024**3
"""The largest export accepted (npm's, the largest, is a few hundred MiB)."""
_CHUNK = 1 << 20
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .:_+-]{0,63}")
_OFFLINE = ("Without network access, download {url} on a machine that has it and import the "
            "file here with `margo-ssdf db import all.zip`, or point --source (or "
            f"{SOURCE_ENV}) at a directory or mirror holding <Ecosystem>/all.zip.")


class FetchError(StoreError):
    """An export could not be fetched or is unusable; the store is left as it was."""

    exit_code = ExitCode.CHECK_ERROR


@dataclass(frozen=True)
class Limits:
    """Bounds on one download."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for a connection or for any read."""
    max_bytes: int = MAX_DOWNLOAD_BYTES
    """Largest download accepted."""
    max_unpacked: int = MAX_ARCHIVE_BYTES
    """Largest total of the zip's members, unpacked."""
    max_seconds: float = 3600.0
    """Longest a whole download may take (a server trickling bytes never ends otherwise)."""


@dataclass(frozen=True)
class Fetched:
    """What was fetched for one ecosystem."""

    ecosystem: str
    """The OSV ecosystem name."""
    url: str
    """The URL or path read."""
    status: str
    """`downloaded`, `not modified` (HTTP 304), `unchanged` (same bytes as last time), or
    `read` (a local directory)."""
    path: Path | None = None
    """What to import; None when nothing changed."""
    size: int = 0
    """Bytes downloaded or read."""
    etag: str | None = None
    last_modified: str | None = None
    """The `Last-Modified` header as sent, for the next `If-Modified-Since`."""
    export_time: str | None = None
    """When the source says the export was built (RFC 3339), never later than the fetch."""
    sha256: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class UpdateReport:
    """What one `db update` did."""

    fetched: tuple[Fetched, ...]
    imports: tuple[ImportReport, ...]
    seconds: float


Progress = Callable[[str, int, int | None], None]
"""Called as a download proceeds: (ecosystem, bytes so far, total bytes if known)."""


@dataclass(frozen=True)
class _Known:
    url: str | None
    etag: str | None
    last_modified: str | None
    export_time: str | None
    export_sha256: str | None


def ecosystem_name(name: str) -> str:
    """The OSV spelling of an ecosystem given on the command line; UsageError when it cannot
    be one (a path, say), or names a database rather than an ecosystem."""
    text = canonical_ecosystem(name.strip())
    if text.upper() == "GHSA":
        raise UsageError(
            "OSV exports advisories by ecosystem, not by database: there is no GHSA export. "
            "The GitHub advisories (GHSA ids) of PyPI and Go packages are inside PyPI/all.zip "
            "and Go/all.zip, which `db update` fetches by default, and the audit reads their "
            "CVSS through the aliases.",
            fix="Drop --ecosystem GHSA; to add the whole GitHub advisory database, clone "
                "github/advisory-database and `margo-ssdf db import` its advisories directory.")
    if not _NAME.fullmatch(text):
        raise UsageError(f"'{name}' is not an OSV ecosystem name.",
                         fix="Spell it as OSV does: PyPI, Go, npm, crates.io, Maven, ...")
    return text


def default_ecosystems(store: OsvStore) -> list[str]:
    """PyPI and Go, and every ecosystem an earlier `db update` fetched."""
    with store.reading() as conn:
        rows = conn.execute("SELECT ecosystem FROM ecosystems WHERE url IS NOT NULL").fetchall()
    return [*DEFAULT_ECOSYSTEMS, *sorted({r[0] for r in rows} - set(DEFAULT_ECOSYSTEMS))]


def update(store: OsvStore, *, source: str | None = None, ecosystems: Sequence[str] = (),
           limits: Limits = Limits(), progress: Progress | None = None) -> UpdateReport:
    """Fetch each ecosystem's export from `source` and import them all in one transaction."""
    clock = time.perf_counter()
    base = source or os.environ.get(SOURCE_ENV, "").strip() or DEFAULT_SOURCE
    names = [ecosystem_name(e) for e in ecosystems] or default_ecosystems(store)
    names = list(dict.fromkeys(names))
    known = _known(store)
    with tempfile.TemporaryDirectory(prefix=".margo-ssdf-update-", dir=store.path.parent) as tmp:
        fetched = [_fetch(base, name, known.get(name), Path(tmp), limits, progress)
                   for name in names]
        for item in fetched:
            if item.path is not None and item.path.is_file():
                _check_zip(item, limits)
        sources: list[AdvisorySource] = [
            PathSource(f.path, location=f.url) for f in fetched if f.path is not None]
        try:
            imports = import_sources(store, sources, record=_recorder(fetched, known))
        except FetchError:
            raise
        except StoreError as exc:  # a corrupt member, say: the transaction was rolled back
            raise FetchError(exc.message + " Nothing was imported; the database is as it was.",
                             fix=exc.fix) from exc
    return UpdateReport(tuple(fetched), tuple(imports), round(time.perf_counter() - clock, 3))


def _known(store: OsvStore) -> dict[str, _Known]:
    with store.reading() as conn:
        rows = conn.execute("SELECT ecosystem, url, etag, last_modified, export_time,"
                            " export_sha256 FROM ecosystems").fetchall()
    return {row[0]: _Known(*row[1:]) for row in rows}


def _fetch(base: str, name: str, known: _Known | None, tmp: Path, limits: Limits,
           progress: Progress | None) -> Fetched:
    scheme = urlsplit(base).scheme.lower()
    if scheme in ("http", "https"):
        url = f"{base.rstrip('/')}/{quote(name, safe='')}/all.zip"
        return _download(url, name, known, tmp / f"{quote(name, safe='')}.zip", limits,
                         progress)
    if scheme == "file":
        parts = urlsplit(base)
        if parts.netloc not in ("", "localhost"):
            raise UsageError(f"--source {base}: a file:// URL must name a local directory.",
                             fix="Write it as file:///absolute/path.")
        return _local(Path(unquote(parts.path)), name, known)
    if scheme and len(scheme) > 1:
        raise UsageError(f"--source {base}: '{scheme}' is not a supported scheme.",
                         fix="Give an https:// URL, a file:// URL or a directory.")
    return _local(Path(base), name, known)


def _local(root: Path, name: str, known: _Known | None) -> Fetched:
    if not root.is_dir():
        raise UsageError(f"--source {root} is not a directory.",
                         fix="Give a directory holding <Ecosystem>/all.zip, or a URL.")
    archive, tree = root / name / "all.zip", root / name
    if archive.is_file():
        digest = sha256_file(archive)
        location = str(archive.absolute())
        same = known is not None and known.url == location and known.export_sha256 == digest
        return Fetched(name, location, "unchanged" if same else "read",
                       path=None if same else archive, size=archive.stat().st_size,
                       sha256=digest)
    if tree.is_dir():
        return Fetched(name, str(tree.absolute()), "read", path=tree)
    raise FetchError(f"{root} holds no export for {name}: neither {archive} nor a {tree} "
                     "directory exists.",
                     fix=f"Copy <source>/{name}/all.zip there, or drop --ecosystem {name}.")


class _NoDowngrade(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never from HTTPS to anything else."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: HTTPMessage, newurl: str
                         ) -> urllib.request.Request | None:
        if req.full_url.startswith("https:") and not newurl.startswith("https:"):
            raise FetchError(f"{req.full_url} redirects to {newurl}, away from HTTPS; "
                             "nothing was downloaded.", fix="Use an HTTPS source.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, name: str, known: _Known | None, target: Path, limits: Limits,
              progress: Progress | None) -> Fetched:
    started = time.perf_counter()
    headers = {"User-Agent": f"margo-ssdf/{__version__}", "Accept-Encoding": "identity"}
    if known is not None and known.url == url:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    opener = urllib.request.build_opener(_NoDowngrade)  # proxies come from the environment
    # Only http(s) URLs get here (see _fetch): local sources never go through urllib.
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with _opened(opener, request, url, limits) as response:
            if response.status == 304:
                return Fetched(name, url, "not modified", seconds=_since(started))
            size, digest = _stream(response, url, name, target, limits, progress, started)
            stamp, etag = response.header("Last-Modified"), response.header("ETag")
    except (OSError, http.client.HTTPException) as exc:
        raise _network_error(url, exc, limits) from exc
    return Fetched(name, url, "downloaded", path=target, size=size, etag=etag,
                   last_modified=stamp, export_time=_export_time(stamp), sha256=digest,
                   seconds=_since(started))


@contextlib.contextmanager
def _opened(opener: urllib.request.OpenerDirector, request: urllib.request.Request, url: str,
            limits: Limits) -> Iterator[_Response]:
    try:
        response = opener.open(request, timeout=limits.timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            yield _Response(304, exc.headers, None)
            return
        raise _http_error(url, exc) from None
    with response:
        yield _Response(response.status, response.headers, response)


@dataclass
class _Response:
    status: int
    headers: Message
    body: IO[bytes] | None

    def header(self, key: str) -> str | None:
        value = self.headers.get(key)
        return str(value) if value is not None else None


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _stream(response: _Response, url: str, name: str, target: Path, limits: Limits,
            progress: Progress | None, started: float) -> tuple[int, str]:
    """Copy the body to `target`; (bytes, sha256). FetchError when it is cut short or too big."""
    declared = response.header("Content-Length")
    total = int(declared) if declared and declared.isdigit() else None
    if total is not None and total > limits.max_bytes:
        raise _too_big(url, total, limits)
    assert response.body is not None
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := response.body.read(_CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise _too_big(url, size, limits)
            if time.perf_counter() - started > limits.max_seconds:
                raise FetchError(f"The download of {url} took longer than "
                                 f"{limits.max_seconds:g} s; nothing was imported.",
                                 fix="Try again on a faster connection. "
                                     + _OFFLINE.format(url=url))
            digest.update(chunk)
            out.write(chunk)
            if progress is not None:
                progress(name, size, total)
    if total is not None and size != total:
        raise FetchError(f"The download of {url} stopped after {size} of {total} bytes (the "
                         "connection was closed); nothing was imported, the database is as "
                         "it was.", fix="Run `margo-ssdf db update` again. "
                         + _OFFLINE.format(url=url))
    return size, digest.hexdigest()


def _too_big(url: str, size: int, limits: Limits) -> FetchError:
    return FetchError(f"{url} is larger than {limits.max_bytes} bytes ({size}); nothing was "
                      "imported.", fix="Check that --source serves OSV exports, or raise "
                      "--max-size if the export really has grown that large.")


def _export_time(stamp: str | None) -> str | None:
    """The export's own time from `Last-Modified`, never later than now (clocks differ)."""
    if not stamp:
        return None
    try:
        moment = parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return iso_timestamp(min(moment, datetime.now(UTC)))


def _http_error(url: str, exc: urllib.error.HTTPError) -> FetchError:
    if exc.code == 404:
        return FetchError(f"{url} answered 404 Not Found: the source has no export under "
                          "that ecosystem name.",
                          fix="Spell the ecosystem as OSV does (PyPI, Go, npm, crates.io, Maven, "
                              "...; the bucket lists them in ecosystems.txt), or check --source.")
    return FetchError(f"{url} answered {exc.code} {exc.reason}; nothing was imported.",
                      fix="Try again later. " + _OFFLINE.format(url=url))


def _network_error(url: str, exc: BaseException, limits: Limits) -> FetchError:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return FetchError(f"{url} did not answer within {limits.timeout:g} s; nothing was "
                          "imported, the database is as it was.",
                          fix="Try again, or raise --timeout. " + _OFFLINE.format(url=url))
    return FetchError(f"Cannot download {url}: {reason}; nothing was imported, the database "
                      "is as it was.",
                      fix="Check the network and any HTTPS_PROXY setting. "
                          + _OFFLINE.format(url=url))


def _check_zip(item: Fetched, limits: Limits) -> None:
    """Refuse an export that is not a zip, or a zip bomb, before anything is imported."""
    assert item.path is not None
    try:
        with zipfile.ZipFile(item.path) as archive:
            check_archive(archive, item.url, max_bytes=limits.max_unpacked)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FetchError(f"{item.url} is not a readable zip archive ({exc}); nothing was "
                         "imported, the database is as it was.",
                         fix="Run `margo-ssdf db update` again; if it persists, the source "
                             "serves something else than an OSV export.") from exc
    except StoreError as exc:
        raise FetchError(exc.message, fix=exc.fix) from exc


def _recorder(fetched: Sequence[Fetched], known: dict[str, _Known]
              ) -> Callable[[sqlite3.Connection, str], None]:
    """Writes each ecosystem's update record inside the import's transaction."""
    def record(conn: sqlite3.Connection, when: str) -> None:
        for f in fetched:
            before = known.get(f.ecosystem)
            if f.status in ("not modified", "unchanged") and before is not None:
                conn.execute("UPDATE ecosystems SET checked = ? WHERE ecosystem = ?",
                             (when, f.ecosystem))
                continue
            times = [t for t in (f.export_time, before.export_time if before else None) if t]
            conn.execute(
                "INSERT INTO ecosystems (ecosystem, checked, url, etag, last_modified,"
                " export_time, export_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(ecosystem) DO UPDATE SET checked = excluded.checked,"
                " url = excluded.url, etag = excluded.etag,"
                " last_modified = excluded.last_modified, export_time = excluded.export_time,"
                " export_sha256 = excluded.export_sha256",
                (f.ecosystem, when, f.url, f.etag, f.last_modified,
                 max(times, key=timestamp_micros) if times else None, f.sha256))
    return record
