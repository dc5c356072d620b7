"""The offline OSV store: advisories imported from directories or zips into one SQLite file.

Each advisory is kept as the JSON it was published as, next to an index of the (ecosystem,
normalised name) of every package it affects, so a lookup reads only the few advisories of
that package.

This module holds the database itself: where it lives, its layout, opening it, and what it
holds (`status`), per ecosystem with when it was last updated and how recent its data is.
Filling it is `importer`'s business (`fetch` downloads the OSV exports for it) and looking
advisories up is `queries`'; `OsvStore` offers both through its methods.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

from margo_ssdf.vulndb import importer
from margo_ssdf.vulndb.errors import DB_ENV, NoDatabaseError, StoreError
from margo_ssdf.vulndb.importer import ImportProblem, ImportReport
from margo_ssdf.vulndb.match import Match
from margo_ssdf.vulndb.osv import Advisory, iso_timestamp, timestamp_micros
from margo_ssdf.vulndb.queries import Lookups

__all__ = [
    "DB_ENV",
    "DB_FILE_NAME",
    "SCHEMA_VERSION",
    "EcosystemStatus",
    "ImportProblem",
    "ImportRecord",
    "ImportReport",
    "NoDatabaseError",
    "OsvStore",
    "StoreError",
    "StoreStatus",
    "default_db_path",
]


SCHEMA_VERSION = 2
"""Version of the database layout, kept in SQLite's `user_version`."""
_REAL_DATES_FROM = 86_400 * 1_000_000
"""Earlier timestamps (year 1, the epoch) are placeholders: the Go database writes them."""
DB_FILE_NAME = "osv.sqlite3"

_ECOSYSTEMS_TABLE = """
CREATE TABLE IF NOT EXISTS ecosystems (
    ecosystem TEXT PRIMARY KEY,
    updated TEXT,
    source TEXT,
    checked TEXT,
    url TEXT,
    etag TEXT,
    last_modified TEXT,
    export_time TEXT,
    export_sha256 TEXT
);
"""
"""Per ecosystem: the last import or update (`updated`, `source`) and, from `db update`, the
last time the source was asked (`checked`), its URL, validators and the export's own time."""

_SCHEMA = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    files INTEGER NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    stale INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
CREATE TABLE import_problems (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    file TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE advisories (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL,
    modified_us INTEGER NOT NULL,
    published TEXT,
    published_us INTEGER,
    withdrawn TEXT,
    file_sha256 TEXT NOT NULL,
    source_file TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    document TEXT NOT NULL
);
CREATE TABLE packages (
    ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (ecosystem, name, advisory_id)
) WITHOUT ROWID;
CREATE INDEX packages_by_advisory ON packages(advisory_id);
""" + _ECOSYSTEMS_TABLE


def default_db_path() -> Path:
    """`$MARGO_SSDF_DB` when set, else `osv.sqlite3` in the user cache directory."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("margo-ssdf")) / DB_FILE_NAME


@dataclass(frozen=True)
class ImportRecord:
    """A past import, as recorded in the store."""

    id: int
    """Sequence number of the import."""
    started: str
    """When it began (RFC 3339, UTC)."""
    finished: str
    """When it was committed."""
    source: str
    """The directory, zip or file imported."""
    kind: str
    """`directory`, `zip` or `file`."""
    source_sha256: str
    """The source's digest (see `ImportReport.source_sha256`)."""
    files: int
    """Advisory files read."""
    added: int
    """Advisories added."""
    updated: int
    """Advisories replaced by a newer version."""
    unchanged: int
    """Advisories already stored."""
    stale: int
    """Advisories skipped as older than the stored version."""
    rejected: int
    """Files refused."""


@dataclass(frozen=True)
class EcosystemStatus:
    """The advisories held for one ecosystem."""

    ecosystem: str
    """The OSV ecosystem name."""
    advisories: int
    """Advisories affecting a package of the ecosystem, withdrawn ones included."""
    withdrawn: int
    """How many of them are withdrawn (kept, never matched)."""
    newest_modified: str | None
    """The latest `modified` among them."""
    newest_published: str | None
    """The latest `published` among them (the Go database leaves `modified` at year 1)."""
    newest_date: str | None = None
    """The latest real date among them, `modified` or `published` (year 1 is no date)."""
    updated: str | None = None
    """When an import or `db update` last brought this ecosystem's advisories."""
    source: str | None = None
    """What that import or update read (a path or URL)."""
    checked: str | None = None
    """When `db update` last asked its source for this ecosystem (a 304 included)."""
    export_time: str | None = None
    """When the source says it built the export (`Last-Modified` of `all.zip`), if it did."""

    @property
    def data_time(self) -> str | None:
        """What the data is known to be current as of: the newest advisory date, or the
        export's own time when the source stated it and it is later."""
        known = [t for t in (self.newest_date, self.export_time) if t]
        return max(known, key=timestamp_micros) if known else None


@dataclass(frozen=True)
class StoreStatus:
    """What the store holds and where it came from."""

    path: str
    """The database file."""
    schema_version: int
    """The database layout version."""
    advisories: int
    """Advisories stored, withdrawn ones included."""
    withdrawn: int
    """Withdrawn advisories stored."""
    ecosystems: tuple[EcosystemStatus, ...]
    """Per ecosystem, sorted by name."""
    newest_modified: str | None
    """The latest `modified` of any advisory."""
    newest_published: str | None
    """The latest `published` of any advisory."""
    imports: tuple[ImportRecord, ...]
    """Every import, oldest first."""

    @property
    def last_import(self) -> ImportRecord | None:
        """The most recent import, if any."""
        return self.imports[-1] if self.imports else None


def _from_micros(micros: int | None) -> str | None:
    if micros is None:
        return None
    return iso_timestamp(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros))


