"""Importing OSV advisories into the store, from any source of advisory files.

Each advisory is kept as the JSON it was published as (YAML sources are converted, with their
dates written as ISO 8601 strings), next to the rule of every package it affects.

Imports are incremental and idempotent, keyed by advisory id and `modified`:

- a file whose bytes are already stored is skipped without being parsed;
- a newer `modified` replaces the stored advisory, an older one is skipped as stale;
- the same `modified` with different content also replaces it, because the Go vulnerability
  database publishes every advisory with `modified` set to 0001-01-01T00:00:00Z, so its
  timestamps cannot tell an updated advisory from an unchanged one.

A bad advisory is reported with its file and reason and never stops the import. A corrupt zip
stops it before anything is written. Every import is recorded (when, from what, the source's
sha256, counts), so an audit can state how fresh its data was.

`import_advisories` takes any `AdvisorySource`; `PathSource` reads a directory, a zip or one
file on disk, and other sources (a download, say) can feed the same import.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from margo_ssdf.files import sha256_file
from margo_ssdf.vulndb.errors import StoreError
from margo_ssdf.vulndb.match import rules_json
from margo_ssdf.vulndb.osv import (
    MAX_DOCUMENT_BYTES,
    Advisory,
    AdvisoryError,
    is_advisory_name,
    is_yaml_name,
    iso_timestamp,
    load_advisory,
    timestamp_micros,
)

if TYPE_CHECKING:
    from margo_ssdf.vulndb.store import OsvStore


@dataclass(frozen=True)
class ImportProblem:
    """An advisory file that was not imported."""

    file: str
    """The file: a path, or `archive.zip!member` inside a zip."""
    reason: str
    """Why it was refused."""


@dataclass(frozen=True)
class ImportReport:
    """What one `import_source` call did."""

    source: str
    """The directory, zip or file imported."""
    kind: str
    """`directory`, `zip` or `file`."""
    source_sha256: str
    """sha256 of the zip or file; for a directory, of its sorted list of (path, sha256)."""
    started: str
    """When the import began (RFC 3339, UTC)."""
    seconds: float
    """How long it took."""
    files: int
    """Advisory files read."""
    added: int
    """Advisories new to the store."""
    updated: int
    """Advisories that replaced an older stored version."""
    unchanged: int
    """Advisories already stored as they are."""
    stale: int
    """Advisories older than the stored version, so skipped."""
    problems: tuple[ImportProblem, ...]
    """Files refused, each with its reason."""

    @property
    def rejected(self) -> int:
        """How many files were refused."""
        return len(self.problems)


class AdvisorySource(Protocol):
    """Where an import's advisory files come from."""

    location: str
    """What is imported, as recorded (a path, say)."""
    kind: str
    """What sort of source it is, as recorded: `directory`, `zip`, `file`, ..."""
    problems: list[ImportProblem]
    """Files that could not be read, filled in while `files()` is read."""

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(display name, bytes) of every advisory file."""
        ...

    def digest(self) -> str:
        """sha256 naming exactly what was read; asked once `files()` is exhausted."""
        ...


def _now() -> str:
    return iso_timestamp(datetime.now(UTC))


@dataclass
class _Pending:
    advisory_id: str
    modified: str
    modified_us: int
    published: str | None
    published_us: int | None
    withdrawn: str | None
    file_sha256: str
    source_file: str
    document: str
    rules: dict[tuple[str, str], str]


@dataclass
class _Stored:
    modified_us: int
    file_sha256: str


class PathSource:
    """Every advisory file of a directory tree (zips in it included), a zip, or one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self.problems: list[ImportProblem] = []
        self.manifest: list[tuple[str, str]] = []  # (relative name, sha256) for the digest
        if path.is_dir():
            self.kind = "directory"
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            self.kind = "zip"
        elif is_advisory_name(path.name):
            self.kind = "file"
        else:
            raise StoreError(
                f"{path} is neither a directory, a zip, nor an OSV JSON or YAML file.",
                fix="Give a directory or zip of OSV advisories (.json, .yaml or .yml files).",
            )

    def digest(self) -> str:
        """sha256 of the zip or file; for a directory, of its sorted (path, sha256) list."""
        if self.kind != "directory":
            return sha256_file(self.path)
        h = hashlib.sha256()
        for name, digest in sorted(self.manifest):
            h.update(f"{name}\t{digest}\n".encode())
        return h.hexdigest()

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(display name, bytes) of every advisory file, hidden files and folders skipped."""
        if self.kind == "zip":
            yield from self._archive(self.path, str(self.path))
        elif self.kind == "file":
            yield from self._file(self.path, str(self.path))
        else:
            yield from self._directory()

    def _directory(self) -> Iterator[tuple[str, bytes]]:
        def unreadable(error: OSError) -> None:
            reason = f"cannot be read: {error.strerror}"
            self.problems.append(ImportProblem(str(error.filename), reason))

        for dirpath, dirnames, filenames in os.walk(self.path, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                path = Path(dirpath) / filename
                if filename.lower().endswith(".zip"):
                    self.manifest.append((self._relative(path), sha256_file(path)))
                    yield from self._archive(path, str(path))
                elif is_advisory_name(filename):
                    yield from self._file(path, self._relative(path))

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.path).as_posix()

    def _file(self, path: Path, name: str) -> Iterator[tuple[str, bytes]]:
        try:
            size = path.stat().st_size
            if size > MAX_DOCUMENT_BYTES:
                self.problems.append(ImportProblem(str(path), "larger than 16 MiB; not read"))
                return
            raw = path.read_bytes()
        except OSError as exc:
            self.problems.append(ImportProblem(str(path), f"cannot be read: {exc.strerror}"))
            return
        if self.kind == "directory":
            self.manifest.append((name, hashlib.sha256(raw).hexdigest()))
        yield str(path), raw

    def _archive(self, path: Path, display: str) -> Iterator[tuple[str, bytes]]:
        fix = "Download or copy the archive again; nothing was imported from it."
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise StoreError(f"{display} is not a readable zip archive: {exc}.", fix=fix) from exc
        with archive:
            for info in archive.infolist():
                parts = info.filename.split("/")
                hidden = any(p.startswith(".") for p in parts) or parts[0] == "__MACOSX"
                if info.is_dir() or hidden or not is_advisory_name(parts[-1]):
                    continue
                member = f"{display}!{info.filename}"
                if info.file_size > MAX_DOCUMENT_BYTES:
                    self.problems.append(ImportProblem(member, "larger than 16 MiB; not read"))
                    continue
                try:
                    with archive.open(info) as stream:
                        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                    raise StoreError(
                        f"{display} is corrupt: member {info.filename} cannot be read ({exc}).",
                        fix=fix,
                    ) from exc
                except (NotImplementedError, RuntimeError) as exc:
                    raise StoreError(
                        f"{display}: member {info.filename} cannot be read ({exc}).",
                        fix="Use an unencrypted zip with deflate compression.",
                    ) from exc
                if len(raw) > MAX_DOCUMENT_BYTES:
                    self.problems.append(ImportProblem(member, "larger than 16 MiB; not read"))
                    continue
                yield member, raw


def import_path(store: OsvStore, source: Path | str) -> ImportReport:
    """Import every OSV advisory (JSON or YAML) of a directory tree, a zip, or one file."""
    path = Path(source).absolute()
    if not path.exists():
        raise StoreError(
            f"The advisory source {path} does not exist.",
            fix="Give a directory or zip of OSV JSON or YAML files.",
        )
    return import_advisories(store, PathSource(path))


def import_advisories(store: OsvStore, source: AdvisorySource) -> ImportReport:
    """Import the advisories of a source into the store in one transaction, and record it."""
    started, clock = _now(), time.perf_counter()
    # Held from the first read to the commit, so two imports never stage against each other.
    with store.reading() as conn:
        stored = {
            row[0]: _Stored(row[1], row[2])
            for row in conn.execute("SELECT id, modified_us, file_sha256 FROM advisories")
        }
        known_bytes = {s.file_sha256 for s in stored.values()}
        pending: dict[str, _Pending] = {}
        counts = dict.fromkeys(("files", "added", "updated", "unchanged", "stale"), 0)
        for name, raw in source.files():
            counts["files"] += 1
            digest = hashlib.sha256(raw).hexdigest()
            if digest in known_bytes:
                counts["unchanged"] += 1
                continue
            try:
                document, advisory = load_advisory(raw, name)
            except AdvisoryError as exc:
                source.problems.append(ImportProblem(exc.file, exc.reason))
                continue
            staged = _stage(store, advisory, document, raw, name, digest, stored, pending)
            counts[staged] += 1
        report = ImportReport(
            source=source.location,
            kind=source.kind,
            source_sha256=source.digest(),
            started=started,
            seconds=0.0,
            files=counts["files"],
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            stale=counts["stale"],
            problems=tuple(source.problems),
        )
        with store.writing() as conn:
            _write(conn, report, _now(), pending, replaced=set(pending) & set(stored))
    return replace(report, seconds=round(time.perf_counter() - clock, 3))


def _stage(
    store: OsvStore,
    advisory: Advisory,
    document: dict[str, Any],
    raw: bytes,
    name: str,
    digest: str,
    stored: dict[str, _Stored],
    pending: dict[str, _Pending],
) -> str:
    """Decide what one parsed advisory does to the store; return the counter to bump."""
    modified_us = timestamp_micros(advisory.modified)
    earlier = pending.get(advisory.id)
    previous = (
        _Stored(earlier.modified_us, earlier.file_sha256)
        if earlier is not None
        else stored.get(advisory.id)
    )
    if previous is not None:
        if modified_us < previous.modified_us:
            return "stale"
        if modified_us == previous.modified_us and _same_document(
            store, advisory.id, document, earlier
        ):
            return "unchanged"
    text = raw.decode("utf-8-sig") if not is_yaml_name(name) else None
    pending[advisory.id] = _Pending(
        advisory_id=advisory.id,
        modified=advisory.modified,
        modified_us=modified_us,
        published=advisory.published,
        published_us=timestamp_micros(advisory.published) if advisory.published else None,
        withdrawn=advisory.withdrawn,
        file_sha256=digest,
        source_file=name,
        document=text
        if text is not None
        else json.dumps(document, ensure_ascii=False, separators=(",", ":")),
        rules=rules_json(advisory),
    )
    return "added" if previous is None else "updated"


def _same_document(
    store: OsvStore, advisory_id: str, document: dict[str, Any], earlier: _Pending | None
) -> bool:
    if earlier is not None:
        return bool(json.loads(earlier.document) == document)
    return store.document(advisory_id) == document


def _write(
    conn: sqlite3.Connection,
    report: ImportReport,
    finished: str,
    pending: dict[str, _Pending],
    replaced: set[str],
) -> None:
    cursor = conn.execute(
        "INSERT INTO imports (started, finished, source, kind, source_sha256, files,"
        " added, updated, unchanged, stale, rejected)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            report.started,
            finished,
            report.source,
            report.kind,
            report.source_sha256,
            report.files,
            report.added,
            report.updated,
            report.unchanged,
            report.stale,
            report.rejected,
        ),
    )
    import_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO import_problems (import_id, file, reason) VALUES (?, ?, ?)",
        [(import_id, p.file, p.reason) for p in report.problems],
    )
    conn.executemany(
        "DELETE FROM packages WHERE advisory_id = ?", [(i,) for i in sorted(replaced)]
    )
    conn.executemany(
        "INSERT OR REPLACE INTO advisories (id, modified, modified_us, published,"
        " published_us, withdrawn, file_sha256, source_file, import_id, document)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.advisory_id,
                p.modified,
                p.modified_us,
                p.published,
                p.published_us,
                p.withdrawn,
                p.file_sha256,
                p.source_file,
                import_id,
                p.document,
            )
            for p in pending.values()
        ],
    )
    conn.executemany(
        "INSERT INTO packages (ecosystem, name, advisory_id, rule) VALUES (?, ?, ?, ?)",
        [
            (eco, name, p.advisory_id, rule)
            for p in pending.values()
            for (eco, name), rule in p.rules.items()
        ],
    )
