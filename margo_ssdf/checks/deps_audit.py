"""`deps.audit`: known vulnerabilities in Python and Go dependencies, from the offline OSV store.

Go is judged by what ships first: each Go binary given with --artifact is audited by its build
info (the modules linked in, the standard library of the compiler that built it), then each
go.mod at the best Go release known (`vulndb.gorelease`); govulncheck, when available, says
which findings are reached (`vulndb.reachability`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from packaging.utils import canonicalize_name

from margo_ssdf import __version__
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.clock import document_time
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.dependencies import (
    Dependency,
    Ecosystem,
    Inventory,
    inventory,
    release_inputs,
    scope_fingerprint,
)
from margo_ssdf.discovery.identity import identity_of
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import CheckResult, Outcome, Probe, Severity
from margo_ssdf.vulndb import (
    GO_STDLIB,
    OsvStore,
    VersionError,
    default_db_path,
    freshness,
    scan,
)
from margo_ssdf.vulndb.goevidence import Reachability

VULNS_PREDICATE = "https://in-toto.io/attestation/vulns/v0.1"
SCOPE_EVIDENCE = "release-scope.json"
"""The manifests audited, and those outside the release, each with the rule that skipped it."""


def store_path(options: Mapping[str, Any]) -> Path:
    """The database the policy names, else $MARGO_SSDF_DB or the user cache."""
    return Path(options["db"]).expanduser() if options.get("db") else default_db_path()


def unknown_severity(options: Mapping[str, Any], check_id: str) -> Severity:
    """The severity the policy gives a vulnerability no advisory rates (default high)."""
    value = str(options.get("unknown_severity", Severity.HIGH.value)).lower()
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"option 'unknown_severity' must be one of {', '.join(s.value for s in Severity)}, "
            f"not '{value}'.", key=f"checks.{check_id}.options.unknown_severity") from None


def machine_vex_closes(options: Mapping[str, Any], check_id: str) -> bool:
    """Whether the policy lets a tool's VEX (govulncheck: not reached) close a finding."""
    value = options.get("machine_vex_closes", True)
    if not isinstance(value, bool):
        raise ConfigError(f"option 'machine_vex_closes' must be true or false, not {value!r}.",
                          key=f"checks.{check_id}.options.machine_vex_closes")
    return value


def go_toolchain(options: Mapping[str, Any], check_id: str) -> str | None:
    """The build toolchain the policy names (`go1.25.4`), or None."""
    from margo_ssdf.vulndb.gorelease import configured_version

    try:
        return configured_version(options.get("go_toolchain"))
    except VersionError:
        raise ConfigError(f"option 'go_toolchain' must be a Go release such as go1.25.4, not "
                          f"{options.get('go_toolchain')!r}.",
                          key=f"checks.{check_id}.options.go_toolchain") from None


def audit_release(ctx: CheckContext, check_id: str) -> scan.AuditReport:
    """The audit both deps.audit and vuln.response report: the pinned dependencies, the Go
    binaries among the artifacts, each go.mod's Go release, and reachability."""
    from margo_ssdf import vex
    from margo_ssdf.vulndb import binaries, gorelease, reachability

    inv = inventory(ctx.project)
    deps = release_dependencies(inv) if ctx.options["environment"] else inv.dependencies
    configured = go_toolchain(ctx.options, check_id)
    found = reachability.availability(ctx.options, check_id)
    own = {c.name for c in inv.components if c.ecosystem is Ecosystem.GO}
    with tempfile.TemporaryDirectory(prefix="margo-ssdf-bin-") as tmp, \
            OsvStore(store_path(ctx.options), create=False) as store:
        shipped = binaries.read_binaries(ctx.artifacts, ctx.project.root, own_modules=own,
                                         extract_to=Path(tmp) if found.available else None)
        # Stale data cannot give a clean audit: refuse before judging anything with it.
        freshness.require_for_check(store, [*deps, *shipped.dependencies],
                                    scan.inventory_directives(inv), ctx.options, check_id)
        releases, problems = gorelease.module_releases(inv, configured=configured,
                                                       built=shipped.main_modules)
        report = scan.audit_dependencies(
            [*deps, *shipped.dependencies], store, go_releases=[*releases, *shipped.releases],
            unaudited=[*shipped.unaudited, *((GO_STDLIB, p.where, p.reason)
                                             for p in problems)],
            vex=vex.lookup(vex.load_project(ctx.project)),
            unknown_severity=unknown_severity(ctx.options, check_id))
        report = report.model_copy(update={
            "go_releases": gorelease.records([*releases, *shipped.releases]),
            "binaries": shipped.records(), "skipped_artifacts": shipped.skipped})
        targets = {**reachability.module_targets(ctx.project, inv),
                   **reachability.binary_targets(shipped.binaries)}
        return reachability.analyse(report, targets, store, found, timeout=ctx.timeout)


