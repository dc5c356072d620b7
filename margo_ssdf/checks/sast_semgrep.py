"""`sast.semgrep`: semgrep OSS, fully offline, with our own rule packs from rules/semgrep/."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from margo_ssdf import sarif
from margo_ssdf.checks import sast_coverage as coverage
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.sast import (
    DEFAULT_SAST_EXCLUDES,
    SAST_TASKS,
    SastCheck,
    batches,
    report_items,
    unreadable_output,
)
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ToolError
from margo_ssdf.files import write_atomic
from margo_ssdf.models import CheckResult, Severity
from margo_ssdf.resources import rules_dir
from margo_ssdf.tools import executable, tool_env

_SEVERITY = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
# No metrics, no version check, no registry: semgrep must never reach the network.
_OFFLINE_ENV = {"SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}


# Matches nothing, and names no literal, so semgrep's pre-filter cannot skip parsing a file.
_PROBE_PATTERN = [{"pattern": "$X"}, {"metavariable-regex": {"metavariable": "$X",
                                                             "regex": r"\A(?!)"}}]
_PARTIAL = "PartialParsing"
# Output as JSON, never our ignore files' say on what is scanned, never semgrep's registry.
_SCAN_FLAGS = ("scan", "--metrics=off", "--disable-version-check", "--json", "--quiet",
               "--no-git-ignore", "--oss-only")
_SKIPPED = ("semgrep did not scan it (not among the paths it reports scanned, e.g. larger than "
            "its --max-target-bytes)")


def rule_files() -> list[Path]:
    """Our semgrep rule packs."""
    directory = rules_dir() / "semgrep"
    return sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))


def read_packs(files: list[Path]) -> list[dict[str, Any]]:
    """Every rule of our packs, with the YAML aliases expanded."""
    out: list[dict[str, Any]] = []
    for path in files:
        try:
            text = path.read_text("utf-8")
            # libyaml's safe loader when PyYAML was built with it: the packs are 100 kB of YAML.
            pack = (yaml.load(text, Loader=yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader")
                    else yaml.safe_load(text)) or {}
            rules = pack.get("rules", []) if isinstance(pack, dict) else None
            if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
                raise ValueError("its top level is not a mapping with a list of rules")
            json.dumps(rules)  # what semgrep is handed: YAML dates and the like do not fit
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError) as exc:
            raise ToolError(f"cannot read the semgrep rule pack {path}: {exc}",
                            fix="Reinstall margo-ssdf, or fix the YAML of the pack you edited.") \
                from exc
        out += rules
    return out


def load_rules(files: list[Path]) -> dict[str, sarif.Rule]:
    """Rule metadata by id, read from our packs (semgrep's output omits most of it)."""
    return rule_metadata(read_packs(files))


def rule_metadata(packs: list[dict[str, Any]]) -> dict[str, sarif.Rule]:
    """Rule metadata by id from rules as read_packs returns them."""
    rules: dict[str, sarif.Rule] = {}
    for raw in packs:
        meta = raw.get("metadata") or {}
        cwe = tuple(str(c).split(":")[0] for c in meta.get("cwe", []))
        rules[raw["id"]] = sarif.Rule(
            id=raw["id"], name=raw["id"].rsplit(".", 1)[-1],
            description=" ".join(str(raw.get("message", "")).split()),
            severity=_SEVERITY.get(raw.get("severity", "INFO"), Severity.LOW),
            cwe=cwe, ssdf=tuple(meta.get("ssdf", SAST_TASKS)),
            help_uri=_reference(meta),
        )
    return rules


def _reference(meta: Mapping[str, Any]) -> str | None:
    """A rule's first https reference, for its helpUri (else the CWE page is used)."""
    refs = meta.get("references")
    first = refs[0] if isinstance(refs, list) and refs else None
    return first if isinstance(first, str) and first.startswith("https://") else None


def _our_id(check_id: str, rules: Mapping[str, sarif.Rule]) -> str:
    # semgrep prefixes rule ids from a config directory with the directory's path.
    if check_id in rules:
        return check_id
    for rid in rules:
        if check_id.endswith("." + rid):
            return rid
    return check_id


def _error_lines(error: Mapping[str, Any]) -> set[int]:
    return {n for span in error.get("spans") or [] if isinstance(span, dict)
            for n in range(int(span["start"]["line"]), int(span["end"]["line"]) + 1)}


def _all_lines_failed(root: Path, error: Mapping[str, Any]) -> bool:
    """Whether the syntax errors of a partial parse touch every non-blank line of the file."""
    try:
        text = (root / str(error["path"])).read_text("utf-8", "replace")
    except OSError:
        return False
    lines = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    return lines <= _error_lines(error)


def _state(root: Path, error: Mapping[str, Any]) -> coverage.FileParse:
    kind = error.get("type")
    first = str(error.get("message", "")).strip().splitlines()[:1]
    detail = f": {first[0][:200]}" if first else ""
    if isinstance(kind, list) and kind and kind[0] == _PARTIAL:
        # A recovery that leaves no line without a syntax error analysed nothing.
        state = (coverage.Parse.UNPARSED if _all_lines_failed(root, error)
                 else coverage.Parse.PARTIAL)
        return coverage.FileParse(str(error["path"]), state, f"partial parsing{detail}")
    name = str(kind[0] if isinstance(kind, list) and kind else kind or "error")
    # Syntax and lexical errors leave the file unanalysed; a rule's timeout leaves the rest.
    state = coverage.Parse.UNPARSED if "error" in name.lower() else coverage.Parse.PARTIAL
    return coverage.FileParse(str(error["path"]), state, f"{name}{detail}")


def parse_problems(root: Path, report: Mapping[str, Any], errors: list[dict[str, Any]],
                   targets: list[str]) -> list[coverage.FileParse]:
    """The files of a semgrep report it did not fully parse, the worst word per file."""
    worst: dict[str, coverage.FileParse] = {}
    for e in errors:
        if e.get("path"):
            found = _state(root, e)
            known = worst.get(found.path)
            if known is None or known.state is not coverage.Parse.UNPARSED:
                worst[found.path] = found
    paths = report.get("paths")
    scanned = paths.get("scanned") if isinstance(paths, dict) else None
    if isinstance(scanned, list):
        seen = set(map(str, scanned))
        for rel in targets:
            if rel not in seen and rel not in worst:
                worst[rel] = coverage.FileParse(rel, coverage.Parse.UNPARSED, _SKIPPED)
    return [worst[p] for p in sorted(worst)]


def semgrep_scan(ctx: CheckContext, base: list[str], batch: list[str]
                 ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """One semgrep run over a batch: its report, results and errors; ToolError on a failure."""
    run = ctx.run_tool([*base, *batch], env=tool_env(_OFFLINE_ENV))
    try:
        report = json.loads(run.stdout)
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ToolError(f"semgrep failed (exit {run.returncode}): "
                        f"{run.stderr_tail() or exc}") from exc
    items = report_items(report, "semgrep", "results", ("check_id", "path", "start", "extra"))
    errors = report_items(report, "semgrep", "errors", ()) \
        if report.get("errors") is not None else []
    fatal = [e for e in errors if e.get("level") == "error" and not e.get("path")]
    if run.returncode not in (0, 1) or fatal:
        detail = "; ".join(str(e.get("message", ""))[:300] for e in fatal)
        raise ToolError(f"semgrep failed (exit {run.returncode}): "
                        f"{detail or run.stderr_tail()}")
    return report, items, errors


def parse_probe(ctx: CheckContext, files: list[str], language: str
                ) -> list[coverage.FileParse]:
    """semgrep's parse of each file (parsed, partly, not at all), with a rule matching nothing."""
    rule = {"rules": [{"id": "margo.parse-probe", "languages": [language],
                       "patterns": _PROBE_PATTERN, "message": "parse probe",
                       "severity": "INFO"}]}
    base = [executable("semgrep"), *_SCAN_FLAGS]
    problems: list[coverage.FileParse] = []
    with tempfile.TemporaryDirectory(prefix="margo-ssdf-probe-") as tmp:
        config = Path(tmp) / "probe.yml"
        write_atomic(config, json.dumps(rule).encode())
        for batch in batches(files):
            report, _, errors = semgrep_scan(ctx, [*base, "--config", str(config)], batch)
            problems += parse_problems(ctx.project.root, report, errors, batch)
    said = {p.path: p for p in problems}
    return [said.get(f, coverage.FileParse(f, coverage.Parse.PARSED)) for f in files]


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
    options: ClassVar[Mapping[str, Any]] = {
        "exclude": DEFAULT_SAST_EXCLUDES,
        coverage.GAP_OPTION: coverage.DEFAULT_GAP_SEVERITY.value}

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        # The rules are inputs too: editing a rule must invalidate cached results.
        return "\0".join([*(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                            for p in rule_files()), super().fingerprint(project, options)])

    @staticmethod
    def _finding(ctx: CheckContext, item: Mapping[str, Any], rules: Mapping[str, sarif.Rule],
                 lines: dict[str, list[str]]) -> sarif.Finding:
        rid = _our_id(str(item["check_id"]), rules)
        rule = rules.get(rid) or sarif.Rule(
            id=rid, name=rid, description="", severity=_SEVERITY.get(
                str(item["extra"].get("severity", "INFO")), Severity.LOW))
        line, path = int(item["start"]["line"]), str(item["path"])
        source = sarif.read_line(ctx.project.root, path, line, lines)
        return sarif.Finding(
            rule=rule, path=path, line=line,
            message=" ".join(str(item["extra"].get("message", "")).split()),
            column=int(item["start"].get("col", 1)), snippet=source,
            triage=sarif.inline_triage(source, ("nosemgrep",)))

    def run(self, ctx: CheckContext) -> CheckResult:
        targets = self.scan_targets(ctx)
        if not targets:
            return self.nothing_to_scan(ctx)
        files = rule_files()
        if not files:
            raise ToolError(f"no semgrep rules found in {rules_dir() / 'semgrep'}.",
                            fix="Reinstall margo-ssdf; its rules ship inside the package.")
        packs = read_packs(files)
        rules = rule_metadata(packs)
        severity = coverage.gap_severity(ctx.options, self.id)
        findings: list[sarif.Finding] = []
        problems: list[coverage.FileParse] = []
        lines: dict[str, list[str]] = {}
        # semgrep reads a JSON config in half the time of the same rules in YAML (its YAML
        # reader is pure Python); the packs stay YAML for people, semgrep gets them as JSON.
        with tempfile.TemporaryDirectory(prefix="margo-ssdf-rules-") as tmp:
            config = Path(tmp) / "rules.json"
            write_atomic(config, json.dumps({"rules": packs}).encode())
            base = [executable("semgrep"), *_SCAN_FLAGS, "--disable-nosem", "--config", str(config)]
            for batch in batches(targets):
                report, items, errors = semgrep_scan(ctx, base, batch)
                problems += parse_problems(ctx.project.root, report, errors, batch)
                with unreadable_output("semgrep"):
                    findings += [self._finding(ctx, item, rules, lines) for item in items]
        # The packs as shipped: the same rules as the JSON copy, and a path others can rerun.
        ctx.argv = ["semgrep", *_SCAN_FLAGS, "--disable-nosem",
                    *[a for f in files for a in ("--config", f"rules/semgrep/{f.name}")],
                    f"<{len(targets)} files>"]
        cov = coverage.EngineCoverage("semgrep", tuple(targets), tuple(problems))
        findings += coverage.gap_findings(cov, severity)  # Python files' gaps: sast.bandit
        return self.finish(ctx, findings, [(p.path, f"{p.state}: {p.reason}") for p in problems],
                           len(targets), cov)
