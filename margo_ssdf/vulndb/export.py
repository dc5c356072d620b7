"""`db export`: the store written out in the layout govulncheck reads with `-db file:///DIR`.

The layout is the Go vulnerability database's v1 protocol, as served by vuln.go.dev:

- `index/db.json`: `{"modified": T}`, the newest `modified` of any advisory;
- `index/modules.json`: one entry per affected module, `{"path", "vulns": [{"id", "modified",
  "fixed"}]}`, where `fixed` is the latest fixed version of the module's SEMVER ranges (left
  out when the vulnerability is unfixed or was re-introduced after its last fix);
- `index/vulns.json`: one entry per advisory, `{"id", "modified", "aliases"}`;
- `ID/<id>.json`: each advisory's OSV JSON as it was imported.

govulncheck then runs offline on exactly the advisories the dependency audit matched against.
Withdrawn advisories are left out, as the audit never matches them. The export is written into
a temporary directory beside the target and renamed into place, so a reader sees the previous
export or the new one; a marker file tells a later export that the directory is ours to replace.
Keys and ids are sorted, so two exports of the same store are byte-identical.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margo_ssdf.errors import OutputError
from margo_ssdf.files import PUBLISHED_MODE
from margo_ssdf.vulndb.errors import NoDatabaseError
from margo_ssdf.vulndb.osv import (
    Advisory,
    Range,
    iso_timestamp,
    parse_advisory_json,
    timestamp_micros,
)
from margo_ssdf.vulndb.store import OsvStore
from margo_ssdf.vulndb.versions import GO, VersionError, canonical_ecosystem, parse_go

__all__ = ["MARKER", "ExportReport", "export_govulncheck", "latest_fixed"]

MARKER = ".margo-ssdf-export.json"
"""The file that marks a directory as an earlier export, which a new export may replace."""
FORMAT = "govulncheck-v1"
"""The layout written, recorded in the marker."""

# Ids become file names: letters, digits and a few separators, never a path.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}")
_TIMESTAMP_FIELDS = ("modified", "published", "withdrawn")
_DIR_MODE = 0o755  # published data, whatever the umask


@dataclass(frozen=True)
class ExportReport:
    """What one export wrote."""

    directory: Path
    """The export directory (absolute)."""
    advisories: int
    """Advisories written, one `ID/<id>.json` each."""
    modules: int
    """Modules in `index/modules.json`."""
    modified: str
    """The database's `modified` (the newest advisory's)."""
    skipped: tuple[tuple[str, str], ...]
    """Advisories left out, with the reason (an id that cannot be a file name)."""
    seconds: float
    """Wall time of the export."""

    @property
    def url(self) -> str:
        """The `-db` argument govulncheck takes for this export."""
        return self.directory.as_uri()


@dataclass
class _Index:
    """The three index files, filled advisory by advisory."""

    modules: dict[str, dict[str, dict[str, str]]]
    vulns: list[dict[str, Any]]
    newest: tuple[int, str] | None = None


def export_govulncheck(
    store: OsvStore, directory: Path, *, ecosystems: Sequence[str] = (GO,),
    only: Collection[str] | None = None, durable: bool = True,
) -> ExportReport:
    """Write the store's advisories of `ecosystems` (Go by default) as a govulncheck database.

    `only` keeps the advisories with these ids (the dependency audit exports just the ones it
    matched); `durable=False` skips the fsyncs, for a private export deleted after one run.
    Refuses a `directory` that is a symbolic link, a file, or a non-empty directory that is not
    an earlier export; raises `NoDatabaseError` when no advisory of the ecosystems is stored.
    """
    started = time.perf_counter()
    target = directory.absolute()
    _check_target(target)
    wanted = sorted({canonical_ecosystem(e) for e in ecosystems})
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        staging.chmod(_DIR_MODE)
        index, written, skipped = _write_advisories(store, staging, wanted, only)
        if not written:
            raise NoDatabaseError(
                f"The vulnerability database {store.path} holds no advisory of "
                f"{', '.join(wanted)} to export."
            )
        _write_index(staging, index, wanted, written)
        if durable:
            _sync_tree(staging)
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    assert index.newest is not None  # at least one advisory was written
    return ExportReport(target, written, len(index.modules), index.newest[1], tuple(skipped),
                        round(time.perf_counter() - started, 3))


def _check_target(target: Path) -> None:
    fix = "Give a new or empty directory, or the directory of an earlier `db export`."
    if target.is_symlink():
        raise OutputError(f"{target} is a symbolic link; the export replaces a directory "
                          "whole and will not follow a link.", fix="Give the real directory.")
    if not target.exists():
        if not target.parent.is_dir():
            raise OutputError(f"The directory {target.parent} does not exist.",
                              fix="Create it first, or choose another place for the export.")
        return
    if not target.is_dir():
        raise OutputError(f"{target} exists and is not a directory.", fix=fix)
    if any(target.iterdir()) and not _is_earlier_export(target):
        raise OutputError(f"{target} is not empty and was not written by `db export` (it has "
                          f"no {MARKER}); refusing to replace it.", fix=fix)


def _is_earlier_export(target: Path) -> bool:
    marker = target / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "margo-ssdf"


def _rows(store: OsvStore, ecosystems: Sequence[str]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    with store.reading() as conn:
        for ecosystem in ecosystems:
            found.update(conn.execute(
                "SELECT a.id, a.document FROM advisories a WHERE a.withdrawn IS NULL AND EXISTS"
                " (SELECT 1 FROM packages p WHERE p.advisory_id = a.id AND p.ecosystem = ?)",
                (ecosystem,),
            ).fetchall())
    return sorted(found.items())


def _write_advisories(
    store: OsvStore, staging: Path, ecosystems: Sequence[str], only: Collection[str] | None
) -> tuple[_Index, int, list[tuple[str, str]]]:
    index = _Index(modules={}, vulns=[])
    skipped: list[tuple[str, str]] = []
    entries = _mkdir(staging / "ID")
    written = 0
    for advisory_id, text in _rows(store, ecosystems):
        if only is not None and advisory_id not in only:
            continue
        if not _SAFE_ID.fullmatch(advisory_id) or ".." in advisory_id:
            skipped.append((advisory_id, "the id cannot be used as a file name"))
            continue
        advisory = parse_advisory_json(text, f"{store.path}:{advisory_id}")
        _write_file(entries / f"{advisory_id}.json", _entry_bytes(text))
        _add(index, advisory, ecosystems)
        written += 1
    return index, written, skipped


def _entry_bytes(text: str) -> bytes:
    """The advisory as imported, unless a timestamp is not in the RFC 3339 form Go reads."""
    document = json.loads(text)
    fixed = {key: iso_timestamp(document[key]) for key in _TIMESTAMP_FIELDS
             if isinstance(document.get(key), str)}
    if all(document[key] == value for key, value in fixed.items()):
        return text.encode("utf-8")
    document.update(fixed)
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _add(index: _Index, advisory: Advisory, ecosystems: Sequence[str]) -> None:
    modified = advisory.modified
    micros = timestamp_micros(modified)
    if index.newest is None or micros > index.newest[0]:
        index.newest = (micros, modified)
    vuln: dict[str, Any] = {"id": advisory.id, "modified": modified}
    if advisory.aliases:
        vuln["aliases"] = sorted(set(advisory.aliases))
    index.vulns.append(vuln)
    ranges: dict[str, list[Range]] = {}
    for affected in advisory.affected:
        package = affected.package
        if package is not None and canonical_ecosystem(package.ecosystem) in ecosystems:
            ranges.setdefault(package.name, []).extend(affected.ranges)
    for module, module_ranges in ranges.items():
        entry = {"id": advisory.id, "modified": modified}
        if fixed := latest_fixed(module_ranges):
            entry["fixed"] = fixed
        index.modules.setdefault(module, {})[advisory.id] = entry


def latest_fixed(ranges: Iterable[Range]) -> str:
    """The latest fixed version of SEMVER ranges, or "" when a range re-opens after it.

    This is the `fixed` the Go vulnerability database puts in its module index.
    """
    latest = ""
    for rng in ranges:
        if rng.type != "SEMVER":
            continue
        for event in rng.events:
            if event.kind == "fixed" and _less(latest, event.version):
                latest = event.version
        if any(e.kind == "introduced" and e.version != "0" and _less(latest, e.version)
               for e in rng.events):
            latest = ""
    return latest


def _less(a: str, b: str) -> bool:
    # As golang.org/x/mod/semver: an invalid version sorts below every valid one.
    try:
        left = parse_go(a) if a else None
    except VersionError:
        left = None
    try:
        right = parse_go(b)
    except VersionError:
        return False
    return left is None or left < right


def _write_index(staging: Path, index: _Index, ecosystems: Sequence[str], count: int) -> None:
    assert index.newest is not None
    folder = _mkdir(staging / "index")
    modules = [
        {"path": path, "vulns": [vulns[i] for i in sorted(vulns)]}
        for path, vulns in sorted(index.modules.items())
    ]
    _write_file(folder / "db.json", _json({"modified": index.newest[1]}))
    _write_file(folder / "modules.json", _json(modules))
    _write_file(folder / "vulns.json", _json(sorted(index.vulns, key=lambda v: v["id"])))
    marker = {"generator": "margo-ssdf", "format": FORMAT, "ecosystems": list(ecosystems),
              "advisories": count}
    _write_file(staging / MARKER, _json(marker))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PUBLISHED_MODE)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(f.fileno(), PUBLISHED_MODE)
        f.write(data)


def _sync_tree(root: Path) -> None:
    """Make every file and directory below `root` durable before it is renamed into place.

    The fsyncs run in threads: one after another they cost several seconds for the Go corpus,
    while the disk can take many at once.
    """
    files = [p for p in root.rglob("*") if p.is_file()]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(_sync_file, files))
    for folder in (*(p for p in root.rglob("*") if p.is_dir()), root):
        _sync_dir(folder)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mkdir(path: Path) -> Path:
    path.mkdir()
    path.chmod(_DIR_MODE)
    return path


def _sync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(staging: Path, target: Path) -> None:
    """Put the staged export at `target`, moving an earlier one aside and deleting it after."""
    if not target.exists():
        staging.rename(target)
        _sync_dir(target.parent)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    _sync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)