def release_dependencies(inv: Inventory) -> list[Dependency]:
    """What to audit with `environment: true`: the pinned dependencies, the installed part of
    the release (its dependency closure, not the whole environment), and every required
    dependency the environment does not provide, which is then reported as unaudited."""
    from margo_ssdf.sbom.build import environment
    from margo_ssdf.sbom.closure import release_environment

    dists = release_environment(inv, environment())
    installed = {canonicalize_name(str(d.metadata["Name"])) for d in dists}
    env = [Dependency(Ecosystem.PYPI, str(d.metadata["Name"]), d.version,
                      "installed environment", direct=False) for d in dists]
    missing = [d for d in inv.unpinned() if d.scope == "required"
               and not (d.ecosystem is Ecosystem.PYPI and d.key in installed)]
    return [d for d in inv.dependencies if d.version is not None] + env + missing


def vulns_predicate(report: scan.AuditReport, started: str, finished: str
                    ) -> dict[str, Any]:
    """The in-toto vulns predicate (v0.1) for the audit."""
    results = []
    for f in report.findings:
        sev = [{"method": "cvss", "score": f"{f.cvss_score}"}] if f.cvss_score else []
        note: dict[str, Any] = {"package": f.purl, "aliases": list(f.aliases),
                                "fixed_versions": list(f.fixed_versions),
                                "vex": f.vex.status if f.vex else None}
        if f.reachability is not None:
            note["reachability"] = f.reachability.status.value
        if f.machine_vex is not None:
            note["machine_vex"] = f.machine_vex.status
        results.append({"id": f.id, "severity": [*sev, {"method": "qualitative",
                                                        "score": f.severity.value}],
                        "annotations": [note]})
    return {"scanner": {"uri": "https://github.com/margo/margo-ssdf", "version": __version__,
                        "db": {"uri": "osv", "version": ",".join(report.database.source_sha256),
                               "lastUpdate": report.database.last_import},
                        "result": results},
            "metadata": {"scanStartedOn": started, "scanFinishedOn": finished}}


class DepsAuditCheck(Check):
    """Audit every pinned dependency (and each go.mod's Go release) against OSV advisories."""

    id = "deps.audit"
    title = "Known vulnerabilities in Python and Go dependencies (offline OSV store)"
    tasks = ("PW.4.1", "PW.4.4", "RV.1.1")
    tool = "margo-ssdf OSV matcher"
    distribution = "margo-ssdf"
    remediation = ("Upgrade each vulnerable dependency to a fixed version (Go: `go get "
                   "MODULE@VERSION` and `go mod tidy`, or a newer `go`/`toolchain` line; "
                   "Python: update the lockfile), or record in a VEX document why the release "
                   "is not affected. A dependency without an exact version: pin a Python one "
                   "in a lockfile; audit a Go module replaced by a local directory as its own "
                   "module. Refresh the advisories with `margo-ssdf db update` (offline: "
                   "`margo-ssdf db import`).")
    thresholds: ClassVar[Mapping[str, str]] = {
        **{f"max_{s.value}": f"most open {s.value}-severity vulnerabilities allowed"
           for s in Severity},
        "max_unaudited": "most dependencies allowed without an exact version to audit",
    }
    options: ClassVar[Mapping[str, Any]] = {
        "db": "", "environment": False, "unknown_severity": "high",
        "go_toolchain": "",  # the Go release that builds the release, e.g. go1.25.4
        "reachability": True,  # run govulncheck when it is available
        "govulncheck": [],  # its command; empty: look it up on PATH and in $(go env GOPATH)/bin
        "machine_vex_closes": True,  # govulncheck's "not reached" closes a finding
        "max_database_age": freshness.DEFAULT_MAX_AGE_DAYS,
    }
    uses_artifacts = True

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        from margo_ssdf import vex

        # Go sources: govulncheck's call graph is built from them.
        return [*release_inputs(project), *vex.discover(project.files),
                *project.with_suffix(".go")]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        from margo_ssdf.sbom.build import environment_fingerprint
        from margo_ssdf.vulndb.reachability import availability

        path = store_path(options)
        stat = path.stat() if path.is_file() else None
        db = f"{path}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{path}:absent"
        db += f":{datetime.now(UTC).date()}"  # the data ages even when nothing else changes
        # The scope's rules decide which manifests count, and are named in the evidence.
        db += f":release:{scope_fingerprint(project)}"
        found = availability(options, self.id)
        # The tool, and the Go whose standard library source mode judges, shape the result.
        tool = (f"{_file_stamp(found.command[0])}:{_file_stamp(shutil.which('go'))}"
                if found.command else found.reason)
        return db + f":govulncheck:{tool}" + (
            f":env:{environment_fingerprint()}" if options.get("environment") else "")

    def run(self, ctx: CheckContext) -> CheckResult:
        from margo_ssdf import vex

        report = audit_release(ctx, self.id)
        started = document_time().isoformat().replace("+00:00", "Z")
        evidence = [
            ctx.write_evidence(self.id, "deps-audit.json",
                               report.model_dump_json(indent=2).encode(), "application/json"),
            ctx.write_evidence(self.id, "vulns.json", json.dumps(
                vulns_predicate(report, started, started), indent=2).encode(),
                "application/json"),
            ctx.write_evidence(self.id, SCOPE_EVIDENCE, json.dumps(
                inventory(ctx.project).scope_json(), indent=2).encode(), "application/json"),
        ]
        release_vex = vex.release_document(report, identity_of(ctx.project))
        if release_vex is not None:
            evidence.append(ctx.write_evidence(self.id, "release.openvex.json", release_vex,
                                               "application/json"))
        outcome, reason, counts, probes = audit_facts(
            report, machine_vex_closes(ctx.options, self.id))
        return self.result(ctx, outcome, reason, counts=counts, probes=probes,
                           evidence=evidence)


