"""`sast.semgrep`: semgrep OSS, fully offline, with our own rule packs from rules/semgrep/."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from margo_ssdf import sarif
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import (
    SAST_TASKS,
    SastCheck,
    batches,
    report_items,
    unreadable_output,
)
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.resources import rules_dir
from margo_ssdf.tools import executable, tool_env

_SEVERITY = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
# No metrics, no version check, no registry: semgrep must never reach the network.
_OFFLINE_ENV = {"SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}


def rule_files() -> list[Path]:
    """Our semgrep rule packs."""
    directory = rules_dir() / "semgrep"
    return sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))


def load_rules(files: list[Path]) -> dict[str, sarif.Rule]:
    """Rule metadata by id, read from our packs (semgrep's output omits most of it)."""
    rules: dict[str, sarif.Rule] = {}
    for path in files:
        for raw in (yaml.safe_load(path.read_text("utf-8")) or {}).get("rules", []):
            meta = raw.get("metadata") or {}
            cwe = tuple(str(c).split(":")[0] for c in meta.get("cwe", []))
            rules[raw["id"]] = sarif.Rule(
                id=raw["id"], name=raw["id"].rsplit(".", 1)[-1],
                description=" ".join(str(raw.get("message", "")).split()),
                severity=_SEVERITY.get(raw.get("severity", "INFO"), Severity.LOW),
                cwe=cwe, ssdf=tuple(meta.get("ssdf", SAST_TASKS)),
            )
    return rules


def _our_id(check_id: str, rules: Mapping[str, sarif.Rule]) -> str:
    # semgrep prefixes rule ids from a config directory with the directory's path.
    if check_id in rules:
        return check_id
    for rid in rules:
        if check_id.endswith("." + rid):
            return rid
    return check_id


class SemgrepCheck(SastCheck):
    """Python, Go and Dockerfile analysis with semgrep and margo-ssdf's rules."""

    id = "sast.semgrep"
    title = "Python, Go and Dockerfile static analysis (semgrep, bundled rules, offline)"
    tool = "semgrep"
    distribution = "semgrep"
    info_uri = "https://semgrep.dev/"
    remediation = ("Fix each finding, or triage it with `# nosemgrep: RULE -- justification` "
                   "or an entry in .margo-ssdf/triage.yaml.")
    suffixes: ClassVar[tuple[str, ...]] = (".py", ".go")
    names: ClassVar[tuple[str, ...]] = ("Dockerfile", "Dockerfile.*", "*.Dockerfile",
                                        "*.dockerfile", "Containerfile")

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        # The rules are inputs too: editing a rule must invalidate cached results.
        return "\0".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                         for p in rule_files())

    def run(self, ctx: CheckContext) -> CheckResult:
        targets = self.scan_targets(ctx)
        if not targets:
            return self.nothing_to_scan(ctx)
        files = rule_files()
        if not files:
            raise ToolError(f"no semgrep rules found in {rules_dir() / 'semgrep'}.",
                            fix="Reinstall margo-ssdf; its rules ship inside the package.")
        rules = load_rules(files)
        exe = executable("semgrep")
        base = [exe, "scan", "--metrics=off", "--disable-version-check", "--json", "--quiet",
                "--disable-nosem", "--no-git-ignore", "--oss-only",
                *[a for f in files for a in ("--config", str(f))]]
        findings: list[sarif.Finding] = []
        unparsed: list[tuple[str, str]] = []
        lines: dict[str, list[str]] = {}
        env = tool_env(_OFFLINE_ENV)
        for batch in batches(targets):
            run = ctx.run_tool([*base, *batch], env=env)
            try:
                report = json.loads(run.stdout)
            except ValueError as exc:  # not JSON, or not UTF-8
                raise ToolError(f"semgrep failed (exit {run.returncode}): "
                                f"{run.stderr_tail() or exc}") from exc
            items = report_items(report, "semgrep", "results",
                                 ("check_id", "path", "start", "extra"))
            errors = report_items(report, "semgrep", "errors", ()) \
                if report.get("errors") is not None else []
            fatal = [e for e in errors if e.get("level") == "error" and not e.get("path")]
            if run.returncode not in (0, 1) or fatal:
                detail = "; ".join(str(e.get("message", ""))[:300] for e in fatal)
                raise ToolError(f"semgrep failed (exit {run.returncode}): "
                                f"{detail or run.stderr_tail()}")
            unparsed += [(str(e["path"]), str(e.get("type", "could not be parsed")))
                         for e in errors if e.get("path")]
            with unreadable_output("semgrep"):
                for item in items:
                    rid = _our_id(str(item["check_id"]), rules)
                    rule = rules.get(rid) or sarif.Rule(
                        id=rid, name=rid, description="", severity=_SEVERITY.get(
                            str(item["extra"].get("severity", "INFO")), Severity.LOW))
                    line, path = int(item["start"]["line"]), str(item["path"])
                    source = sarif.read_line(ctx.project.root, path, line, lines)
                    findings.append(sarif.Finding(
                        rule=rule, path=path, line=line,
                        message=" ".join(str(item["extra"].get("message", "")).split()),
                        column=int(item["start"].get("col", 1)), snippet=source,
                        triage=sarif.inline_triage(source, ("nosemgrep",)),
                    ))
        ctx.argv = ["semgrep", *base[2:base.index("--config")],
                    *[a for f in files for a in ("--config", f"rules/semgrep/{f.name}")],
                    f"<{len(targets)} files>"]
        return self.finish(ctx, findings, sorted(set(unparsed)), len(targets))
