"""`sast.bandit`: bandit over the project's Python files, as SARIF."""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from margo_ssdf import sarif
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import SastCheck, batches, report_items, unreadable_output
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.tools import python_tool

_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW,
             "UNDEFINED": Severity.INFO}


# B105-B107 (hard-coded passwords) quote the secret itself in their message.
_QUOTES_SECRET = {"B105", "B106", "B107"}


def _message(item: dict[str, Any]) -> str:
    text = str(item.get("issue_text", ""))
    if item.get("test_id") in _QUOTES_SECRET:
        text = re.sub(r"""(['"]).*\1""", "'***'", text)
    return text


def _rule(item: dict[str, Any]) -> sarif.Rule:
    cwe = item.get("issue_cwe") or {}
    cwe_ids = (f"CWE-{cwe['id']}",) if cwe.get("id") else ()
    return sarif.Rule(
        id=item["test_id"], name=item.get("test_name", item["test_id"]),
        description=_message(item),
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
        targets = self.scan_targets(ctx)
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
            except ValueError as exc:  # not JSON, or not UTF-8
                raise ToolError(f"bandit printed output that is not JSON: {exc}.",
                                stderr=run.stderr_tail()) from exc
            items = report_items(report, "bandit", "results",
                                 ("filename", "line_number", "test_id"))
            errors = report_items(report, "bandit", "errors", ("filename",)) \
                if report.get("errors") is not None else []
            unparsed += [(str(e["filename"]).removeprefix("./"),
                          e.get("reason", "could not be parsed")) for e in errors]
            with unreadable_output("bandit"):
                for item in items:
                    rel = str(item["filename"]).removeprefix("./")
                    line = int(item["line_number"])
                    source = sarif.read_line(ctx.project.root, rel, line, lines)
                    findings.append(sarif.Finding(
                        rule=_rule(item), message=_message(item), path=rel, line=line,
                        column=int(item.get("col_offset") or 0) + 1, snippet=source,
                        confidence=str(item.get("issue_confidence", "")).lower(),
                        triage=sarif.inline_triage(source, ("nosec",)),
                    ))
        ctx.argv = ["bandit", "-f", "json", "-q", "--ignore-nosec", f"<{len(targets)} files>"]
        return self.finish(ctx, findings, unparsed, len(targets))
