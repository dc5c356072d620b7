"""`vuln.response`: the CRA clock. No affected, untriaged vulnerability may stay open longer
than the policy's limit (90 days by default, as the EU Cyber Resilience Act expects).

The clock of a vulnerability starts when it was published; when no advisory gives a real date
(the Go database often does not), it starts at the first import of the database, the earliest
day the project's tooling could have known it. The vulnerabilities are deps.audit's own (the
same binaries, Go releases and govulncheck reachability); a machine-made VEX (not reached)
stops a clock only when the policy lets it (`machine_vex_closes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from margo_ssdf.checks.deps_audit import audit_release, machine_vex_closes, store_path
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.vulndb import OsvStore, freshness

UNDATED = "first database import"
"""The clock source of a vulnerability no record dates: a lower bound, not a measurement."""


def today() -> date:
    """The day the clock is read (a function so tests can fix it)."""
    return datetime.now(UTC).date()


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()


class VulnResponseCheck(Check):
    """Days each open vulnerability has been known, against the policy's limit."""

    id = "vuln.response"
    title = "CRA clock: open vulnerabilities handled within the policy's limit (90 days)"
    tasks = ("RV.2.1", "RV.2.2")
    tool = "margo-ssdf OSV matcher"
    distribution = "margo-ssdf"
    remediation = ("Fix or mitigate each overdue vulnerability, or record a VEX statement "
                   "(not_affected with a justification, or fixed) that closes it.")
    thresholds: ClassVar[Mapping[str, str]] = {
        "max_overdue": "most open vulnerabilities allowed past their limit",
        "max_undated": "most open vulnerabilities allowed with no known date (their clock "
                       "would start at the first database import)",
        "min_vex_coverage": "lowest share (0..1) of vulnerabilities with a VEX statement",
    }
    options: ClassVar[Mapping[str, Any]] = {
        "db": "", "environment": False, "limit_days": 90, "limit_days_by_severity": {},
        "unknown_severity": "high", "go_toolchain": "", "reachability": True, "govulncheck": [],
        "machine_vex_closes": True, "max_database_age": freshness.DEFAULT_MAX_AGE_DAYS,
    }
    uses_artifacts = True

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        from margo_ssdf.checks.deps_audit import DepsAuditCheck

        return DepsAuditCheck().inputs(project, options)

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        from margo_ssdf.checks.deps_audit import DepsAuditCheck

        # The clock moves every day even when nothing else does.
        return f"{DepsAuditCheck().fingerprint(project, options)}:{today().isoformat()}"

    def limit(self, options: Mapping[str, Any], severity: str) -> int:
        return limit_days(options, severity)

    def run(self, ctx: CheckContext) -> CheckResult:
        report = audit_release(ctx, self.id)
        closes = machine_vex_closes(ctx.options, self.id)
        with OsvStore(store_path(ctx.options), create=False) as store:
            imports = store.status().imports
        first_import = _day(imports[0].finished) if imports else today()
        now = today()
        rows: list[dict[str, Any]] = []
        for f in report.findings:
            start, source = ((_day(f.published), "published") if f.published
                             else (first_import, UNDATED))
            rows.append({
                "id": f.id, "aliases": list(f.aliases), "package": f.package,
                "version": f.version, "severity": f.severity.value,
                "fixed_versions": list(f.fixed_versions), "clock_start": start.isoformat(),
                "clock_source": source,
                **clock_timing(start, now, self.limit(ctx.options, f.severity.value)),
                "open": f.open_under(closes), "vex": f.vex.model_dump() if f.vex else None,
                "machine_vex": f.machine_vex.model_dump() if f.machine_vex else None,
                "reachability": f.reachability.status.value if f.reachability else None,
                "sources": list(f.sources)})
        rows.sort(key=lambda r: (not r["open"], r["days_left"]))
        evidence = ctx.write_evidence(self.id, "cra-clock.json", json.dumps(
            {"today": now.isoformat(), "vulnerabilities": rows}, indent=2).encode(),
            "application/json")
        outcome, reason, probes = clock_facts(rows, closes)
        return self.result(ctx, outcome, reason, probes=probes, evidence=[evidence])


