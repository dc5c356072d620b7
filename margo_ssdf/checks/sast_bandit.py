"""`sast.bandit`: bandit over the project's Python files, as SARIF."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from margo_ssdf import sarif
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import SastCheck, batches
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.tools import python_tool

_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW,
             "UNDEFINED": Severity.INFO}


def _rule(item: dict[str, Any]) -> sarif.Rule:
    cwe = item.get("issue_cwe") or {}
    cwe_ids = (f"CWE-{cwe['id']}",) if cwe.get("id") else ()
    return sarif.Rule(
        id=item["test_id"], name=item.get("test_name", item["test_id"]),
        description=item.get("issue_text", ""),
        severity=_SEVERITY.get(item.get("issue_severity", ""), Severity.INFO),
        cwe=cwe_ids, help_uri=item.get("more_info"),
    )


class BanditCheck(SastCheck):
    """Python static analysis with bandit."""

    id = "sast.bandit"
    title = "Python static analysis (bandit)"
    tool = "bandit"
    distribution = "bandit"
    info_uri = "https://bandit.readthedocs.io/"
    remediation = ("Fix each finding, or triage it with `# nosec BXXX -- justification` or an "
                   "entry in .margo-ssdf/triage.yaml.")
    suffixes: ClassVar[tuple[str, ...]] = (".py",)

    def run(self, ctx: CheckContext) -> CheckResult:
        targets = self.targets(ctx.project, ctx.options)
        if not targets:
            return self.nothing_to_scan(ctx)
        findings: list[sarif.Finding] = []
        unparsed: list[tuple[str, str]] = []
        lines: dict[str, list[str]] = {}
        for batch in batches(targets):
            # --ignore-nosec: suppressed findings are still reported, so triage is recorded.
            argv = [*python_tool("bandit"), "-f", "json", "-q", "--ignore-nosec", *batch]
            run = ctx.run_tool(argv)
            if run.returncode not in (0, 1):
                raise ToolError(f"bandit failed (exit {run.returncode}): {run.stderr_tail()}")
            try:
                report = json.loads(run.stdout)
            except json.JSONDecodeError as exc:
                raise ToolError(f"bandit printed output that is not JSON: {exc}.",
                                stderr=run.stderr_tail()) from exc
            unparsed += [(str(e["filename"]).removeprefix("./"),
                          e.get("reason", "could not be parsed"))
                         for e in report.get("errors", [])]
            for item in report.get("results", []):
                rel = str(item["filename"]).removeprefix("./")
                source = sarif.read_line(ctx.project.root, rel, int(item["line_number"]), lines)
                findings.append(sarif.Finding(
                    rule=_rule(item), message=item.get("issue_text", ""), path=rel,
                    line=int(item["line_number"]), column=(item.get("col_offset") or 0) + 1,
                    snippet=source, confidence=str(item.get("issue_confidence", "")).lower(),
                    triage=sarif.inline_triage(source, ("nosec",)),
                ))
        ctx.argv = ["bandit", "-f", "json", "-q", "--ignore-nosec", f"<{len(targets)} files>"]
        return self.finish(ctx, findings, unparsed, len(targets))