def _file_stamp(path: str | None) -> str:
    if path is None:
        return "absent"
    stat = Path(path).stat()
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}"


def reach_headline(report: scan.AuditReport) -> str | None:
    """'125 known advisories, 14 reachable, 111 not reached' when govulncheck ran."""
    if report.reachability is None or not report.reachability.analysed:
        return None
    states = [f.reachability.status if f.reachability else None for f in report.findings]
    reached = states.count(Reachability.REACHED)
    not_reached = states.count(Reachability.NOT_REACHED)
    rest = len(states) - reached - not_reached
    return (f"{len(states)} known advisor{'y' if len(states) == 1 else 'ies'}, {reached} "
            f"reachable, {not_reached} not reached"
            + (f", {rest} of unknown reachability" if rest else ""))


def audit_facts(report: scan.AuditReport, machine_vex_closes: bool = True
                ) -> tuple[Outcome, str | None, dict[Severity, int], list[Probe]]:
    """Outcome, reason, open counts and probes of an audit report (the check's evidence).

    The check reports these and re-derivation recomputes them from deps-audit.json, with the
    policy's word on whether machine VEX (govulncheck: not reached) closes a finding.
    """
    counts = report.counts(machine_vex_closes)
    open_findings = report.open_findings(machine_vex_closes)
    skipped = report.skipped
    probes = [Probe(
        id="unaudited", tasks=("PW.4.1", "PW.4.4", "RV.1.1"),
        outcome=Outcome.FAIL if skipped else Outcome.PASS,
        reason=(f"{len(skipped)} dependenc{'y' if len(skipped) == 1 else 'ies'} could not "
                f"be audited: {skipped[0].package} ({skipped[0].source})" if skipped
                else f"all {report.audited} pinned dependencies audited"),
        value=float(len(skipped)),
        locations=tuple(f"{s.source}: {s.package}: {s.reason}" for s in skipped[:50]))]
    triaged = sum(1 for f in report.findings if not f.open)
    machine = len(report.open_findings(False)) - len(open_findings)
    assumed = sum(1 for f in open_findings if f.go_release and f.go_release.assumed)
    reason = headline = reach_headline(report)
    if open_findings:
        worst = open_findings[0]
        reason = (f"{len(open_findings)} open vulnerabilit"
                  f"{'y' if len(open_findings) == 1 else 'ies'} in {report.audited} "
                  f"dependencies (e.g. {worst.id} in {worst.package} {worst.version})"
                  + (f", {triaged} triaged by VEX" if triaged else "")
                  + (f", {machine} closed by govulncheck (not reached)" if machine else "")
                  + (f"; {assumed} assume{'s' if assumed == 1 else ''} the Go release of a go "
                     "directive (an assumption: "
                     "pass the binaries with --artifact or set go_toolchain)" if assumed
                     else ""))
        reason = f"{headline}; {reason}" if headline else reason
    outcome = Outcome.FAIL if open_findings or skipped else Outcome.PASS
    if outcome is Outcome.FAIL and not open_findings:
        reason = f"{headline}; {probes[0].reason}" if headline else probes[0].reason
    return outcome, reason, counts, probes
