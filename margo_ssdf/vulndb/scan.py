"""Known vulnerabilities in the project's dependencies, from the offline OSV store.

One function, `audit_dependencies`, serves the `deps.audit` check, the `vuln.response` clock
and `margo-ssdf audit-sbom`: it takes pinned dependencies and the Go releases of go.mods and
binaries, asks the store, merges aliases so each vulnerability is reported once per package
version (listing every place it occurs), and attaches the VEX statement that covers it.
Reachability (`vulndb.reachability`) then adds govulncheck's view and its machine-made VEX.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError
from pydantic import Field

from margo_ssdf.discovery.dependencies import Dependency, Ecosystem, Inventory
from margo_ssdf.models import Severity
from margo_ssdf.vulndb import (
    GO_STDLIB,
    GO_TOOLCHAIN,
    Advisory,
    OsvStore,
    VersionError,
    Vulnerability,
    fixed_versions,
    merge_aliases,
)
from margo_ssdf.vulndb.goevidence import (
    ASSUMPTION,
    BinaryRecord,
    FindingReachability,
    GoReleaseEvidence,
    GoReleaseRecord,
    MachineVex,
    Reachability,
    ReachabilitySummary,
    ReleaseSource,
    SkippedArtifact,
)
from margo_ssdf.vulndb.goevidence import Wire as _Wire
from margo_ssdf.vulndb.gorelease import GoRelease, directive_releases, normalise
from margo_ssdf.vulndb.osv import timestamp_micros


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
    sources: tuple[str, ...] = Field(description="Every place this version occurs: manifests "
                                                 "that pin it, binaries that link it.")
    vex: VexDecision | None = None
    caveats: tuple[str, ...] = ()
    go_release: GoReleaseEvidence | None = Field(default=None, description=(
        "stdlib and toolchain findings: the evidence for the Go release, per place."))
    reachability: FindingReachability | None = None
    machine_vex: MachineVex | None = Field(default=None, description=(
        "A tool's VEX decision (govulncheck: not reached), apart from people's `vex`."))

    @property
    def open(self) -> bool:
        """Affected and not triaged away by people's VEX (not_affected or fixed)."""
        return self.vex is None or self.vex.status not in ("not_affected", "fixed")

    def open_under(self, machine_vex_closes: bool) -> bool:
        """Open once the policy's word on machine VEX is applied too. A machine VEX closes
        only what its own reachability record says is not reached."""
        supported = (self.machine_vex is not None and self.reachability is not None
                     and self.reachability.status is Reachability.NOT_REACHED)
        return self.open and not (machine_vex_closes and supported)


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
    go_releases: tuple[GoReleaseRecord, ...] = Field(default=(), description=(
        "The Go release each go.mod and binary was judged at, and from which evidence."))
    binaries: tuple[BinaryRecord, ...] = Field(default=(), description=(
        "The release's Go binaries read from --artifact."))
    skipped_artifacts: tuple[SkippedArtifact, ...] = ()
    reachability: ReachabilitySummary | None = None

    def open_findings(self, machine_vex_closes: bool = True) -> list[VulnFinding]:
        """The findings still open under the policy's word on machine VEX."""
        return [f for f in self.findings if f.open_under(machine_vex_closes)]

    def counts(self, machine_vex_closes: bool = True) -> dict[Severity, int]:
        """Open findings by severity."""
        out: dict[Severity, int] = {}
        for f in self.open_findings(machine_vex_closes):
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


_Key = tuple[str, str, str]


def _group_key(dep: Dependency, version: str) -> _Key:
    """(ecosystem, name, version): one finding per advisory and package version; Go releases
    compare as `1.26.8` whether written `go1.26.8` or not."""
    if dep.ecosystem is Ecosystem.GO and dep.name in (GO_STDLIB, GO_TOOLCHAIN):
        version = normalise(version)
    return dep.ecosystem.value, dep.key, version


def _release_groups(releases: Iterable[GoRelease], groups: dict[_Key, list[Dependency]]
                    ) -> dict[_Key, dict[str, ReleaseSource]]:
    """Add each release's packages to the groups; the evidence of each place, by group."""
    kinds: dict[_Key, dict[str, ReleaseSource]] = {}
    for rel in releases:
        for name in rel.packages:
            dep = Dependency(Ecosystem.GO, name, rel.version, rel.where, direct=True)
            key = _group_key(dep, rel.version)
            groups.setdefault(key, []).append(dep)
            kinds.setdefault(key, {}).setdefault(rel.where, rel.source)
    return kinds


def audit_dependencies(dependencies: Iterable[Dependency], store: OsvStore, *,
          go_directives: Iterable[tuple[str | None, str | None, str]] = (),
          go_releases: Iterable[GoRelease] = (),
          unaudited: Iterable[tuple[str, str, str]] = (),
          vex: VexLookup = _no_vex, today: date | None = None,
          unknown_severity: Severity = Severity.HIGH) -> AuditReport:
    """Audit pinned dependencies (and Go releases) against the store.

    `go_directives` are (go, toolchain, go.mod path) triples and `go_releases` the releases of
    go.mods and binaries (`vulndb.gorelease`, `vulndb.binaries`): the standard library (and
    for a go.mod the go command) of each is audited too. `unaudited` are (package, place,
    reason) of Go code with no version to look up. A vulnerability no record rates counts as
    `unknown_severity`.
    """
    store.require_data()
    today = today or datetime.now(UTC).date()
    groups: dict[_Key, list[Dependency]] = {}
    skipped = [SkippedDependency(ecosystem="Go", package=package, source=place, reason=why)
               for package, place, why in unaudited]
    for dep in dependencies:
        if dep.version is None:
            if not dep.local_module:  # else one of the release's own modules, audited as such
                skipped.append(SkippedDependency(
                    ecosystem=dep.ecosystem.value, package=dep.name, source=dep.source,
                    reason=_unversioned_reason(dep)))
            continue
        groups.setdefault(_group_key(dep, dep.version), []).append(dep)
    from_directives, problems = directive_releases(go_directives)
    skipped += [SkippedDependency(ecosystem="Go", package=GO_STDLIB, source=p.where,
                                  reason=p.reason) for p in problems]
    kinds = _release_groups([*go_releases, *from_directives], groups)

    findings: list[VulnFinding] = []
    for key, deps in sorted(groups.items()):
        eco = key[0]
        places = kinds.get(key, {})
        deps.sort(key=lambda d: places[d.source].rank if d.source in places else 99)
        first = deps[0]
        version = first.version or key[2]
        evidence = _release_evidence(places)
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
                caveats=tuple(c for a in vuln.advisories for c in caveats.get(a.id, ()))
                + ((ASSUMPTION,) if evidence and evidence.assumed else ()),
                go_release=evidence))
    return AuditReport(database=database_info(store, today), audited=len(groups),
                       findings=tuple(findings), skipped=tuple(skipped))


def _release_evidence(places: dict[str, ReleaseSource]) -> GoReleaseEvidence | None:
    if not places:
        return None
    best = min(places.values(), key=lambda s: s.rank)
    return GoReleaseEvidence(source=best, assumed=best.assumed, places=dict(sorted(
        places.items())))


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
