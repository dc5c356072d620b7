"""Known vulnerabilities in the project's dependencies, from the offline OSV store.

One function, `audit`, serves the `deps.audit` check, the `vuln.response` clock and
`margo-ssdf audit-sbom`: it takes pinned dependencies, asks the store, merges aliases so each
vulnerability is reported once per package, and attaches the VEX statement that covers it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError
from pydantic import BaseModel, ConfigDict, Field

from margo_ssdf.discovery.dependencies import Dependency, Ecosystem, Inventory
from margo_ssdf.models import Severity
from margo_ssdf.vulndb import (
    GO_STDLIB,
    Advisory,
    OsvStore,
    VersionError,
    Vulnerability,
    fixed_versions,
    go_toolchain_packages,
    merge_aliases,
)
from margo_ssdf.vulndb.osv import timestamp_micros


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VexDecision(_Wire):
    """The VEX statement that covers a finding."""

    status: str
    justification: str | None = None
    statement: str | None = Field(default=None, description="Impact or action statement.")
    source: str = Field(description="The VEX document, relative to the project root.")


class VulnFinding(_Wire):
    """One vulnerability in one package version."""

    id: str
    aliases: tuple[str, ...] = ()
    ecosystem: str
    package: str
    version: str
    purl: str
    fixed_versions: tuple[str, ...] = Field(description="Releases that fix it, lowest first.")
    severity: Severity
    cvss_vector: str | None = None
    cvss_score: float | None = None
    severity_source: str = Field(
        description="cvss or database (GHSA rating), with the alias record it came from when "
                    "not the matched advisory, e.g. 'cvss (alias GHSA-...)'; or unknown.")
    published: str | None = Field(default=None, description=(
        "The earliest real date among the advisory and its aliases' records: published, "
        "else modified."))
    summary: str = ""
    sources: tuple[str, ...] = Field(description="Manifests that pin this version.")
    vex: VexDecision | None = None
    caveats: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        """Affected and not triaged away by VEX (not_affected or fixed)."""
        return self.vex is None or self.vex.status not in ("not_affected", "fixed")


class SkippedDependency(_Wire):
    """A dependency that could not be audited, and why (never silently dropped)."""

    ecosystem: str
    package: str
    source: str
    reason: str


class DatabaseInfo(_Wire):
    """How fresh the vulnerability data was: auditors must see it."""

    advisories: int
    last_import: str | None
    source_sha256: tuple[str, ...] = Field(description="Digests of every imported source.")
    newest_published: dict[str, str | None] = Field(description="Per ecosystem.")
    age_days: dict[str, int | None] = Field(
        description="Days between the newest advisory published and the audit, per ecosystem.")


class AuditReport(_Wire):
    """The result of auditing a set of dependencies."""

    database: DatabaseInfo
    audited: int
    findings: tuple[VulnFinding, ...]
    skipped: tuple[SkippedDependency, ...]

    def counts(self) -> dict[Severity, int]:
        """Open findings by severity."""
        out: dict[Severity, int] = {}
        for f in self.findings:
            if f.open:
                out[f.severity] = out.get(f.severity, 0) + 1
        return out


def _cvss(advisory: Advisory) -> tuple[str, float] | None:
    classes: dict[str, Callable[[str], Any]] = {"CVSS_V4": CVSS4, "CVSS_V3": CVSS3,
                                                "CVSS_V2": CVSS2}
    for kind in ("CVSS_V4", "CVSS_V3", "CVSS_V2"):
        for sev in advisory.severity:
            if sev.type == kind:
                try:
                    parsed = classes[kind](sev.score)
                except (CVSSError, ValueError, KeyError):
                    continue
                score = parsed.base_score if kind == "CVSS_V4" else parsed.scores()[0]
                return sev.score, float(score)
    return None


def severity_of(score: float) -> Severity:
    """CVSS qualitative rating (FIRST's scale)."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0:
        return Severity.LOW
    return Severity.INFO


_DB_RATING = {"CRITICAL": Severity.CRITICAL, "HIGH": Severity.HIGH, "MODERATE": Severity.MEDIUM,
              "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}


def rate(advisories: Sequence[Advisory], *, related: Sequence[Advisory] = (),
         unknown: Severity = Severity.HIGH) -> tuple[Severity, str | None, float | None, str]:
    """(severity, vector, score, source) from the first advisory that rates it.

    The matched advisories are asked first, then `related` (records of their aliases, e.g. a
    GHSA record carrying the CVSS the Go database leaves out; the source names the record).
    With no rating anywhere the vulnerability counts as `unknown` (high unless the policy
    says otherwise): an unrated vulnerability must never pass as a mild one.
    """
    for group, via in ((advisories, ""), (related, "alias ")):
        for adv in group:
            if found := _cvss(adv):
                return severity_of(found[1]), found[0], found[1], _source("cvss", via, adv)
        for adv in group:
            rating = str((adv.database_specific or {}).get("severity", "")).upper()
            if rating in _DB_RATING:
                return _DB_RATING[rating], None, None, _source("database", via, adv)
    return unknown, None, None, "unknown"


def _source(kind: str, via: str, adv: Advisory) -> str:
    return f"{kind} ({via}{adv.id})" if via else kind


def _real_date(stamp: str | None) -> str | None:
    # The Go database writes year 1 (or the epoch) where it does not know a date.
    return stamp if stamp and not stamp.startswith(("0001-", "1970-01-01")) else None


def first_known(advisories: Iterable[Advisory]) -> str | None:
    """The earliest real date among advisories: each one's `published`, else `modified`."""
    dates = [d for a in advisories if (d := _real_date(a.published) or _real_date(a.modified))]
    return min(dates, key=timestamp_micros) if dates else None


def _alias_records(store: OsvStore, vuln: Vulnerability) -> list[Advisory]:
    """Records the store holds under the vulnerability's other ids (any ecosystem)."""
    have = {a.id for a in vuln.advisories}
    return [a for alias in vuln.aliases if alias not in have and (a := store.get(alias))]


def database_info(store: OsvStore, today: date) -> DatabaseInfo:
    """What the store holds and how old its newest data is."""
    status = store.status()
    newest = {e.ecosystem: e.newest_published for e in status.ecosystems}
    ages: dict[str, int | None] = {}
    for eco, stamp in newest.items():
        ages[eco] = (today - datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()).days \
            if stamp else None
    last = status.last_import
    return DatabaseInfo(advisories=status.advisories, last_import=last.finished if last else None,
                        source_sha256=tuple(sorted({i.source_sha256 for i in status.imports})),
                        newest_published=newest, age_days=ages)


VexLookup = Callable[[set[str], str], VexDecision | None]


def _no_vex(ids: set[str], purl: str) -> VexDecision | None:
    return None


def audit_dependencies(dependencies: Iterable[Dependency], store: OsvStore, *,
          go_directives: Iterable[tuple[str | None, str | None, str]] = (),
          vex: VexLookup = _no_vex, today: date | None = None,
          unknown_severity: Severity = Severity.HIGH) -> AuditReport:
    """Audit pinned dependencies (and Go toolchains) against the store.

    `go_directives` are (go, toolchain, go.mod path) triples: the standard library and the go
    command of that release are audited too. A vulnerability no record rates counts as
    `unknown_severity`.
    """
    store.require_data()
    today = today or datetime.now(UTC).date()
    groups: dict[tuple[str, str, str], list[Dependency]] = {}
    skipped: list[SkippedDependency] = []
    for dep in dependencies:
        if dep.version is None:
            if not dep.local_module:  # else one of the release's own modules, audited as such
                skipped.append(SkippedDependency(
                    ecosystem=dep.ecosystem.value, package=dep.name, source=dep.source,
                    reason=_unversioned_reason(dep)))
            continue
        groups.setdefault((dep.ecosystem.value, dep.key, dep.version), []).append(dep)
    for go, toolchain, source in go_directives:
        try:
            pairs = go_toolchain_packages(go, toolchain)
        except VersionError as exc:
            skipped.append(SkippedDependency(ecosystem="Go", package=GO_STDLIB, source=source,
                                             reason=str(exc)))
            continue
        for name, version in pairs:
            groups.setdefault(("Go", name, version), []).append(Dependency(
                Ecosystem.GO, name, version, source, direct=True))

    findings: list[VulnFinding] = []
    for (eco, _, version), deps in sorted(groups.items()):
        first = deps[0]
        try:
            matches = store.matches(eco, first.name, version)
        except VersionError as exc:
            skipped += [SkippedDependency(ecosystem=eco, package=d.name, source=d.source,
                                          reason=f"unparsable version: {exc}") for d in deps[:1]]
            continue
        caveats = {m.advisory.id: m.caveats for m in matches}
        for vuln in merge_aliases(m.advisory for m in matches):
            related = _alias_records(store, vuln)
            level, vector, score, how = rate(vuln.advisories, related=related,
                                             unknown=unknown_severity)
            fixes: list[str] = []
            for adv in vuln.advisories:
                fixes += [f for f in fixed_versions(adv, eco, first.name, version)
                          if f not in fixes]
            ids = {vuln.id, *vuln.aliases}
            findings.append(VulnFinding(
                id=vuln.id, aliases=vuln.aliases, ecosystem=eco, package=first.name,
                version=version, purl=first.purl, fixed_versions=tuple(fixes),
                severity=level, cvss_vector=vector, cvss_score=score, severity_source=how,
                published=first_known([*vuln.advisories, *related]),
                summary=next((a.summary for a in vuln.advisories if a.summary), "") or "",
                sources=tuple(sorted({d.source for d in deps})), vex=vex(ids, first.purl),
                caveats=tuple(c for a in vuln.advisories for c in caveats.get(a.id, ()))))
    return AuditReport(database=database_info(store, today), audited=len(groups),
                       findings=tuple(findings), skipped=tuple(skipped))


def _unversioned_reason(dep: Dependency) -> str:
    """Why a dependency without an exact version is not audited, in its ecosystem's words."""
    if dep.ecosystem is Ecosystem.GO and dep.replaced_by:
        return (f"replaced by the local directory {dep.replaced_by}, which has no module "
                "version to look up: audit that directory as its own module")
    if dep.ecosystem is Ecosystem.GO:
        return "required without a module version: run `go mod tidy` to record one"
    return (f"declared as '{dep.name}{dep.specifier}' with no exact version: pin it "
            "in a lockfile, or audit the installed environment")


def inventory_directives(inventory: Inventory) -> list[tuple[str | None, str | None, str]]:
    """The (go, toolchain, file) directives of every go.mod in an inventory."""
    return [(c.go_version, c.toolchain, c.source) for c in inventory.components
            if c.ecosystem is Ecosystem.GO and (c.go_version or c.toolchain)]