def limit_days(options: Mapping[str, Any], severity: str) -> int:
    """The days a vulnerability of this severity may stay open, by the check's options."""
    by_severity = options.get("limit_days_by_severity") or {}
    return int(by_severity.get(severity, options["limit_days"]))


def clock_timing(start: date, now: date, limit: int) -> dict[str, int]:
    """A clock row's days open, limit and days left."""
    days_open = (now - start).days
    return {"days_open": days_open, "limit_days": limit, "days_left": limit - days_open}


def row_open(row: Mapping[str, Any], machine_vex_closes: bool) -> bool:
    """A clock row's openness from its VEX: people's, then machine VEX if the policy lets it
    (and only on a row whose reachability says not reached)."""
    vex = row.get("vex")
    people_open = not vex or vex.get("status") not in ("not_affected", "fixed")
    return people_open and not (machine_vex_closes and _machine_closed(row))


def _machine_closed(row: Mapping[str, Any]) -> bool:
    return bool(row.get("machine_vex")) and row.get("reachability") == "not_reached"


def clock_facts(rows: Sequence[Mapping[str, Any]], machine_vex_closes: bool = True
                ) -> tuple[Outcome, str | None, list[Probe]]:
    """Outcome, reason and probes of the clock's rows (the check's cra-clock.json evidence).

    The check reports these and re-derivation recomputes them from the evidence. A machine
    VEX counts as a VEX statement when the policy lets it close findings.
    """
    overdue = [r for r in rows if r["open"] and r["days_left"] < 0]
    # Counting from the first import would start every clock the day the data was loaded.
    undated = [r for r in rows if r["open"] and r["clock_source"] == UNDATED]
    covered = sum(1 for r in rows if r["vex"] is not None
                  or (machine_vex_closes and _machine_closed(r)))
    probes = [
        Probe(id="overdue", tasks=("RV.2.2",),
              outcome=Outcome.FAIL if overdue else Outcome.PASS,
              reason=(f"{len(overdue)} open vulnerabilit{'y' if len(overdue) == 1 else 'ies'}"
                      f" past the limit (worst: {overdue[0]['id']} in "
                      f"{overdue[0]['package']}, {overdue[0]['days_open']} days open)"
                      if overdue else f"{len(rows)} vulnerabilities, none past the limit"),
              value=float(len(overdue)),
              locations=tuple(f"{r['id']} {r['package']} {r['version']}: "
                              f"{r['days_open']} days open, limit {r['limit_days']}"
                              for r in overdue[:50])),
        Probe(id="undated", tasks=("RV.2.2",),
              outcome=Outcome.FAIL if undated else Outcome.PASS,
              reason=(f"{len(undated)} open "
                      f"vulnerabilit{'y has' if len(undated) == 1 else 'ies have'}"
                      " no known date in the database (neither the advisory nor its aliases), "
                      "so the CRA clock cannot show when it became known (e.g. "
                      f"{undated[0]['id']} in {undated[0]['package']}): import dated advisories "
                      "or record a VEX statement" if undated
                      else "every open vulnerability has a known date"),
              value=float(len(undated)),
              locations=tuple(f"{r['id']} {r['package']} {r['version']}" for r in undated[:50])),
        Probe(id="vex-coverage", tasks=("RV.2.1",),
              outcome=Outcome.PASS if covered == len(rows) else Outcome.FAIL,
              reason=f"{covered} of {len(rows)} vulnerabilities have a VEX statement",
              value=round(covered / len(rows), 4) if rows else 1.0),
    ]
    failing = [p.reason for p in probes if p.outcome is Outcome.FAIL]
    return Outcome.FAIL if failing else Outcome.PASS, "; ".join(failing) or None, probes
