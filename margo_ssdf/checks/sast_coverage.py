"""Per-file coverage of the SAST engines: which engine parsed each file, and the gaps.

Each engine check records, in its SARIF run's `properties["margo/coverage"]`, the files it
scanned and, per file it did not fully parse, whether it parsed part of it (`partial`) or none
(`unparsed`) and why. A file that no engine targeting it could parse at all is a *coverage gap*:
a result of the rule `margo.coverage.unparsed`, with the severity the policy gives in the
check option `coverage_gap_severity` (default medium), counted with the other findings so the
check's `max_*` thresholds judge it. A file some engine parsed is shown, never counted.

Who judges a gap: bandit and semgrep run as separate checks, concurrently and in no set order
(the scheduler has no dependencies), so neither can read the other's result. The gap is judged
instead by asking the other engine's *parser* directly, which is a fact about the file, not
about the run:

- a file only one engine targets (Go, Dockerfiles: semgrep) is a gap when that engine could
  not parse it;
- a Python file is targeted by both; its gap is judged by `sast.bandit`, which runs semgrep's
  parsers on the files bandit's interpreter could not parse (a probe rule that matches nothing
  and defeats semgrep's pre-filter, so every file is really parsed). `sast.semgrep` shows its
  unparsed Python files but leaves their gap to bandit, so one file is never counted twice.

The cross-engine table (parsed by all, by some and which, by none) is built by the report from
every SAST run's coverage (`coverage_table`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from margo_ssdf import sarif
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import Severity

GAP_RULE_ID = "margo.coverage.unparsed"
COVERAGE_KEY = "margo/coverage"
"""The key of a SARIF run's `properties` holding that engine's coverage."""
GAP_OPTION = "coverage_gap_severity"
DEFAULT_GAP_SEVERITY = Severity.MEDIUM
JUDGED_BY_BANDIT = (".py",)
"""Files both engines target, whose gap `sast.bandit` judges (see above)."""


class Parse(StrEnum):
    """How far one engine parsed one file."""

    PARSED = "parsed"
    PARTIAL = "partial"
    """The engine recovered from a syntax error and analysed the rest of the file."""
    UNPARSED = "unparsed"
    """The engine analysed nothing of the file."""


@dataclass(frozen=True)
class FileParse:
    """One engine's word on one file it did not simply parse."""

    path: str
    state: Parse
    reason: str = ""


@dataclass(frozen=True)
class EngineCoverage:
    """What one engine analysed: every file it was given, and those it did not fully parse."""

    engine: str
    scanned: tuple[str, ...]
    problems: tuple[FileParse, ...] = ()
    interpreter: Mapping[str, str] = field(default_factory=dict)
    """For a Python-hosted engine: the `name` (or, in older evidence, `path`) and `version` of
    the interpreter that parsed."""
    others: Mapping[str, tuple[FileParse, ...]] = field(default_factory=dict)
    """Other engines' parse of this engine's unparsed files (every file asked), by engine."""

    def state(self, path: str) -> Parse:
        """This engine's parse of a file it scanned."""
        found = next((p for p in self.problems if p.path == path), None)
        return found.state if found else Parse.PARSED

    def unparsed(self) -> list[FileParse]:
        """The files this engine analysed nothing of."""
        return [p for p in self.problems if p.state is Parse.UNPARSED]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"engine": self.engine, "scanned": list(self.scanned),
                               "files": [_file_json(p) for p in self.problems]}
        if self.interpreter:
            out["interpreter"] = dict(self.interpreter)
        if self.others:
            out["others"] = {e: [_file_json(p) for p in ps] for e, ps in self.others.items()}
        return out


def _file_json(p: FileParse) -> dict[str, str]:
    return {"path": p.path, "state": p.state.value, "reason": p.reason}


def _file(raw: Mapping[str, Any]) -> FileParse:
    return FileParse(str(raw["path"]), Parse(str(raw["state"])), str(raw.get("reason", "")))


def from_json(raw: Mapping[str, Any]) -> EngineCoverage:
    """An engine's coverage read back from its run properties; raises on a malformed one."""
    return EngineCoverage(
        engine=str(raw["engine"]), scanned=tuple(str(p) for p in raw["scanned"]),
        problems=tuple(_file(f) for f in raw["files"]),
        interpreter={str(k): str(v) for k, v in (raw.get("interpreter") or {}).items()},
        others={str(e): tuple(_file(f) for f in fs) for e, fs in
                (raw.get("others") or {}).items()})


