"""`sast.bandit`: bandit over the project's Python files, as SARIF.

bandit parses with the `ast` module of the interpreter it runs under, so it can only analyse
the syntax that interpreter knows (Python 3.12's `type X = int` and PEP 695 generics fail
under 3.11). The option `python` names another interpreter (`python3.12`, or a path); bandit,
which is pure Python, then runs there from margo-ssdf's own installation (`PYTHONPATH`), and
the result and the SARIF run say which interpreter and version parsed. A named interpreter
that is missing fails the check (ToolError) rather than scanning with less.

The files bandit cannot parse are recorded, and those semgrep's parser cannot parse either are
coverage gaps (see `sast_coverage`).
"""

from __future__ import annotations

import importlib.util
import json
import platform
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from margo_ssdf import sarif, tools
from margo_ssdf.checks import sast_coverage as coverage
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import (
    DEFAULT_SAST_EXCLUDES,
    SastCheck,
    batches,
    report_items,
    unreadable_output,
)
from margo_ssdf.checks.sast_semgrep import parse_probe
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Severity

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


_VERSION_SCRIPT = "import sys; print('%d.%d.%d' % sys.version_info[:3])"


# What the evidence calls margo-ssdf's own interpreter: its path would show the build
# machine's directories (a home directory, a runner's workspace) in signed evidence.
OWN_INTERPRETER = "python (margo-ssdf's own)"


def interpreter(ctx: CheckContext) -> tuple[str, str, str]:
    """The interpreter bandit runs under (the option `python`, else margo-ssdf's): its path,
    its version and the name the evidence gives it (the option as written, or OWN_INTERPRETER);
    ToolError when the named one is missing or does not run."""
    named = str(ctx.options.get("python") or "")
    if not named:  # our own interpreter: its version is known without starting another one
        return sys.executable, platform.python_version(), OWN_INTERPRETER
    path = shutil.which(named) or None
    if path is None:
        raise ToolError(f"the interpreter '{named}' named by the option 'python' of sast.bandit "
                        "is not installed or not on PATH, so bandit cannot parse with it.",
                        fix="Install it, put it on PATH, or change or remove "
                            "checks.sast.bandit.options.python in the policy.")
    run = tools.run([path, "-I", "-c", _VERSION_SCRIPT], timeout=min(ctx.timeout, 60))
    version = run.stdout.decode("utf-8", "replace").strip()
    if run.returncode != 0 or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ToolError(f"the interpreter '{path}' named by the option 'python' of sast.bandit "
                        f"does not run as Python (exit {run.returncode}).",
                        stderr=run.stderr_tail(),
                        fix="Name a working Python 3 interpreter in "
                            "checks.sast.bandit.options.python.")
    return path, version, named


def _bandit_env(path: str) -> Mapping[str, str] | None:
    """Another interpreter imports bandit from margo-ssdf's own installation."""
    if path == sys.executable:
        return None
    spec = importlib.util.find_spec("bandit")
    if spec is None or spec.origin is None:
        raise ToolError("bandit is not installed beside margo-ssdf.",
                        fix="Reinstall margo-ssdf, which depends on it.")
    return tools.tool_env({"PYTHONPATH": str(Path(spec.origin).parent.parent)})


class BanditCheck(SastCheck):
    """Python static analysis with bandit."""

    id = "sast.bandit"
    title = "Python static analysis (bandit)"
    tool = "bandit"
    distribution = "bandit"
    info_uri = "https://bandit.readthedocs.io/"
    remediation = ("Fix each finding, or triage it with `# nosec BXXX -- justification` or an "
                   "entry in .margo-ssdf/triage.yaml.")
    suffixes: ClassVar[tuple[str, ...]] = coverage.JUDGED_BY_BANDIT
    options: ClassVar[Mapping[str, Any]] = {
        "exclude": DEFAULT_SAST_EXCLUDES, "python": "",
        coverage.GAP_OPTION: coverage.DEFAULT_GAP_SEVERITY.value}

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        # What bandit parses with, and semgrep's parser that judges the gaps, are inputs too.
        named = str(options.get("python") or "")
        path = (shutil.which(named) or named) if named else sys.executable
        try:
            stamp = Path(path).resolve().stat().st_mtime_ns
        except OSError:
            stamp = 0
        return (f"{path}:{stamp}\0semgrep {tools.distribution_version('semgrep')}\0"
                + super().fingerprint(project, options))

    def run(self, ctx: CheckContext) -> CheckResult:
        targets = self.scan_targets(ctx)
        if not targets:
            return self.nothing_to_scan(ctx)
        severity = coverage.gap_severity(ctx.options, self.id)
        python, version, shown = interpreter(ctx)
        findings: list[sarif.Finding] = []
        unparsed: list[tuple[str, str]] = []
        for batch in batches(targets):
            found, failed = self._scan(ctx, python, batch)
            findings += found
            unparsed += failed
        under = f"Python {version}"
        problems = tuple(coverage.FileParse(p, coverage.Parse.UNPARSED, f"{why} ({under})")
                         for p, why in sorted(set(unparsed)))
        asked = parse_probe(ctx, [p.path for p in problems], "python") if problems else []
        ctx.argv = [str(ctx.options.get("python") or "python"), "-m", "bandit", "-f", "json",
                    "-q", "--ignore-nosec", f"<{len(targets)} files>"]
        cov = coverage.EngineCoverage("bandit", tuple(targets), problems,
                                      interpreter={"name": shown, "version": version},
                                      others={"semgrep": tuple(asked)} if asked else {})
        findings += coverage.gap_findings(cov, severity)
        return self.finish(ctx, findings, [(p.path, p.reason) for p in problems],
                           len(targets), cov)

    def _scan(self, ctx: CheckContext, python: str, batch: list[str]
              ) -> tuple[list[sarif.Finding], list[tuple[str, str]]]:
        """bandit over one batch: its findings, and the (path, reason) of files it could not
        parse."""
        # --ignore-nosec: suppressed findings are still reported, so triage is recorded.
        argv = [python, "-m", "bandit", "-f", "json", "-q", "--ignore-nosec", *batch]
        run = ctx.run_tool(argv, env=_bandit_env(python))
        if run.returncode not in (0, 1):
            raise ToolError(f"bandit failed (exit {run.returncode}): {run.stderr_tail()}")
        try:
            report = json.loads(run.stdout)
        except ValueError as exc:  # not JSON, or not UTF-8
            raise ToolError(f"bandit printed output that is not JSON: {exc}.",
                            stderr=run.stderr_tail()) from exc
        items = report_items(report, "bandit", "results", ("filename", "line_number", "test_id"))
        errors = report_items(report, "bandit", "errors", ("filename",)) \
            if report.get("errors") is not None else []
        unparsed = [(str(e["filename"]).removeprefix("./"),
                     str(e.get("reason", "could not be parsed"))) for e in errors]
        findings: list[sarif.Finding] = []
        lines: dict[str, list[str]] = {}
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
        return findings, unparsed
