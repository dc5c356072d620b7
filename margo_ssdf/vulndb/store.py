"""The offline OSV store: advisories imported from directories or zips into one SQLite file.

Each advisory is kept as the JSON it was published as (YAML sources are converted, with their
dates written as ISO 8601 strings), next to an index of the (ecosystem, normalised name) of
every package it affects, so a lookup reads only the few advisories of that package.

Imports are incremental and idempotent, keyed by advisory id and `modified`:

- a file whose bytes are already stored is skipped without being parsed;
- a newer `modified` replaces the stored advisory, an older one is skipped as stale;
- the same `modified` with different content also replaces it, because the Go vulnerability
  database publishes every advisory with `modified` set to 0001-01-01T00:00:00Z, so its
  timestamps cannot tell an updated advisory from an unchanged one.

A bad advisory is reported with its file and reason and never stops the import. A corrupt zip
stops it before anything is written. Every import is recorded (when, from what, the source's
sha256, counts), so an audit can state how fresh its data was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

from margo_ssdf.errors import ExitCode, MargoError
from margo_ssdf.files import sha256_file
from margo_ssdf.vulndb.match import (
    Match,
    PackageRule,
    PackageVersion,
    normalise_name,
    rules_json,
)
from margo_ssdf.vulndb.osv import (
    MAX_DOCUMENT_BYTES,
    Advisory,
    AdvisoryError,
    is_advisory_name,
    is_yaml_name,
    iso_timestamp,
    load_advisory,
    parse_advisory_json,
    timestamp_micros,
)
from margo_ssdf.vulndb.versions import canonical_ecosystem

SCHEMA_VERSION = 1
"""Version of the database layout, kept in SQLite's `user_version`."""
DB_ENV = "MARGO_SSDF_DB"
"""Environment variable that moves the default database."""
DB_FILE_NAME = "osv.sqlite3"

_IMPORT_COMMAND = "margo-ssdf db import PATH"

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
"""


class StoreError(MargoError):
    """The vulnerability database or an import source cannot be used."""


class NoDatabaseError(StoreError):
    """No advisories have been imported, so nothing can be concluded about vulnerabilities."""

    exit_code = ExitCode.CHECK_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(
            message,
            fix=(
                f"Import OSV advisories first: `{_IMPORT_COMMAND}` (a directory or zip of OSV "
                f"JSON or YAML files); use --db or {DB_ENV} to choose the database file."
            ),
        )


def default_db_path() -> Path:
    """`$MARGO_SSDF_DB` when set, else `osv.sqlite3` in the user cache directory."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("margo-ssdf")) / DB_FILE_NAME


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


def _now() -> str:
    return iso_timestamp(datetime.now(UTC))


def _from_micros(micros: int | None) -> str | None:
    if micros is None:
        return None
    return iso_timestamp(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros))


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


