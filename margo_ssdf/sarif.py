"""SARIF 2.1.0 for static-analysis evidence: one run per tool, stable fingerprints, triage.

Every engine's native output is turned into `Finding`s first; this module is the only place
that knows the SARIF shape, so bandit, semgrep and later engines give identical structure.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from margo_ssdf import sarif_help
from margo_ssdf.cwe import github_tag, with_parents
from margo_ssdf.models import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
MEDIA_TYPE = "application/sarif+json"
FINGERPRINT_KEY = "margo/v1"
SRCROOT = "%SRCROOT%"
PROJECT_BASE = "PROJECTROOT"
"""The base id naming the analysed project's directory under %SRCROOT%, when it is not the root."""
_SRCROOT_TEXT = ("The repository root (the analysed directory outside git). Where it was on the "
                 "machine that ran the analysis is left out: resolve it to your checkout.")
_SEVERITY_NAMES = {s.value: s for s in Severity}

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}
# GitHub code scanning ranks security alerts by this CVSS-like score (its bands: 9.0 critical,
# 7.0 high, 4.0 medium, 0.1 low).
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                      Severity.LOW: "2.0", Severity.INFO: "0.0"}
# `# nosec B602 -- reason`, `// nosemgrep: rule-id -- reason`: the reason is what triage needs.
_SUPPRESSION = re.compile(
    r"(?:#|//)\s*(?P<marker>nosec|nosemgrep)\b(?P<rules>[:\s]*[\w.\-, ]*?)"
    r"(?:\s*(?:--|—|:)\s*(?P<why>\S.*?))?\s*$")


@dataclass(frozen=True)
class Rule:
    """What a rule is, for SARIF's `tool.driver.rules`."""

    id: str
    name: str
    description: str
    severity: Severity
    cwe: tuple[str, ...] = ()
    """The weakness the rule finds, most specific first, then its parent classes (added here
    from `cwe.PARENTS` whatever the engine reported)."""
    help_uri: str | None = None
    ssdf: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "cwe", with_parents(self.cwe))


@dataclass(frozen=True)
class SourceRoot:
    """Where result paths are rooted: the repository's top directory (the analysed directory
    outside git), and the project's place under it.

    GitHub code scanning reads every `uri` as relative to the repository root, so a project in
    a subdirectory must write `sub/app.py`, not `app.py`. The root's absolute location is
    never written: signed evidence must not name the build host's directories, and two machines
    building one commit must write the same bytes (SARIF 2.1.0 §3.14.14 lets `uri` be left out
    for both reasons; consumers resolve %SRCROOT% to their own checkout).
    """

    uri: str
    """The root as an absolute `file:` URI with a trailing slash; only for cache keys."""
    prefix: str = ""
    """The project's directory under the root, with a trailing slash; '' at the root."""

    @classmethod
    def at(cls, project: Path, top: Path | None) -> SourceRoot:
        """The root for a project directory and its git top (None outside git)."""
        project = project.resolve()
        base = top.resolve() if top else project
        try:
            rel = project.relative_to(base).as_posix()
        except ValueError:  # a top that does not hold the project: root at the project
            base, rel = project, "."
        return cls(uri=base.as_uri().rstrip("/") + "/", prefix="" if rel == "." else rel + "/")

    @property
    def key(self) -> str:
        """The root as one string, for cache keys (local to this machine, never published)."""
        return f"{self.uri}\0{self.prefix}"

    def base_ids(self) -> dict[str, Any]:
        """SARIF's `originalUriBaseIds` for this root: %SRCROOT% described but not located,
        and PROJECTROOT relative to it when the project is in a subdirectory."""
        out: dict[str, Any] = {SRCROOT: {"description": {"text": _SRCROOT_TEXT}}}
        if self.prefix:
            out[PROJECT_BASE] = {"uri": self.prefix, "uriBaseId": SRCROOT, "description": {
                "text": "The analysed project's directory."}}
        return out


def project_path(run: Mapping[str, Any], uri: str) -> str:
    """A result's project-relative path from its `uri` (relative to the run's %SRCROOT%).

    Only PROJECTROOT's relative `uri` is read, never %SRCROOT%'s: our logs leave it out, and
    older evidence that records an absolute one reads the same. Runs written before paths were
    rooted at the repository name no PROJECTROOT: their uris are project-relative already.
    """
    bases = run.get("originalUriBaseIds")
    base = bases.get(PROJECT_BASE) if isinstance(bases, dict) else None
    prefix = base.get("uri") if isinstance(base, dict) else None
    return uri.removeprefix(prefix) if isinstance(prefix, str) and prefix else uri


@dataclass(frozen=True)
class Triage:
    """Why an open finding is accepted: from an inline suppression or the baseline file."""

    kind: str
    """`inSource` (a comment beside the code) or `external` (the triage baseline)."""
    justification: str
    decision: str = "accepted_risk"


