"""Small OSV advisories built in code, and where the test data lives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from margo_ssdf.vulndb.osv import Advisory, parse_advisory

DATA = Path(__file__).resolve().parent / "data"
TREE = DATA / "tree"
CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"


def rng(*events: tuple[str, str], kind: str = "ECOSYSTEM", **extra: Any) -> dict[str, Any]:
    """A range from (event kind, version) pairs."""
    return {"type": kind, "events": [{k: v} for k, v in events], **extra}


def entry(
    name: str,
    *ranges: dict[str, Any],
    ecosystem: str = "PyPI",
    versions: list[str] | None = None,
) -> dict[str, Any]:
    """An `affected` entry."""
    out: dict[str, Any] = {"package": {"ecosystem": ecosystem, "name": name}}
    if ranges:
        out["ranges"] = list(ranges)
    if versions is not None:
        out["versions"] = versions
    return out


def doc(advisory_id: str, *affected: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An OSV document with sensible defaults."""
    return {
        "id": advisory_id,
        "modified": fields.pop("modified", "2024-01-01T00:00:00Z"),
        "affected": list(affected),
        **fields,
    }


def advisory(advisory_id: str, *affected: dict[str, Any], **fields: Any) -> Advisory:
    """A validated advisory."""
    return parse_advisory(doc(advisory_id, *affected, **fields), f"{advisory_id}.json")


def write_json(directory: Path, document: dict[str, Any], name: str | None = None) -> Path:
    """Write an advisory as JSON under `directory`; returns the file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or f"{document['id']}.json")
    path.write_text(json.dumps(document, indent=1), "utf-8")
    return path


def mark_current(db: Path, *ecosystems: str) -> None:
    """Record the store's data as exported just now, as `db update` records an export's
    `Last-Modified`: the fixtures' advisories are dated 2023-2024, and stand for today's data
    in tests that are not about staleness."""
    import sqlite3
    from datetime import UTC, datetime

    from margo_ssdf.vulndb.osv import iso_timestamp

    now = iso_timestamp(datetime.now(UTC))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT DISTINCT ecosystem FROM packages")
        names = ecosystems or tuple(r[0] for r in rows)
        conn.executemany(
            "INSERT INTO ecosystems (ecosystem, export_time) VALUES (?, ?) ON CONFLICT(ecosystem)"
            " DO UPDATE SET export_time = excluded.export_time", [(n, now) for n in names])
    conn.close()


def store_of(directory: Path, documents: list[dict[str, Any]]) -> Path:
    """An OSV store in `directory` holding these advisories, recorded as today's data."""
    from margo_ssdf.vulndb import OsvStore

    src = directory / "osv"
    src.mkdir()
    for document in documents:
        write_json(src, document)
    path = directory / "osv.sqlite3"
    with OsvStore(path) as store:
        store.import_source(src)
    mark_current(path)
    return path