def _ecosystems(conn: sqlite3.Connection) -> tuple[EcosystemStatus, ...]:
    """Per ecosystem, what its advisories say and what the last imports and updates recorded."""
    held = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT p.ecosystem, count(DISTINCT a.id),"
            " count(DISTINCT CASE WHEN a.withdrawn IS NOT NULL THEN a.id END),"
            " max(a.modified_us), max(a.published_us),"
            " max(coalesce(max(CASE WHEN a.modified_us >= ? THEN a.modified_us END), 0),"
            "     coalesce(max(CASE WHEN a.published_us >= ? THEN a.published_us END), 0))"
            " FROM packages p JOIN advisories a ON a.id = p.advisory_id GROUP BY p.ecosystem",
            (_REAL_DATES_FROM, _REAL_DATES_FROM),
        )
    }
    records = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT ecosystem, updated, source, checked, export_time FROM ecosystems"
        )
    }
    out = []
    for name in sorted({*held, *records}):
        count, withdrawn, modified, published, newest = held.get(name, (0, 0, None, None, None))
        updated, source, checked, export_time = records.get(name, (None, None, None, None))
        out.append(EcosystemStatus(
            name, count, withdrawn, _from_micros(modified), _from_micros(published),
            newest_date=_from_micros(newest) if newest and newest >= _REAL_DATES_FROM else None,
            updated=updated, source=source, checked=checked, export_time=export_time,
        ))
    return tuple(out)