@dataclass(frozen=True)
class Finding:
    """One result of one rule at one place."""

    rule: Rule
    message: str
    path: str
    """POSIX path relative to the project root."""
    line: int
    column: int | None = None
    snippet: str = ""
    """The source line, stripped; part of the fingerprint so findings survive line shifts."""
    confidence: str | None = None
    triage: Triage | None = None
    occurrence: int = field(default=0, compare=False)

    @property
    def fingerprint(self) -> str:
        """Stable across runs and unrelated edits: rule, file, code text and occurrence."""
        text = f"{self.rule.id}\0{self.path}\0{' '.join(self.snippet.split())}\0{self.occurrence}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def number_occurrences(findings: Sequence[Finding]) -> list[Finding]:
    """Give identical (rule, path, snippet) findings distinct occurrence numbers."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.column or 0, f.rule.id)):
        key = (f.rule.id, f.path, " ".join(f.snippet.split()))
        out.append(replace(f, occurrence=seen[key]))
        seen[key] += 1
    return out


def inline_triage(source_line: str, marker_names: Iterable[str]) -> Triage | None:
    """An inline suppression with a justification, or None (no comment, or no reason given)."""
    wanted = set(marker_names)
    # A line may carry several tools' markers (`# nosec B506 -- ...  # nosemgrep: ... -- ...`).
    for m in re.finditer(r"(?:#|//)\s*(?:nosec|nosemgrep)\b", source_line):
        found = _SUPPRESSION.match(source_line[m.start():].split(" # ", 1)[0].rstrip())
        if found and found.group("marker") in wanted:
            why = (found.group("why") or "").strip()
            return Triage(kind="inSource", justification=why) if why else None
    return None


def has_suppression(source_line: str) -> bool:
    """Whether the line carries a suppression comment at all (justified or not)."""
    return bool(_SUPPRESSION.search(source_line))


def read_line(root: Path, rel: str, line: int, cache: dict[str, list[str]]) -> str:
    """One source line (1-based), cached per file; '' when unreadable."""
    if rel not in cache:
        try:
            cache[rel] = (root / rel).read_text("utf-8", "replace").splitlines()
        except OSError:
            cache[rel] = []
    lines = cache[rel]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """Open (untriaged) findings by severity."""
    c: Counter[Severity] = Counter(f.rule.severity for f in findings if f.triage is None)
    return {s: c[s] for s in Severity if c[s]}


def log_counts(log: Mapping[str, Any]) -> dict[Severity, int]:
    """Open (unsuppressed) results of a SARIF log by severity; an unknown severity counts high.

    Checks count their findings with this on the log they write, and re-derivation counts the
    evidence with it, so a record and its evidence are compared by one rule. Raises ValueError
    (or KeyError/TypeError) on a log that is not SARIF as `log_json` writes it.
    """
    c: Counter[Severity] = Counter()
    for run in log["runs"]:
        for r in run["results"]:
            if r.get("suppressions"):
                continue
            props = r.get("properties")
            named = props.get("severity") if isinstance(props, dict) else None
            c[_SEVERITY_NAMES.get(str(named), Severity.HIGH)] += 1
    return {s: c[s] for s in Severity if c[s]}


def _rule_json(rule: Rule) -> dict[str, Any]:
    props: dict[str, Any] = {"severity": rule.severity.value,
                             "security-severity": _SECURITY_SEVERITY[rule.severity],
                             "tags": ["security", *rule.cwe, *map(github_tag, rule.cwe)]}
    if rule.ssdf:
        props["ssdf"] = list(rule.ssdf)
    out: dict[str, Any] = {
        "id": rule.id, "name": rule.name,
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": rule.description or rule.name},
        "help": sarif_help.help_json(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": props,
    }
    if uri := sarif_help.help_uri(rule):
        out["helpUri"] = uri
    if rule.cwe:
        out["relationships"] = [
            {"target": {**_taxon_ref(cwe)}, "kinds": ["superset"]} for cwe in rule.cwe]
    return out


def _taxon_ref(cwe: str) -> dict[str, Any]:
    return {"id": cwe.removeprefix("CWE-"), "toolComponent": {"name": "CWE"}}


def _taxonomy(cwes: Iterable[str]) -> dict[str, Any]:
    """The CWE taxonomy a run's rules and results refer to (only the taxa used)."""
    ids = sorted({c.removeprefix("CWE-") for c in cwes}, key=int)
    return {"name": "CWE", "organization": "MITRE",
            "informationUri": "https://cwe.mitre.org/data/definitions/1000.html",
            "shortDescription": {"text": "Common Weakness Enumeration, research view"},
            "taxa": [{"id": i, "helpUri": f"https://cwe.mitre.org/data/definitions/{i}.html"}
                     for i in ids]}


