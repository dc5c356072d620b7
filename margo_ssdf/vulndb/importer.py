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

`import_advisories` takes any `AdvisorySource`; `PathSource` (in `sources`) reads a directory,
a zip or one file on disk, and other sources can feed the same import. `import_sources`
imports several in one transaction, so `db update` commits every ecosystem or none.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from margo_ssdf.vulndb.errors import StoreError
from margo_ssdf.vulndb.match import rules_json
from margo_ssdf.vulndb.osv import (
    Advisory,
    AdvisoryError,
    is_yaml_name,
    iso_timestamp,
    load_advisory,
    timestamp_micros,
)
from margo_ssdf.vulndb.sources import ImportProblem, PathSource

if TYPE_CHECKING:
    from margo_ssdf.vulndb.store import OsvStore

__all__ = [
    "AdvisorySource",
    "ImportProblem",
    "ImportReport",
    "PathSource",
    "import_advisories",
    "import_path",
    "import_sources",
]


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
    origin: int = 0
    """Which of the imported sources it came from."""


@dataclass
class _Stored:
    modified_us: int
    file_sha256: str


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
    return import_sources(store, [source])[0]


Recorder = Callable[[sqlite3.Connection, str], None]
"""Writes more records inside the import's transaction, given the commit time."""


def import_sources(store: OsvStore, sources: Sequence[AdvisorySource], *,
                   record: Recorder | None = None) -> list[ImportReport]:
    """Import several sources in one transaction: all are committed, or none is.

    Each source is recorded as an import, and each ecosystem its advisories affect as updated
    from it; `record` adds the caller's own records (`db update`'s) to the same transaction.
    """
    clock = time.perf_counter()
    # Held from the first read to the commit, so two imports never stage against each other.
    with store.reading() as conn:
        stored = {
            row[0]: _Stored(row[1], row[2])
            for row in conn.execute("SELECT id, modified_us, file_sha256 FROM advisories")
        }
        by_bytes = {s.file_sha256: advisory_id for advisory_id, s in stored.items()}
        pending: dict[str, _Pending] = {}
        staged = [_stage_source(store, source, stored, by_bytes, pending, index)
                  for index, source in enumerate(sources)]
        finished = _now()
        with store.writing() as conn:
            ids = _write_imports(conn, [report for report, _, _ in staged], finished)
            _write_advisories(conn, pending, ids, replaced=set(pending) & set(stored))
            for report, ecosystems, unchanged in staged:
                ecosystems |= _ecosystems_of(conn, unchanged)
                _record_ecosystems(conn, ecosystems, finished, report.source)
            if record is not None:
                record(conn, finished)
    seconds = round(time.perf_counter() - clock, 3)
    return [replace(report, seconds=seconds) for report, _, _ in staged]


def _stage_source(
    store: OsvStore,
    source: AdvisorySource,
    stored: dict[str, _Stored],
    by_bytes: dict[str, str],
    pending: dict[str, _Pending],
    index: int,
) -> tuple[ImportReport, set[str], list[str]]:
    """Read one source and stage its advisories; returns its report, the ecosystems it
    touched and the ids of the advisories it holds unchanged."""
    started = _now()
    counts = dict.fromkeys(("files", "added", "updated", "unchanged", "stale"), 0)
    ecosystems: set[str] = set()
    unchanged: list[str] = []
    for name, raw in source.files():
        counts["files"] += 1
        digest = hashlib.sha256(raw).hexdigest()
        if digest in by_bytes:
            counts["unchanged"] += 1
            unchanged.append(by_bytes[digest])
            continue
        try:
            document, advisory = load_advisory(raw, name)
        except AdvisoryError as exc:
            source.problems.append(ImportProblem(exc.file, exc.reason))
            continue
        rules = rules_json(advisory)
        ecosystems.update(eco for eco, _ in rules)
        staged = _stage(store, advisory, document, raw, name, digest, stored, pending, rules)
        if staged in ("added", "updated"):
            pending[advisory.id].origin = index
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
    return report, ecosystems, unchanged


def _stage(
    store: OsvStore,
    advisory: Advisory,
    document: dict[str, Any],
    raw: bytes,
    name: str,
    digest: str,
    stored: dict[str, _Stored],
    pending: dict[str, _Pending],
    rules: dict[tuple[str, str], str],
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
        rules=rules,
    )
    return "added" if previous is None else "updated"


def _same_document(
    store: OsvStore, advisory_id: str, document: dict[str, Any], earlier: _Pending | None
) -> bool:
    if earlier is not None:
        return bool(json.loads(earlier.document) == document)
    return store.document(advisory_id) == document


def _write_imports(
    conn: sqlite3.Connection, reports: Sequence[ImportReport], finished: str
) -> list[int]:
    ids = []
    for report in reports:
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
        import_id = int(cursor.lastrowid or 0)
        conn.executemany(
            "INSERT INTO import_problems (import_id, file, reason) VALUES (?, ?, ?)",
            [(import_id, p.file, p.reason) for p in report.problems],
        )
        ids.append(import_id)
    return ids


def _write_advisories(
    conn: sqlite3.Connection,
    pending: dict[str, _Pending],
    import_ids: Sequence[int],
    replaced: set[str],
) -> None:
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
                import_ids[p.origin],
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


def _ecosystems_of(conn: sqlite3.Connection, advisory_ids: list[str]) -> set[str]:
    if not advisory_ids:
        return set()
    rows = conn.execute(
        "SELECT DISTINCT ecosystem FROM packages"
        " WHERE advisory_id IN (SELECT value FROM json_each(?))",
        (json.dumps(advisory_ids),),
    )
    return {row[0] for row in rows}


def _record_ecosystems(
    conn: sqlite3.Connection, ecosystems: set[str], when: str, source: str
) -> None:
    conn.executemany(
        "INSERT INTO ecosystems (ecosystem, updated, source) VALUES (?, ?, ?)"
        " ON CONFLICT(ecosystem) DO UPDATE SET updated = excluded.updated,"
        " source = excluded.source",
        [(eco, when, source) for eco in sorted(ecosystems)],
    )
