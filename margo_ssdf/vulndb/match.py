"""Whether an advisory affects a package version, following the OSV evaluation rules exactly.

A version is affected when, for an `affected` entry naming the package, it is listed in
`versions` or lies in one of the `ranges` (https://ossf.github.io/osv-schema/#evaluation):
a range's events are sorted by version; walking them, `introduced` <= v turns the range on,
`fixed` <= v and `last_affected` < v turn it off; when the range has `limit` events, v must be
below one of them. `introduced: "0"` is the beginning of time and a `limit` containing `*` is
infinity. GIT ranges name commits and cannot be compared with a version, so they are ignored
(the `versions` list next to them still counts). A withdrawn advisory never matches.

Names compare as the ecosystem compares them: PyPI names after PEP 503 normalisation
(`PyYAML` is `pyyaml`), Go module paths exactly (they are case-sensitive).

Bad data in an advisory never hides a vulnerability silently: an event version the ecosystem
cannot parse is skipped so that the range only grows (an unreadable `introduced` counts as the
beginning, an unreadable `fixed`, `last_affected` or `limit` as absent), and the result carries
a caveat that says so. An unparsable *installed* version, on the other hand, is the caller's
input and raises `VersionError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from packaging.version import Version

from margo_ssdf.vulndb.osv import Advisory, Affected, timestamp_micros
from margo_ssdf.vulndb.versions import (
    GO,
    PYPI,
    RANGE_GIT,
    SemVer,
    VersionError,
    canonical,
    canonical_ecosystem,
    parse,
    parse_go,
    parse_query,
    supports,
)

GO_STDLIB = "stdlib"
"""The Go vulnerability database's name for the Go standard library."""
GO_TOOLCHAIN = "toolchain"
"""The Go vulnerability database's name for the `go` command and its tools."""

_BEGINNING: tuple[int, ...] = (0,)
# Sorts before every `(1, version)` key, whatever the version type.

_PEP503 = re.compile(r"[-_.]+")


def normalise_name(ecosystem: str, name: str) -> str:
    """The name as the ecosystem compares it: PEP 503 for PyPI, unchanged otherwise."""
    if canonical_ecosystem(ecosystem) == PYPI:
        return _PEP503.sub("-", name).lower()
    return name


@dataclass(frozen=True)
class Match:
    """The verdict of one advisory on one package version."""

    advisory: Advisory
    """The advisory evaluated."""
    affected: bool
    """True when the version is affected."""
    caveats: tuple[str, ...] = ()
    """Why the verdict may be wider than the advisory meant (unparsable bounds in its ranges)."""


@lru_cache(maxsize=65536)
def _maybe_parse(ecosystem: str, text: str, range_type: str) -> Version | SemVer | None:
    # Cached, and None rather than an exception: the same bad strings recur on every query.
    try:
        return parse(ecosystem, text, range_type)
    except VersionError:
        return None


def _entries(advisory: Advisory, ecosystem: str, name: str) -> Iterable[Affected]:
    for entry in advisory.affected:
        package = entry.package
        if package is None:
            continue
        if package.ecosystem != ecosystem and canonical_ecosystem(package.ecosystem) != ecosystem:
            continue
        if normalise_name(ecosystem, package.name) == name:
            yield entry


_Events = tuple[tuple[str, str], ...]
# (kind, version) pairs of one range.
_Ranges = tuple[tuple[str, _Events], ...]
# (range type, events) of one affected entry; GIT ranges already left out.


_Key = tuple[Any, ...]
# `(0,)` is the beginning; `(1, version)` a version. Tuples let the two compare safely.


@dataclass(frozen=True)
class _Timeline:
    """A range with its events parsed and sorted once, ready for many versions."""

    range_type: str
    points: tuple[tuple[_Key, int, str], ...]
    """(bound, rank, kind), sorted; at equal bounds `introduced` (rank 0) goes first."""
    limits: tuple[_Key | None, ...]
    """Upper limits; None is infinity."""
    caveats: tuple[str, ...]
    """Event versions that could not be parsed, and what was made of them."""

    @classmethod
    def of(cls, range_type: str, events: _Events, ecosystem: str) -> _Timeline:
        points: list[tuple[_Key, int, str]] = []
        limits: list[_Key | None] = []
        caveats: list[str] = []
        for kind, version in events:
            if kind == "introduced" and version == "0":
                points.append((_BEGINNING, 0, kind))
                continue
            if kind == "limit" and "*" in version:
                limits.append(None)
                continue
            parsed = _maybe_parse(ecosystem, version, range_type)
            if parsed is None:
                opening = kind == "introduced"
                caveats.append(
                    f"{kind} '{version}' is not a valid {ecosystem} version; "
                    + ("read as the beginning" if opening else "ignored")
                )
                if opening:
                    points.append((_BEGINNING, 0, kind))
                elif kind == "limit":
                    limits.append(None)
                continue
            if kind == "limit":
                limits.append((1, parsed))
            else:
                points.append(((1, parsed), 0 if kind == "introduced" else 1, kind))
        points.sort(key=lambda p: (p[0], p[1]))
        return cls(range_type, tuple(points), tuple(limits), tuple(caveats))

    def contains(self, version: Version | SemVer) -> bool:
        key = (1, version)
        if self.limits and not any(limit is None or key < limit for limit in self.limits):
            return False
        vulnerable = False
        for bound, _rank, kind in self.points:
            if kind == "introduced":
                if key >= bound:
                    vulnerable = True
            elif kind == "fixed":
                if key >= bound:
                    vulnerable = False
            elif key > bound:  # last_affected
                vulnerable = False
        return vulnerable