def run_json(tool: str, version: str, info_uri: str, findings: Sequence[Finding],
             notifications: Sequence[tuple[str, str]] = (),
             extra_rules: Iterable[Rule] = (),
             properties: Mapping[str, Any] | None = None,
             root: SourceRoot | None = None) -> dict[str, Any]:
    """One SARIF run. `notifications` are (path, message) pairs of files the tool could not read;
    `properties` are the run's own (e.g. which files it parsed). Paths are project-relative;
    with a `root` they are written relative to the repository root it names."""
    prefix = root.prefix if root else ""
    rules: dict[str, Rule] = {r.id: r for r in extra_rules}
    for f in findings:
        rules.setdefault(f.rule.id, f.rule)
    order = {rid: i for i, rid in enumerate(sorted(rules))}
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": max(f.line, 1)}
        if f.column:
            region["startColumn"] = f.column
        result: dict[str, Any] = {
            "ruleId": f.rule.id,
            "ruleIndex": order[f.rule.id],
            "level": _LEVEL[f.rule.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": prefix + f.path, "uriBaseId": SRCROOT},
                "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
            "properties": {"severity": f.rule.severity.value, "cwe": list(f.rule.cwe),
                           **({"confidence": f.confidence} if f.confidence else {})},
        }
        if f.rule.cwe:
            result["taxa"] = [_taxon_ref(cwe) for cwe in f.rule.cwe]
        if f.triage:
            result["suppressions"] = [{"kind": f.triage.kind, "status": "accepted",
                                       "justification": f.triage.justification,
                                       "properties": {"decision": f.triage.decision}}]
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": msg},
             "locations": [{"physicalLocation": {"artifactLocation": {
                 "uri": prefix + path, "uriBaseId": SRCROOT}}}]}
            for path, msg in notifications]
    used = [cwe for rule in rules.values() for cwe in rule.cwe]
    return {
        "tool": {"driver": {"name": tool, "version": version, "informationUri": info_uri,
                            "rules": [_rule_json(rules[r]) for r in sorted(rules)]}},
        **({"taxonomies": [_taxonomy(used)]} if used else {}),
        "originalUriBaseIds": root.base_ids() if root else {
            SRCROOT: {"description": {"text": "The project root."}}},
        "invocations": [invocation],
        "results": results,
        **({"properties": dict(properties)} if properties else {}),
    }


def merge_logs(logs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One SARIF log with every run of the given logs, in order: one run per tool."""
    return log_json([run for log in logs for run in log.get("runs", [])])


def log_json(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A SARIF log holding the given runs."""
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": list(runs)}


@dataclass(frozen=True)
class ReportedResult:
    """A result read back from a SARIF log we wrote: the one model of a reported SAST finding,
    for triage, the terminal and the report. Every field has its type whatever the log held (a
    wrong-typed value reads as '?' or '', an unknown severity as high)."""

    tool: str
    rule_id: str
    severity: Severity
    path: str
    """Project-relative, as fingerprints and triage use it (see `project_path`)."""
    line: int
    message: str
    fingerprint: str
    cwe: tuple[str, ...]
    suppressed: bool
    rule_name: str = ""
    """The rule's name from the run's `tool.driver.rules`; '' when the log names none."""
    justification: str | None = None
    """Why a suppressed result is accepted, from its first suppression."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _str(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _line(region: object) -> int:
    line = region.get("startLine") if isinstance(region, dict) else None
    return line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else 1


def _result(run: Mapping[str, Any], tool: str, names: Mapping[str, str],
            r: Mapping[str, Any]) -> ReportedResult:
    loc = r["locations"][0]["physicalLocation"]
    props = r.get("properties", {})
    suppressions = r.get("suppressions")
    first = (suppressions[0] if isinstance(suppressions, list) and suppressions
             and isinstance(suppressions[0], dict) else {})
    rule_id = _str(r["ruleId"], "?")
    return ReportedResult(
        tool=_str(tool, "?"), rule_id=rule_id,
        severity=_SEVERITY_NAMES.get(str(props.get("severity")), Severity.HIGH),
        path=project_path(run, _str(loc["artifactLocation"]["uri"], "?")),
        line=_line(loc.get("region")), message=_str(r["message"]["text"]),
        fingerprint=_str(r.get("partialFingerprints", {}).get(FINGERPRINT_KEY)),
        cwe=tuple(c for c in props.get("cwe", []) if isinstance(c, str)),
        suppressed=bool(suppressions), rule_name=names.get(rule_id, ""),
        justification=_str(first.get("justification")) or None)


def read_results(log: Mapping[str, Any]) -> list[ReportedResult]:
    """Every result of every run of a SARIF log written by `log_json`; raises KeyError,
    TypeError, IndexError or AttributeError on a log of another shape."""
    out = []
    for run in log.get("runs", []):
        driver = run["tool"]["driver"]
        names = {rule["id"]: _str(rule.get("name")) for rule in driver.get("rules", [])
                 if isinstance(rule, dict) and isinstance(rule.get("id"), str)}
        out += [_result(run, driver["name"], names, r) for r in run.get("results", [])]
    return out