class OsvStore:
    """OSV advisories on disk, indexed by package, for offline vulnerability lookups.

    Opening creates the database when `create` is true (the default); with `create=False` a
    missing database raises `NoDatabaseError`, which tells the user the command to run.
    """

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if not self.path.exists():
            if not create:
                raise NoDatabaseError(f"There is no vulnerability database at {self.path}.")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the directory of {self.path}: {exc.strerror}.",
                    fix=f"Choose another location with --db or {DB_ENV}.",
                ) from exc
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._prepare(create)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a usable margo-ssdf vulnerability database: {exc}.",
                fix=f"Move the file away, or choose another location with --db or {DB_ENV}.",
            ) from exc
        self._lookups = Lookups(self.path, self._conn, self._lock)

    def _prepare(self, create: bool) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version == 1:  # layout 1 lacks only the per-ecosystem records
            self._migrate()
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer margo-ssdf (layout {version}, this "
                f"version reads {SCHEMA_VERSION}).",
                fix="Upgrade margo-ssdf, or use another database file with --db.",
            )
        tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables == 0:
            if not create:
                raise NoDatabaseError(f"The vulnerability database {self.path} is empty.")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have created it while we waited for the lock.
                if self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            return
        raise StoreError(
            f"{self.path} is not a margo-ssdf vulnerability database of a known layout "
            f"(layout {version}).",
            fix="Delete it and import the advisories again (it is only a cache).",
        )

    def _migrate(self) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(_ECOSYSTEMS_TABLE)
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"{self.path} has the layout of an older margo-ssdf and cannot be upgraded "
                f"({exc}).",
                fix="Make it writable once, or import the advisories into a new database.",
            ) from exc

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> OsvStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- access for the modules that fill and read the store ---------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for this thread alone until the block ends."""
        with self._lock:
            yield self._conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction: committed whole at the end, or not at all.

        Every cached lookup is dropped once it is committed; a failure of the database is a
        StoreError.
        """
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(
                    f"Cannot write to the vulnerability database {self.path}: {exc}.",
                    fix=f"Check that it is writable, or choose another with --db or {DB_ENV}.",
                ) from exc
            self._lookups.forget()

    # -- import ------------------------------------------------------------------------------

    def import_source(self, source: Path | str) -> ImportReport:
        """Import every OSV advisory (JSON or YAML) of a directory tree, a zip, or one file."""
        return importer.import_path(self, source)

    # -- what the store holds ----------------------------------------------------------------

    def status(self) -> StoreStatus:
        """Advisories per ecosystem, the newest dates, and every import."""
        with self._lock:
            conn = self._conn
            total, withdrawn, newest_mod, newest_pub = conn.execute(
                "SELECT count(*), count(withdrawn), max(modified_us), max(published_us)"
                " FROM advisories"
            ).fetchone()
            ecosystems = _ecosystems(conn)
            imports = tuple(
                ImportRecord(*row)
                for row in conn.execute(
                    "SELECT id, started, finished, source, kind, source_sha256, files, added,"
                    " updated, unchanged, stale, rejected FROM imports ORDER BY id"
                )
            )
        return StoreStatus(
            path=str(self.path),
            schema_version=SCHEMA_VERSION,
            advisories=total,
            withdrawn=withdrawn,
            ecosystems=ecosystems,
            newest_modified=_from_micros(newest_mod),
            newest_published=_from_micros(newest_pub),
            imports=imports,
        )

    def import_problems(self, import_id: int) -> list[ImportProblem]:
        """The files refused by one recorded import."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT file, reason FROM import_problems WHERE import_id = ? ORDER BY rowid",
                (import_id,),
            ).fetchall()
        return [ImportProblem(file, reason) for file, reason in rows]

    def require_data(self) -> None:
        """Raise `NoDatabaseError` unless at least one advisory has been imported."""
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM advisories LIMIT 1").fetchone()
        if row is None:
            raise NoDatabaseError(f"The vulnerability database {self.path} holds no advisories.")

    # -- lookups -----------------------------------------------------------------------------

    def packages(self, ecosystem: str) -> list[str]:
        """The (normalised) names of the packages of an ecosystem that have advisories."""
        return self._lookups.packages(ecosystem)

    def get(self, advisory_id: str) -> Advisory | None:
        """The stored advisory with this id (withdrawn or not)."""
        return self._lookups.get(advisory_id)

    def document(self, advisory_id: str) -> dict[str, Any] | None:
        """The stored advisory as published, every field included."""
        return self._lookups.document(advisory_id)

    def advisories_for(
        self, ecosystem: str, name: str, *, include_withdrawn: bool = False
    ) -> list[Advisory]:
        """Every advisory naming the package, whatever the version, sorted by id."""
        return self._lookups.advisories_for(ecosystem, name, include_withdrawn=include_withdrawn)

    def query(self, ecosystem: str, name: str, version: str) -> list[Advisory]:
        """The advisories affecting package `name` at `version`, sorted by id.

        Withdrawn advisories never match. Raises `VersionError` for a version the ecosystem
        cannot parse.
        """
        return [m.advisory for m in self.matches(ecosystem, name, version)]

    def matches(self, ecosystem: str, name: str, version: str) -> list[Match]:
        """Like `query`, with each verdict's caveats (bounds the advisory gave unparsably)."""
        return self._lookups.matches(ecosystem, name, version)
