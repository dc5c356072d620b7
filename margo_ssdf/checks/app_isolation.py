"""`app.isolation`: one vendor's app cannot reach another's on a shared Margo device.

Margo application packages (`kind: ApplicationDescription`), Helm charts and compose files are
read and every isolation problem is reported as SARIF with file and line: privileged containers,
host namespaces, runtime sockets and host paths, root users, privilege escalation, capabilities,
seccomp, writable root filesystems, missing CPU/memory limits, images not pinned by digest,
namespaces (missing, shared with the system or with another vendor) and unsigned or
plain-HTTP packages. Helm templates are rendered with `helm template` when helm is installed,
and read statically otherwise; the evidence says which.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from margo_ssdf import sarif, tools, triage
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.checks.sast import (
    DEFAULT_SAST_EXCLUDES,
    apply_baseline,
    findings_outcome,
    select_targets,
    source_root,
)
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ConfigError, ToolError
from margo_ssdf.isolation import compose
from margo_ssdf.isolation.rules import RULES, TASKS
from margo_ssdf.isolation.scan import Scan, scan
from margo_ssdf.models import CheckResult, Outcome, Severity

RENDER_MODES = ("auto", "static", "helm")
INVENTORY = "isolation.json"


def _helm_path(mode: str) -> str | None:
    if mode == "static":
        return None
    try:
        return tools.executable("helm")
    except ToolError:
        if mode == "helm":
            raise
        return None


def isolation_outcome(inventory: Mapping[str, Any], counts: Mapping[Severity, int]) -> Outcome:
    """The outcome from the inventory evidence and the open counts: nothing analysed is an error."""
    analysed = sum(len(inventory[k]) for k in ("applicationDescriptions", "charts",
                                                "composeFiles"))
    return findings_outcome(counts) if analysed else Outcome.ERROR


class AppIsolationCheck(Check):
    """Isolation of vendors' apps in Margo packages, Helm charts and compose files."""

    id = "app.isolation"
    title = "Multi-vendor app isolation in Margo packages, Helm charts and compose files"
    tasks = TASKS
    tool = "margo-ssdf isolation rules"
    distribution = "margo-ssdf"
    info_uri = "https://github.com/margo/specification"
    remediation = ("Fix each finding as its message says (drop privileges, set limits, pin "
                   "images by digest, one namespace per vendor, sign packages), or triage it with "
                   "`# nosec -- justification` on the line or in .margo-ssdf/triage.yaml.")
    thresholds: ClassVar[Mapping[str, str]] = {
        f"max_{s.value}": f"most open {s.value}-severity isolation findings allowed"
        for s in Severity
    }
    options: ClassVar[Mapping[str, Any]] = {"exclude": DEFAULT_SAST_EXCLUDES, "render": "auto"}

    @staticmethod
    def wants(rel: str) -> bool:
        """YAML files, chart templates and compose files."""
        return rel.endswith((".yaml", ".yml", ".tpl")) or "templates/" in rel \
            or compose.is_compose_file(rel)

    def targets(self, project: Project, options: Mapping[str, Any]) -> list[str]:
        """The project files the check reads, after its excludes."""
        return select_targets(project, options, self.wants)

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        return [*self.targets(project, options), triage.BASELINE]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        # Where SARIF paths are rooted is in the evidence too (see SastCheck.fingerprint).
        root = source_root(project).key
        try:
            return f"{options.get('render')}:{_helm_path(str(options.get('render')))}\0{root}"
        except ToolError:
            return f"helm-missing\0{root}"

    def run(self, ctx: CheckContext) -> CheckResult:
        mode = str(ctx.options.get("render", "auto"))
        if mode not in RENDER_MODES:
            raise ConfigError(f"option 'render' must be one of {', '.join(RENDER_MODES)}, "
                              f"not '{mode}'.", key=f"checks.{self.id}.options.render")
        helm = _helm_path(mode)
        note = ("render: static was asked for" if mode == "static"
                else "helm is not installed, so the templates were read statically")
        found = scan(ctx.project.root, self.targets(ctx.project, ctx.options), helm_path=helm,
                     run=ctx.run_tool, static_note=note)
        if not found.analysed and not found.errors:
            return self.result(ctx, Outcome.SKIPPED, "no Margo application description, Helm "
                               "chart or compose file found (looked for YAML files of kind "
                               "ApplicationDescription, Chart.yaml, compose*.y[a]ml and "
                               "docker-compose*.y[a]ml)")
        return self._finish(ctx, found)

    def _finish(self, ctx: CheckContext, found: Scan) -> CheckResult:
        lines: dict[str, list[str]] = {}
        findings = []
        for issue in found.issues:
            source = sarif.read_line(ctx.project.root, issue.path, issue.line, lines)
            findings.append(sarif.Finding(
                rule=RULES[issue.rule], message=issue.message, path=issue.path,
                line=issue.line, snippet=source,
                triage=sarif.inline_triage(source, ("nosec",))))
        findings = apply_baseline(sarif.number_occurrences(findings),
                                  triage.load(ctx.project.root))
        run = sarif.run_json(self.tool, self.tool_version(), self.info_uri, findings,
                             found.errors, extra_rules=RULES.values(),
                             root=source_root(ctx.project))
        run["properties"] = {"charts": [
            {"path": r.chart.dir or ".", "rendering": r.mode, "note": r.note}
            for r in found.charts]}
        log = sarif.log_json([run])
        sarif_ev = ctx.write_evidence(self.id, f"{self.id}.sarif",
                                      json.dumps(log, indent=1).encode(), sarif.MEDIA_TYPE)
        inventory = found.inventory()
        inventory_ev = ctx.write_evidence(self.id, INVENTORY,
                                          json.dumps(inventory, indent=2).encode(),
                                          "application/json")
        open_counts = sarif.log_counts(log)  # counted on the evidence, as re-derivation does
        total_open = sum(open_counts.values())
        triaged = len(findings) - sum(1 for f in findings if f.triage is None)
        summary = (f"{total_open} open isolation finding(s) in {len(found.descriptions)} app "
                   f"description(s), {len(found.charts)} chart(s) and "
                   f"{len(found.compose_files)} compose file(s)"
                   + (f", {triaged} triaged" if triaged else "")
                   + (f"; {len(found.errors)} file(s) could not be analysed: "
                      + ", ".join(p for p, _ in found.errors[:5]) if found.errors else ""))
        evidence = [sarif_ev, inventory_ev]
        outcome = isolation_outcome(inventory, open_counts)
        if outcome is Outcome.ERROR:
            return self.result(ctx, Outcome.ERROR, "no file could be analysed: "
                               + "; ".join(m for _, m in found.errors[:5]), evidence=evidence)
        return self.result(ctx, outcome,
                           summary if outcome is Outcome.FAIL or found.errors else None,
                           counts=open_counts, evidence=evidence)