@dataclass(frozen=True)
class PackageVersion:
    """An installed package version, normalised and parsed once for many advisories."""

    ecosystem: str
    """The OSV ecosystem name."""
    name: str
    """The name as the ecosystem compares it (PEP 503 for PyPI)."""
    version: str
    """The version as installed."""
    key: str
    """The spelling all equal versions share (`canonical`), to look up listed versions."""

    @classmethod
    def of(cls, ecosystem: str, name: str, version: str) -> PackageVersion:
        """Prepare a lookup; raises `VersionError` for an invalid PyPI or Go version."""
        eco = canonical_ecosystem(ecosystem)
        if supports(eco):
            parse_query(eco, version)
        return cls(eco, normalise_name(eco, name), version, canonical(eco, version))


class PackageRule:
    """What one advisory says about one package, prepared once for many versions.

    It holds the advisory's ECOSYSTEM and SEMVER ranges for the package (GIT ranges cannot be
    evaluated against a version) and its listed versions, spelled canonically so that a listed
    `2.10.0` matches an installed `2.10`.
    """

    def __init__(self, ecosystem: str, entries: Iterable[tuple[_Ranges, Iterable[str]]]) -> None:
        self.ecosystem = canonical_ecosystem(ecosystem)
        timelines: list[_Timeline] = []
        listed: set[str] = set()
        for ranges, versions in entries:
            timelines.extend(_Timeline.of(kind, events, self.ecosystem) for kind, events in ranges)
            listed.update(versions)
        self._timelines = tuple(timelines)
        self._listed = frozenset(listed)

    @classmethod
    def from_json(cls, ecosystem: str, text: str) -> PackageRule:
        """A rule stored by `OsvStore` (the `to_json` of `rules`)."""
        entries: list[tuple[_Ranges, list[str]]] = [
            (tuple((kind, tuple((k, v) for k, v in events)) for kind, events in ranges), listed)
            for ranges, listed in json.loads(text)
        ]
        return cls(ecosystem, entries)

    def decide(self, package: PackageVersion) -> tuple[bool, tuple[str, ...]]:
        """Whether the package version is affected, and the caveats of that answer."""
        if package.key in self._listed:
            return True, ()
        caveats: list[str] = []
        for timeline in self._timelines:
            caveats.extend(timeline.caveats)
            current = _maybe_parse(self.ecosystem, package.version, timeline.range_type)
            if current is None:
                caveats.append(
                    f"a {timeline.range_type} range was not evaluated: "
                    f"'{package.version}' cannot be ordered in it"
                )
            elif timeline.contains(current):
                return True, tuple(dict.fromkeys(caveats))
        return False, tuple(dict.fromkeys(caveats))


def _rule_entries(advisory: Advisory) -> dict[tuple[str, str], list[tuple[_Ranges, list[str]]]]:
    rules: dict[tuple[str, str], list[tuple[_Ranges, list[str]]]] = {}
    for entry in advisory.affected:
        if entry.package is None:
            continue
        eco = canonical_ecosystem(entry.package.ecosystem)
        ranges = tuple(
            (r.type, tuple((e.kind, e.version) for e in r.events))
            for r in entry.ranges
            if r.type != RANGE_GIT
        )
        listed = sorted({canonical(eco, v) for v in entry.versions})
        key = (eco, normalise_name(eco, entry.package.name))
        rules.setdefault(key, []).append((ranges, listed))
    return rules


def rules_json(advisory: Advisory) -> dict[tuple[str, str], str]:
    """Per (ecosystem, normalised name), the advisory's rule as compact JSON, for the store."""
    return {
        key: json.dumps(entries, separators=(",", ":"))
        for key, entries in _rule_entries(advisory).items()
    }


class AdvisoryMatcher:
    """An advisory prepared for many lookups: each package's rule is built only once."""

    def __init__(self, advisory: Advisory) -> None:
        self.advisory = advisory
        self._entries = _rule_entries(advisory)
        self._rules: dict[tuple[str, str], PackageRule] = {}

    def match(self, ecosystem: str, name: str, version: str) -> Match:
        """Evaluate the advisory for package `name` at `version` (see `match_advisory`)."""
        return self.check(PackageVersion.of(ecosystem, name, version))

    def check(self, package: PackageVersion) -> Match:
        """Evaluate the advisory for a prepared package version."""
        if self.advisory.is_withdrawn:
            return Match(self.advisory, affected=False)
        key = (package.ecosystem, package.name)
        rule = self._rules.get(key)
        if rule is None:
            rule = self._rules[key] = PackageRule(package.ecosystem, self._entries.get(key, ()))
        affected, caveats = rule.decide(package)
        return Match(self.advisory, affected, caveats)