def read_coverage(log: Mapping[str, Any]) -> list[EngineCoverage]:
    """The coverage of every run of a SARIF log that records one."""
    return [from_json(run["properties"][COVERAGE_KEY]) for run in log.get("runs", [])
            if isinstance(run.get("properties"), dict) and COVERAGE_KEY in run["properties"]]


def gap_severity(options: Mapping[str, Any], check_id: str) -> Severity:
    """The severity the policy gives a coverage gap (the check option, default medium)."""
    value = str(options.get(GAP_OPTION, DEFAULT_GAP_SEVERITY.value)).lower()
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"option '{GAP_OPTION}' must be one of {', '.join(s.value for s in Severity)}, "
            f"not '{value}'.", key=f"checks.{check_id}.options.{GAP_OPTION}") from None


def gap_rule(severity: Severity) -> sarif.Rule:
    """The rule of a coverage gap, at the policy's severity."""
    return sarif.Rule(id=GAP_RULE_ID, name="file-not-analysed",
                      description="No static-analysis engine that targets this file could "
                                  "parse it, so none of its code was analysed.",
                      severity=severity)


def gaps(cov: EngineCoverage) -> list[tuple[str, str]]:
    """(path, why) of each coverage gap this engine's record decides (see the module's rules).

    Derived from the record alone, so the check and re-derivation judge the same way.
    """
    mine = {p.path: p for p in cov.unparsed()}
    if cov.engine == "bandit":  # a gap only when semgrep's parser failed on it too
        asked = [p for p in cov.others.get("semgrep", ()) if p.state is Parse.UNPARSED]
        return [(p.path, f"bandit could not parse it ({mine[p.path].reason}), nor could "
                         f"semgrep ({p.reason}): none of its code was analysed")
                for p in asked if p.path in mine]
    return [(p.path, f"{cov.engine} could not parse it ({p.reason}) and no other engine "
                     "targets it: none of its code was analysed")
            for p in mine.values() if not p.path.endswith(JUDGED_BY_BANDIT)]


def gap_findings(cov: EngineCoverage, severity: Severity) -> list[sarif.Finding]:
    """A finding per coverage gap of this engine's record, at the policy's severity."""
    rule = gap_rule(severity)
    return [sarif.Finding(rule=rule, path=path, line=1, message=why)
            for path, why in sorted(set(gaps(cov)))]


def rederive_gaps(log: Mapping[str, Any], severity: Severity
                  ) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The log with its gap results re-derived from each run's recorded coverage, at the
    severity of the policy in force, and notes on how the recorded ones differed.

    A gap is a verdict-shaping fact: it is judged again from the coverage record, not taken
    from the results the producer wrote.
    """
    notes: list[str] = []
    runs = []
    for run in log["runs"]:
        recorded = [r for r in run["results"] if r.get("ruleId") == GAP_RULE_ID]
        kept = [r for r in run["results"] if r.get("ruleId") != GAP_RULE_ID]
        props = run.get("properties")
        cov = from_json(props[COVERAGE_KEY]) if isinstance(props, dict) and \
            COVERAGE_KEY in props else None
        if cov is None:
            # No coverage record to judge from: the recorded gaps stay open (fail closed), at
            # the policy's severity and untriaged, whatever the producer wrote on them.
            if recorded:
                notes.append(f"{len(recorded)} coverage gap(s) recorded without the coverage "
                             f"record they come from; kept open at {severity.value}")
            kept += [{**{k: v for k, v in r.items() if k not in ("suppressions", "properties")},
                      "properties": {"severity": severity.value}} for r in recorded]
            runs.append({**run, "results": kept})
            continue
        derived = sorted({path for path, _ in gaps(cov)})
        found = sorted(sarif.project_path(
            run, str(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]))
            for r in recorded)
        if found != derived:
            notes.append(f"coverage gaps recorded {found or 'none'}, re-derived from the "
                         f"coverage {derived or 'none'}")
        elif any((r.get("properties") or {}).get("severity") != severity.value
                 for r in recorded):
            notes.append(f"{len(recorded)} coverage gap(s) recorded at another severity than "
                         f"the {severity.value} of the policy in force")
        kept += [{"ruleId": GAP_RULE_ID, "properties": {"severity": severity.value},
                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}}}]}
                 for path in derived]
        runs.append({**run, "results": kept})
    return {**log, "runs": runs}, tuple(notes)


@dataclass(frozen=True)
class CoverageRow:
    """One file's coverage across the engines that scanned it."""

    path: str
    states: Mapping[str, Parse]
    """Each engine that scanned the file, and how far it parsed it."""
    reasons: Mapping[str, str]

    @property
    def parsed_by(self) -> list[str]:
        """Engines that analysed at least part of the file."""
        return [e for e, s in self.states.items() if s is not Parse.UNPARSED]

    @property
    def complete(self) -> bool:
        """Every engine parsed the whole file."""
        return all(s is Parse.PARSED for s in self.states.values())


