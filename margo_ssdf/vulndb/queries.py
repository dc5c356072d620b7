"""Looking advisories up in the store: by id, by package, and by package version.

Parsed advisories, package rules and answers are cached in memory; the store drops them
whenever its content changes (see `OsvStore.writing`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from margo_ssdf.vulndb.match import Match, PackageRule, PackageVersion, normalise_name
from margo_ssdf.vulndb.osv import Advisory, parse_advisory_json
from margo_ssdf.vulndb.versions import canonical_ecosystem


class Lookups:
    """Answers from one store's connection, each taken under the store's lock."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self._path = path
        self._conn = conn
        self._lock = lock
        self._models: dict[str, Advisory] = {}
        self._rules: dict[tuple[str, str, str], PackageRule] = {}
        self._answers: dict[PackageVersion, list[Match]] = {}

    def forget(self) -> None:
        """Drop every cached answer: the store's content changed."""
        with self._lock:
            self._models.clear()
            self._rules.clear()
            self._answers.clear()

    def packages(self, ecosystem: str) -> list[str]:
        """The (normalised) names of the packages of an ecosystem that have advisories."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT DISTINCT name FROM packages WHERE ecosystem = ? ORDER BY name",
                (canonical_ecosystem(ecosystem),),
            ).fetchall()
        return [name for (name,) in rows]

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
            cached = parse_advisory_json(text, f"{self._path}:{advisory_id}")
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

    def matches(self, ecosystem: str, name: str, version: str) -> list[Match]:
        """The advisories affecting the package version, each with its verdict's caveats."""
        package = PackageVersion.of(ecosystem, name, version)
        with self._lock:
            known = self._answers.get(package)
            if known is None:
                known = self._decide(package)
                # The same pin recurs across requirements files and go.mod files of a tree.
                self._answers[package] = known
            return list(known)

    def _decide(self, package: PackageVersion) -> list[Match]:
        found = []
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
                found.append(Match(advisory, True, caveats))
        return found
