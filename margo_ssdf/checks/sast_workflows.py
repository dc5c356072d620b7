"""`sast.workflows`: zizmor over GitHub workflow and action files, offline, as SARIF.

We do not write workflow rules ourselves: zizmor already finds template injection, dangerous
triggers, unpinned actions, excessive permissions, credential persistence and more.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from margo_ssdf import sarif
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import SastCheck, batches, source_root, unreadable_output
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.project import is_action, is_workflow
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.tools import executable, tool_env

_SEVERITY = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW,
             "informational": Severity.INFO, "unknown": Severity.INFO}
# zizmor's audits carry no CWE; these are the weaknesses each one is about.
AUDIT_CWE: Mapping[str, str] = {
    "template-injection": "CWE-94", "dangerous-triggers": "CWE-829",
    "unpinned-uses": "CWE-829", "unpinned-images": "CWE-829", "impostor-commit": "CWE-345",
    "excessive-permissions": "CWE-250", "artipacked": "CWE-522", "hardcoded-container-credentials":
    "CWE-798", "secrets-inherit": "CWE-200", "cache-poisoning": "CWE-349",
    "insecure-commands": "CWE-77", "github-env": "CWE-74", "self-hosted-runner": "CWE-653",
    "bot-conditions": "CWE-290", "overprovisioned-secrets": "CWE-200",
    "unredacted-secrets": "CWE-532", "known-vulnerable-actions": "CWE-1395",
}


def _is_workflow_file(rel: str) -> bool:
    return is_workflow(rel) or is_action(rel)


class WorkflowsCheck(SastCheck):
    """GitHub Actions workflow analysis with zizmor."""

    id = "sast.workflows"
    title = "GitHub workflow and action analysis (zizmor, offline)"
    tool = "zizmor"
    distribution = "zizmor"
    info_uri = "https://docs.zizmor.sh/"
    remediation = ("Fix each finding as zizmor's documentation explains, or triage it in "
                   ".margo-ssdf/triage.yaml with a justification.")
    options: ClassVar[Mapping[str, Any]] = {"exclude": []}

    def wants(self, rel: str) -> bool:
        return _is_workflow_file(rel)

    def run(self, ctx: CheckContext) -> CheckResult:
        targets = self.scan_targets(ctx)
        if not targets:
            return self.nothing_to_scan(ctx)
        exe = executable("zizmor")
        base = [exe, "--offline", "--format", "sarif", "--no-progress", "--no-exit-codes"]
        findings: list[sarif.Finding] = []
        lines: dict[str, list[str]] = {}
        # In a git work tree zizmor writes paths from the repository's top; findings are
        # project-relative, so a project in a sub-folder maps them back to its targets.
        prefix = source_root(ctx.project).prefix
        from_top = {prefix + rel: rel for rel in targets} if prefix else {}
        for batch in batches(targets):
            run = ctx.run_tool([*base, *batch], env=tool_env({"NO_COLOR": "1"}))
            try:
                log = json.loads(run.stdout)
                results = log["runs"][0]["results"]
                # A clean run's SARIF has no `rules` at all: that is nothing found, not a failure.
                driver = log["runs"][0]["tool"]["driver"]
                driver_rules = {r["id"]: r for r in driver.get("rules", [])}
            except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                raise ToolError(f"zizmor failed (exit {run.returncode}): "
                                f"{run.stderr_tail() or exc}") from exc
            with unreadable_output("zizmor"):
                for item in results:
                    findings.append(self._finding(item, driver_rules, ctx.project, lines,
                                                  from_top))
        ctx.argv = ["zizmor", *base[1:], f"<{len(targets)} files>"]
        return self.finish(ctx, findings, [], len(targets))

    @staticmethod
    def _finding(item: dict[str, Any], driver_rules: Mapping[str, Any], project: Project,
                 lines: dict[str, list[str]],
                 from_top: Mapping[str, str]) -> sarif.Finding:
        rid = str(item["ruleId"])
        audit = rid.removeprefix("zizmor/")
        props = item.get("properties") or {}
        severity = _SEVERITY.get(str(props.get("zizmor/severity", "unknown")).lower(),
                                 Severity.INFO)
        meta = driver_rules.get(rid, {})
        cwe = AUDIT_CWE.get(audit)
        rule = sarif.Rule(id=rid, name=audit,
                          description=str(meta.get("help", {}).get("text", audit)),
                          severity=severity, cwe=(cwe,) if cwe else (),
                          help_uri=meta.get("helpUri"))
        loc = item["locations"][0]["physicalLocation"]
        path = str(loc["artifactLocation"]["uri"]).removeprefix("./")
        path = from_top.get(path, path)
        line = int(loc.get("region", {}).get("startLine", 1))
        source = sarif.read_line(project.root, path, line, lines)
        return sarif.Finding(rule=rule, message=str(item["message"]["text"]), path=path,
                             line=line, column=loc.get("region", {}).get("startColumn"),
                             snippet=source,
                             confidence=str(props.get("zizmor/confidence", "")).lower() or None)