class _Source:
    """Yields (display name, bytes) of every advisory file of a directory, zip or file."""

    def __init__(self, path: Path) -> None:
        self.path = path
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
        if self.kind != "directory":
            return sha256_file(self.path)
        h = hashlib.sha256()
        for name, digest in sorted(self.manifest):
            h.update(f"{name}\t{digest}\n".encode())
        return h.hexdigest()

    def files(self) -> Iterator[tuple[str, bytes]]:
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
        self._models: dict[str, Advisory] = {}
        self._rules: dict[tuple[str, str, str], PackageRule] = {}
        self._answers: dict[PackageVersion, list[Match]] = {}
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._prepare(create)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a usable margo-ssdf vulnerability database: {exc}.",
                fix=f"Move the file away, or choose another location with --db or {DB_ENV}.",
            ) from exc

    def _prepare(self, create: bool) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
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

    # -- import ------------------------------------------------------------------------------

    def import_source(self, source: Path | str) -> ImportReport:
        """Import every OSV advisory (JSON or YAML) of a directory tree, a zip, or one file."""
        path = Path(source).absolute()
        if not path.exists():
            raise StoreError(
                f"The advisory source {path} does not exist.",
                fix="Give a directory or zip of OSV JSON or YAML files.",
            )
        started, clock = _now(), time.perf_counter()
        reader = _Source(path)
        with self._lock:
            stored = {
                row[0]: _Stored(row[1], row[2])
                for row in self._conn.execute("SELECT id, modified_us, file_sha256 FROM advisories")
            }
            known_bytes = {s.file_sha256 for s in stored.values()}
            pending: dict[str, _Pending] = {}
            counts = dict.fromkeys(("files", "added", "updated", "unchanged", "stale"), 0)
            for name, raw in reader.files():
                counts["files"] += 1
                digest = hashlib.sha256(raw).hexdigest()
                if digest in known_bytes:
                    counts["unchanged"] += 1
                    continue
                try:
                    document, advisory = load_advisory(raw, name)
                except AdvisoryError as exc:
                    reader.problems.append(ImportProblem(exc.file, exc.reason))
                    continue
                counts[self._stage(advisory, document, raw, name, digest, stored, pending)] += 1
            report = ImportReport(
                source=str(path),
                kind=reader.kind,
                source_sha256=reader.digest(),
                started=started,
                seconds=0.0,
                files=counts["files"],
                added=counts["added"],
                updated=counts["updated"],
                unchanged=counts["unchanged"],
                stale=counts["stale"],
                problems=tuple(reader.problems),
            )
            try:
                self._write(report, _now(), pending, replaced=set(pending) & set(stored))
            except sqlite3.Error as exc:
                raise StoreError(
                    f"Cannot write to the vulnerability database {self.path}: {exc}.",
                    fix=f"Check that it is writable, or choose another with --db or {DB_ENV}.",
                ) from exc
            self._models.clear()
            self._rules.clear()
            self._answers.clear()
        return replace(report, seconds=round(time.perf_counter() - clock, 3))

    def _stage(
        self,
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
            if modified_us == previous.modified_us and self._same_document(
                advisory.id, document, earlier
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
        self, advisory_id: str, document: dict[str, Any], earlier: _Pending | None
    ) -> bool:
        if earlier is not None:
            text = earlier.document
        else:
            row = self._conn.execute(
                "SELECT document FROM advisories WHERE id = ?", (advisory_id,)
            ).fetchone()
            text = row[0]
        return bool(json.loads(text) == document)

    def _write(
        self, report: ImportReport, finished: str, pending: dict[str, _Pending], replaced: set[str]
    ) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
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
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- reading -----------------------------------------------------------------------------

    def status(self) -> StoreStatus:
        """Advisories per ecosystem, the newest dates, and every import."""
        with self._lock:
            conn = self._conn
            total, withdrawn, newest_mod, newest_pub = conn.execute(
                "SELECT count(*), count(withdrawn), max(modified_us), max(published_us)"
                " FROM advisories"
            ).fetchone()
            ecosystems = tuple(
                EcosystemStatus(row[0], row[1], row[2], _from_micros(row[3]), _from_micros(row[4]))
                for row in conn.execute(
                    "SELECT p.ecosystem, count(DISTINCT a.id),"
                    " count(DISTINCT CASE WHEN a.withdrawn IS NOT NULL THEN a.id END),"
                    " max(a.modified_us), max(a.published_us)"
                    " FROM packages p JOIN advisories a ON a.id = p.advisory_id"
                    " GROUP BY p.ecosystem ORDER BY p.ecosystem"
                )
            )
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

    def packages(self, ecosystem: str) -> list[str]:
        """The (normalised) names of the packages of an ecosystem that have advisories."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT DISTINCT name FROM packages WHERE ecosystem = ? ORDER BY name",
                (canonical_ecosystem(ecosystem),),
            ).fetchall()
        return [name for (name,) in rows]

    def require_data(self) -> None:
        """Raise `NoDatabaseError` unless at least one advisory has been imported."""
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM advisories LIMIT 1").fetchone()
        if row is None:
            raise NoDatabaseError(f"The vulnerability database {self.path} holds no advisories.")

    def _advisory(self, advisory_id: str, text: str | None = None) -> Advisory | None:
        cached = self._models.get(advisory_id)
        if cached is None:
            if text is None:
                row = self._conn.execute(
                    "SELECT document FROM advisories WHERE id = ?", (advisory_id,)
                ).fetchone()
                if row is None:
                    return None
                text = row[0]
            cached = parse_advisory_json(text, f"{self.path}:{advisory_id}")
            self._models[advisory_id] = cached
        return cached

    def get(self, advisory_id: str) -> Advisory | None:
        """The stored advisory with this id (withdrawn or not)."""
        with self._lock:
            return self._advisory(advisory_id)

    def document(self, advisory_id: str) -> dict[str, Any] | None:
        """The stored advisory as published, every field included."""
        with self._lock:
            row = self._conn.execute(
                "SELECT document FROM advisories WHERE id = ?", (advisory_id,)
            ).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        return data

    def advisories_for(
        self, ecosystem: str, name: str, *, include_withdrawn: bool = False
    ) -> list[Advisory]:
        """Every advisory naming the package, whatever the version, sorted by id."""
        eco = canonical_ecosystem(ecosystem)
        sql = (
            "SELECT a.id, a.document FROM packages p JOIN advisories a ON a.id = p.advisory_id"
            " WHERE p.ecosystem = ? AND p.name = ?"
        )
        if not include_withdrawn:
            sql += " AND a.withdrawn IS NULL"
        with self._lock:
            rows = self._conn.execute(
                sql + " ORDER BY a.id", (eco, normalise_name(eco, name))
            ).fetchall()
            found = (self._advisory(advisory_id, text) for advisory_id, text in rows)
            return [a for a in found if a is not None]

    def query(self, ecosystem: str, name: str, version: str) -> list[Advisory]:
        """The advisories affecting package `name` at `version`, sorted by id.

        Withdrawn advisories never match. Raises `VersionError` for a version the ecosystem
        cannot parse.
        """
        return [m.advisory for m in self.matches(ecosystem, name, version)]

    def matches(self, ecosystem: str, name: str, version: str) -> list[Match]:
        """Like `query`, with each verdict's caveats (bounds the advisory gave unparsably)."""
        package = PackageVersion.of(ecosystem, name, version)
        with self._lock:
            known = self._answers.get(package)
            if known is None:
                known = []
                rows = self._conn.execute(
                    "SELECT p.advisory_id, p.rule FROM packages p"
                    " JOIN advisories a ON a.id = p.advisory_id"
                    " WHERE p.ecosystem = ? AND p.name = ? AND a.withdrawn IS NULL"
                    " ORDER BY p.advisory_id",
                    (package.ecosystem, package.name),
                ).fetchall()
                for advisory_id, text in rows:
                    key = (advisory_id, package.ecosystem, package.name)
                    rule = self._rules.get(key)
                    if rule is None:
                        rule = self._rules[key] = PackageRule.from_json(package.ecosystem, text)
                    affected, caveats = rule.decide(package)
                    advisory = self._advisory(advisory_id) if affected else None
                    if advisory is not None:
                        known.append(Match(advisory, True, caveats))
                # The same pin recurs across requirements files and go.mod files of a tree.
                self._answers[package] = known
            return list(known)