def match_advisory(advisory: Advisory, ecosystem: str, name: str, version: str) -> Match:
    """Evaluate `advisory` for package `name` at `version` in `ecosystem`.

    Raises `VersionError` when `version` is not a valid version of a PyPI or Go package.
    """
    return AdvisoryMatcher(advisory).match(ecosystem, name, version)


def affects(advisory: Advisory, ecosystem: str, name: str, version: str) -> bool:
    """True when `advisory` affects package `name` at `version` in `ecosystem`."""
    return match_advisory(advisory, ecosystem, name, version).affected


def fixed_versions(
    advisory: Advisory, ecosystem: str, name: str, version: str | None = None
) -> list[str]:
    """The `fixed` versions the advisory gives for the package, lowest first.

    With `version`, only fixes above it are returned: the releases one could upgrade to. An
    empty list means the advisory names no fix (it may give only `last_affected`).
    """
    eco = canonical_ecosystem(ecosystem)
    wanted = normalise_name(eco, name)
    if version is not None and supports(eco):
        parse_query(eco, version)
    keyed: dict[str, tuple[Any, ...]] = {}
    for entry in _entries(advisory, eco, wanted):
        for rng in entry.ranges:
            if rng.type == RANGE_GIT:
                continue
            current = _maybe_parse(eco, version, rng.type) if version is not None else None
            for event in rng.events:
                if event.kind != "fixed" or event.version in keyed:
                    continue
                bound = _maybe_parse(eco, event.version, rng.type)
                if bound is None:
                    keyed[event.version] = (1, "", event.version)
                    continue
                if current is not None and not bound > current:
                    continue
                keyed[event.version] = (0, type(bound).__name__, bound)
    return sorted(keyed, key=lambda text: keyed[text])


@dataclass(frozen=True)
class Vulnerability:
    """One vulnerability, reported once, with every advisory that describes it."""

    id: str
    """The id to show: the ecosystem database's own (GO-, PYSEC-) before GHSA before CVE."""
    aliases: tuple[str, ...]
    """Every other id of the vulnerability, sorted."""
    advisories: tuple[Advisory, ...]
    """The advisories merged here, preferred first."""

    @property
    def published(self) -> str | None:
        """The earliest real publication date among the advisories, or None.

        The Go database writes year 1 as a placeholder when it does not know the date; such
        dates are ignored rather than taken as the earliest.
        """
        dates = [a.published for a in self.advisories
                 if a.published and not a.published.startswith(("0001-", "1970-01-01"))]
        return min(dates) if dates else None


def _preference(advisory_id: str) -> tuple[int, str]:
    if advisory_id.startswith(("GO-", "PYSEC-")):
        return (0, advisory_id)
    if advisory_id.startswith("GHSA-"):
        return (1, advisory_id)
    if advisory_id.startswith("CVE-"):
        return (3, advisory_id)
    return (2, advisory_id)


def merge_aliases(advisories: Iterable[Advisory]) -> list[Vulnerability]:
    """Group advisories that name each other (directly or through shared aliases).

    Call it with the advisories found for one package, so that a CVE affecting two packages is
    still reported once per package. The result is sorted by id.
    """
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    latest: dict[str, Advisory] = {}
    for advisory in advisories:
        known = latest.get(advisory.id)
        if known is None or timestamp_micros(known.modified) < timestamp_micros(advisory.modified):
            latest[advisory.id] = advisory
        for alias in advisory.aliases:
            a, b = root(advisory.id), root(alias)
            if a != b:
                parent[max(a, b)] = min(a, b)
        root(advisory.id)
    groups: dict[str, list[Advisory]] = {}
    for advisory in latest.values():
        groups.setdefault(root(advisory.id), []).append(advisory)
    merged = []
    for members in groups.values():
        members.sort(key=lambda a: _preference(a.id))
        ids = {i for a in members for i in a.ids}
        primary = members[0].id
        merged.append(Vulnerability(primary, tuple(sorted(ids - {primary})), tuple(members)))
    return sorted(merged, key=lambda v: v.id)


def go_toolchain_packages(go: str | None, toolchain: str | None = None) -> list[tuple[str, str]]:
    """The (package, version) pairs to look up for a Go module's `go` and `toolchain` directives.

    The toolchain directive, when present, names the Go release that builds the module;
    otherwise the `go` directive's version is the oldest release that may. Both the standard
    library (`stdlib`) and the `go` command (`toolchain`) of that release are checked.
    """
    version = toolchain if toolchain not in (None, "default") else go
    if version is None:
        return []
    parse_go(version)  # raises VersionError for a malformed directive
    return [(GO_STDLIB, version), (GO_TOOLCHAIN, version)]


__all__ = [
    "GO",
    "GO_STDLIB",
    "GO_TOOLCHAIN",
    "PYPI",
    "AdvisoryMatcher",
    "Match",
    "PackageRule",
    "PackageVersion",
    "Vulnerability",
    "affects",
    "fixed_versions",
    "go_toolchain_packages",
    "match_advisory",
    "merge_aliases",
    "normalise_name",
    "rules_json",
]
