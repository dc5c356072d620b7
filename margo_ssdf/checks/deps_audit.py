"""`deps.audit`: known vulnerabilities in Python and Go dependencies, from the offline OSV store."""

from __future__ import annotations

import json
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
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import CheckResult, Outcome, Probe, Severity
from margo_ssdf.vulndb import OsvStore, default_db_path, freshness, scan

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
        results.append({"id": f.id, "severity": [*sev, {"method": "qualitative",
                                                        "score": f.severity.value}],
                        "annotations": [{"package": f.purl, "aliases": list(f.aliases),
                                         "fixed_versions": list(f.fixed_versions),
                                         "vex": f.vex.status if f.vex else None}]})
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
                   "module. Import fresh advisories with `margo-ssdf db import`.")
    thresholds: ClassVar[Mapping[str, str]] = {
        **{f"max_{s.value}": f"most open {s.value}-severity vulnerabilities allowed"
           for s in Severity},
        "max_unaudited": "most dependencies allowed without an exact version to audit",
    }
    options: ClassVar[Mapping[str, Any]] = {"db": "", "environment": False,
                                            "unknown_severity": "high",
                                            "max_database_age": freshness.DEFAULT_MAX_AGE_DAYS}

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        from margo_ssdf import vex

        return [*release_inputs(project), *vex.discover(project.files)]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        from margo_ssdf.sbom.build import environment_fingerprint

        path = store_path(options)
        stat = path.stat() if path.is_file() else None
        db = f"{path}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{path}:absent"
        db += f":{datetime.now(UTC).date()}"  # the data ages even when nothing else changes
        # The scope's rules decide which manifests count, and are named in the evidence.
        scope = f":release:{scope_fingerprint(project)}"
        return db + scope + (f":env:{environment_fingerprint()}"
                             if options.get("environment") else "")

    def run(self, ctx: CheckContext) -> CheckResult:
        from margo_ssdf import vex

        inv = inventory(ctx.project)
        deps = release_dependencies(inv) if ctx.options["environment"] else inv.dependencies
        statements = vex.load_project(ctx.project)
        with OsvStore(store_path(ctx.options), create=False) as store:
            freshness.require_for_check(store, deps, scan.inventory_directives(inv),
                                        ctx.options, self.id)
            report = scan.audit_dependencies(
                deps, store, go_directives=scan.inventory_directives(inv),
                vex=vex.lookup(statements),
                unknown_severity=unknown_severity(ctx.options, self.id))
        started = document_time().isoformat().replace("+00:00", "Z")
        evidence = [
            ctx.write_evidence(self.id, "deps-audit.json",
                               report.model_dump_json(indent=2).encode(), "application/json"),
            ctx.write_evidence(self.id, "vulns.json", json.dumps(
                vulns_predicate(report, started, started), indent=2).encode(),
                "application/json"),
            ctx.write_evidence(self.id, SCOPE_EVIDENCE, json.dumps(
                inv.scope_json(), indent=2).encode(), "application/json"),
        ]
        release_vex = vex.release_document(report, ctx.project.name)
        if release_vex is not None:
            evidence.append(ctx.write_evidence(self.id, "release.openvex.json", release_vex,
                                               "application/json"))
        outcome, reason, counts, probes = audit_facts(report)
        return self.result(ctx, outcome, reason, counts=counts, probes=probes,
                           evidence=evidence)


def audit_facts(report: scan.AuditReport
                ) -> tuple[Outcome, str | None, dict[Severity, int], list[Probe]]:
    """Outcome, reason, open counts and probes of an audit report (the check's evidence).

    The check reports these and re-derivation recomputes them from deps-audit.json.
    """
    counts = report.counts()
    open_findings = [f for f in report.findings if f.open]
    skipped = report.skipped
    probes = [Probe(
        id="unaudited", tasks=("PW.4.1", "PW.4.4", "RV.1.1"),
        outcome=Outcome.FAIL if skipped else Outcome.PASS,
        reason=(f"{len(skipped)} dependenc{'y' if len(skipped) == 1 else 'ies'} could not "
                f"be audited: {skipped[0].package} ({skipped[0].source})" if skipped
                else f"all {report.audited} pinned dependencies audited"),
        value=float(len(skipped)),
        locations=tuple(f"{s.source}: {s.package}: {s.reason}" for s in skipped[:50]))]
    triaged = len(report.findings) - len(open_findings)
    reason = None
    if open_findings:
        worst = open_findings[0]
        reason = (f"{len(open_findings)} open vulnerabilit"
                  f"{'y' if len(open_findings) == 1 else 'ies'} in {report.audited} "
                  f"dependencies (e.g. {worst.id} in {worst.package} {worst.version})"
                  + (f", {triaged} triaged by VEX" if triaged else ""))
    outcome = Outcome.FAIL if open_findings or skipped else Outcome.PASS
    if outcome is Outcome.FAIL and reason is None:
        reason = probes[0].reason
    return outcome, reason, counts, probes