@dataclass(frozen=True)
class CoverageTable:
    """The files of every SAST engine: how many were parsed by all, and the others by name."""

    engines: tuple[str, ...]
    interpreters: Mapping[str, str]
    """Engine to a sentence naming the interpreter it parsed with."""
    all_parsed: int
    some: tuple[CoverageRow, ...]
    """Files some engine did not (fully) parse that another engine, or part of one, did."""
    none: tuple[CoverageRow, ...]
    """Files no engine parsed at all: the coverage gaps."""

    @property
    def files(self) -> int:
        return self.all_parsed + len(self.some) + len(self.none)


def interpreter_name(cov: EngineCoverage) -> str:
    """The interpreter as the evidence names it (older evidence recorded its path)."""
    return cov.interpreter.get("name") or cov.interpreter.get("path") or "?"


def coverage_table(coverages: Sequence[EngineCoverage]) -> CoverageTable:
    """The cross-engine view of the coverages of every SAST run."""
    states: dict[str, dict[str, Parse]] = {}
    reasons: dict[str, dict[str, str]] = {}
    for cov in coverages:
        for path in cov.scanned:
            states.setdefault(path, {})[cov.engine] = cov.state(path)
        for p in cov.problems:
            reasons.setdefault(p.path, {})[cov.engine] = p.reason
    for cov in coverages:  # an engine asked by another counts where it did not run itself
        for engine, asked in cov.others.items():
            for p in asked:
                if engine not in states.setdefault(p.path, {}):
                    states[p.path][engine] = p.state
                    reasons.setdefault(p.path, {})[engine] = p.reason
    rows = [CoverageRow(path, states[path], reasons.get(path, {})) for path in sorted(states)]
    interpreters = {c.engine: f"Python {c.interpreter.get('version', '?')} "
                              f"({interpreter_name(c)})"
                    for c in coverages if c.interpreter}
    return CoverageTable(
        engines=tuple(dict.fromkeys(c.engine for c in coverages)), interpreters=interpreters,
        all_parsed=sum(1 for r in rows if r.complete),
        some=tuple(r for r in rows if not r.complete and r.parsed_by),
        none=tuple(r for r in rows if not r.parsed_by))


def coverage_summary(cov: EngineCoverage, findings: Sequence[sarif.Finding]) -> str:
    """The part of a check's reason that says what the engine could not parse, and the gaps."""
    under = (f" under Python {cov.interpreter.get('version')} ({interpreter_name(cov)})"
             if cov.interpreter else "")
    unparsed = [p.path for p in cov.unparsed()]
    partial = [p.path for p in cov.problems if p.state is Parse.PARTIAL]
    gaps = sum(1 for f in findings if f.rule.id == GAP_RULE_ID)
    parts = []
    if unparsed:
        parts.append(f"{len(unparsed)} file(s) could not be parsed by {cov.engine}{under}: "
                     + ", ".join(unparsed[:5]))
    if partial:
        parts.append(f"{len(partial)} file(s) only partly parsed: " + ", ".join(partial[:5]))
    if gaps:
        parts.append(f"{gaps} of them analysed by no engine (coverage gap, `{GAP_RULE_ID}`)")
    if not parts and under:
        parts.append(f"parsed{under}")
    return "".join(f"; {p}" for p in parts)
