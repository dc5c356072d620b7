"""Re-derive a check's outcome, counts and probes from its digest-bound evidence.

A result (a `result.json`, a cache entry, an aggregate part, the checks of a signed statement)
is a claim; its evidence (the SARIF, the vulnerability report, the CRA clock, the SBOM, the
JUnit summary) is what the check wrote from the tool's output. Before a result is believed it
is recomputed here from that evidence, with the same functions the check itself used, and
compared: `audit --evidence-dir`, `aggregate` and the result cache all go through `rederive`.

Some facts cannot be recomputed from evidence (repo.hygiene asks git, threat.model reads the
project's documents): those results are only compared with the probes their evidence records,
and every caller says so rather than calling them re-derived.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from margo_ssdf import sarif
from margo_ssdf.errors import MargoError
from margo_ssdf.models import CheckResult, Evidence, Outcome, Probe, Severity
from margo_ssdf.policy import Policy

Read = Callable[[Evidence], bytes | None]
"""Returns an evidence file's bytes when it is present and has its digest, else None."""
# Evidence files are kilobytes to a few megabytes; anything far larger is not read.
MAX_EVIDENCE_BYTES = 256 * 1024 * 1024
# Checks that report `skipped`, with no evidence, when there is nothing for them to look at.
_SKIPPING = frozenset({"sast.bandit", "sast.semgrep", "sast.workflows", "app.isolation",
                       "deps.provenance"})
_SEVERITY_NAMES = frozenset(s.value for s in Severity)
# What a malformed evidence document raises when read as the check writes it.
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


class Agreement(StrEnum):
    """How a recorded result stands against its evidence."""

    REDERIVED = "re-derived"
    """Recomputed from the evidence, and equal to the record."""
    CONSISTENT = "consistent"
    """Equal to the probes its evidence records; the facts behind them are not in evidence."""
    UNCHECKED = "unchecked"
    """Nothing to recompute from (an error, a skip, a check without a re-deriver)."""
    DIFFERS = "differs"
    """The evidence says something else than the record, or cannot be read."""


@dataclass(frozen=True)
class Rederived:
    """The comparison of one recorded result with its evidence."""

    check_id: str
    agreement: Agreement
    detail: str
    """One sentence naming the check, and the recorded and re-derived values when they differ."""

    @property
    def trusted(self) -> bool:
        """Whether the record may be used: re-derived, or consistent with its evidence."""
        return self.agreement in (Agreement.REDERIVED, Agreement.CONSISTENT)


@dataclass(frozen=True)
class Facts:
    """What a check's evidence says its result must be."""

    outcome: Outcome
    counts: Mapping[Severity, int] = field(default_factory=dict)
    probes: Sequence[Probe] = ()
    copied: bool = False
    """The probes are the check's own copy in its evidence, not recomputed."""
    notes: tuple[str, ...] = ()
    """Why the evidence, under the policy in force, gives other values (shown on a difference)."""


class _Unchecked(Exception):
    """There is nothing to compare the record with; the message says why."""


class _Contradicted(Exception):
    """The evidence files contradict each other; the message says how."""


class _Missing(Exception):
    """The result names no evidence file of this name."""


class EvidenceFiles:
    """One result's evidence, read by name through a digest-checking reader."""

    def __init__(self, result: CheckResult, read: Read) -> None:
        self.result = result
        self._read = read
        self.used: list[str] = []

    def data(self, name: str) -> bytes:
        """The bytes of the evidence file called `name`; raises when there are none to trust."""
        ev = next((e for e in self.result.evidence if e.path.rsplit("/", 1)[-1] == name), None)
        if ev is None:
            raise _Missing(name)
        raw = self._read(ev)
        if raw is None:
            raise _Unchecked(f"{ev.path} is missing or does not match its digest, so it is "
                             "not re-derived (the evidence step names the file)")
        self.used.append(name)
        return raw

    def json(self, name: str) -> Any:
        """The evidence file called `name`, parsed as JSON."""
        return json.loads(self.data(name))

    def has(self, name: str) -> bool:
        """Whether the result names an evidence file called `name`."""
        return any(e.path.rsplit("/", 1)[-1] == name for e in self.result.evidence)


Deriver = Callable[[EvidenceFiles, Mapping[str, Any]], Facts]


def _sast(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks import sast_coverage
    from margo_ssdf.checks.sast import findings_outcome

    log = ev.json(f"{ev.result.check_id}.sarif")
    # Coverage gaps are judged again from the recorded coverage, at the policy's severity.
    try:
        severity = sast_coverage.gap_severity(options, ev.result.check_id)
    except MargoError as exc:
        raise _Unchecked(f"the policy in force gives no severity to coverage gaps: {exc}"
                         ) from None
    log, notes = sast_coverage.rederive_gaps(log, severity)
    counts = sarif.log_counts(log)
    return Facts(findings_outcome(counts), counts, notes=notes)


def _isolation(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.app_isolation import INVENTORY, isolation_outcome

    counts = sarif.log_counts(ev.json("app.isolation.sarif"))
    return Facts(isolation_outcome(ev.json(INVENTORY), counts), counts)


def _closes(options: Mapping[str, Any]) -> bool:
    """The policy in force's word on machine VEX (default: it closes a finding)."""
    return options.get("machine_vex_closes", True) is not False


def _deps(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.deps_audit import audit_facts
    from margo_ssdf.vulndb.scan import AuditReport

    report = ev.json("deps-audit.json")
    for finding in report["findings"]:  # an unknown or missing severity counts high
        if finding.get("severity") not in _SEVERITY_NAMES:
            finding["severity"] = Severity.HIGH.value
    outcome, _, counts, probes = audit_facts(AuditReport.model_validate(report),
                                             _closes(options))
    return Facts(outcome, counts, probes)


def _provenance(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.deps_provenance import EVIDENCE, provenance_facts, repinned

    # The rows were judged against the producer's pins; the policy in force brings its own.
    outcome, _, probes = provenance_facts(repinned(ev.json(EVIDENCE)["components"], options))
    return Facts(outcome, {}, probes)


def _clock(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.vuln_response import (
        VulnResponseCheck,
        clock_facts,
        clock_timing,
        limit_days,
        row_open,
    )

    clock = ev.json("cra-clock.json")
    opts = {**VulnResponseCheck.options, **options}  # the policy in force sets the limits
    today = date.fromisoformat(clock["today"])
    rows, notes = [], []
    for row in clock["vulnerabilities"]:
        timing = clock_timing(date.fromisoformat(row["clock_start"]), today,
                              limit_days(opts, str(row["severity"])))
        # Open or closed follows from the row's VEX and the policy's word on machine VEX.
        state: dict[str, Any] = {**timing, "open": row_open(row, _closes(options))}
        notes += [f"{row['id']}: {key} {row.get(key)} in cra-clock.json, {value} under the "
                  "policy in force" for key, value in state.items() if row.get(key) != value]
        rows.append({**row, **state})
    rows.sort(key=lambda r: (not r["open"], r["days_left"]))
    outcome, _, probes = clock_facts(rows, _closes(options))
    return Facts(outcome, {}, probes, notes=tuple(notes))


def _sbom(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.sbom import ntia_facts
    from margo_ssdf.sbom import ntia

    score = ntia.score(ev.json("sbom.cdx.json"))
    problems = [str(p) for p in ev.json("ntia.json")["problems"]]
    outcome, _, probes = ntia_facts(score, problems, 0)
    return Facts(outcome, {}, probes)


def _tests(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.test_results import (
        PREDICATE,
        SUMMARY,
        report_totals,
        results_facts,
    )

    if not ev.result.evidence:  # what the check reports when it finds no report at all
        return Facts(Outcome.FAIL, {}, (Probe(id="tests-run", tasks=("PW.8.2",),
                                              outcome=Outcome.FAIL, reason="", value=0.0),))
    summary = ev.json(SUMMARY)
    totals = report_totals(summary["reports"])
    errors = [(str(e["path"]), str(e["error"])) for e in summary["errors"]]
    outcome, probes = results_facts(totals, errors)
    if ev.has(PREDICATE):
        bad, skipped = totals["failures"] + totals["errors"], totals["skipped"]
        said = ev.json(PREDICATE)["result"]
        wanted = "FAILED" if bad else "WARNED" if skipped else "PASSED"
        if said != wanted:
            raise _Contradicted(f"{PREDICATE} says {said} but the totals of {SUMMARY} "
                                f"give {wanted}")
    return Facts(outcome, {}, probes)


def _copied(name: str, outcome_of: Callable[[Sequence[Probe]], Outcome]) -> Deriver:
    def derive(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
        probes = [Probe.model_validate(p) for p in ev.json(name)["probes"]]
        return Facts(outcome_of(probes), {}, probes, copied=True)
    return derive


def _hygiene(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.repo_hygiene import hygiene_outcome

    return _copied("hygiene.json", hygiene_outcome)(ev, options)


def _threat(ev: EvidenceFiles, options: Mapping[str, Any]) -> Facts:
    from margo_ssdf.checks.threat_model import EVIDENCE, model_outcome

    return _copied(EVIDENCE, model_outcome)(ev, options)


DERIVERS: dict[str, Deriver] = {
    "sast.bandit": _sast, "sast.semgrep": _sast, "sast.workflows": _sast,
    "app.isolation": _isolation, "deps.audit": _deps, "deps.provenance": _provenance,
    "vuln.response": _clock,
    "sbom": _sbom, "tests.results": _tests, "repo.hygiene": _hygiene, "threat.model": _threat,
}
"""The re-deriver of each built-in check, by check id."""


def rederive(result: CheckResult, read: Read,
             options: Mapping[str, Any] | None = None) -> Rederived:
    """Compare one recorded result with what its evidence says.

    `read` gives an evidence file's bytes only when it has its recorded digest; `options` are
    the check's options under the policy in force (defaults fill what they leave out).
    """
    cid = result.check_id
    deriver = DERIVERS.get(cid)
    if result.outcome is Outcome.ERROR:
        return Rederived(cid, Agreement.UNCHECKED,
                         f"{cid}: recorded error, from which nothing is concluded")
    if deriver is None:
        return Rederived(cid, Agreement.UNCHECKED,
                         f"{cid}: no re-derivation is known for this check")
    ev = EvidenceFiles(result, read)
    try:
        facts = deriver(ev, options or {})
    except _Unchecked as exc:
        return Rederived(cid, Agreement.UNCHECKED, f"{cid}: {exc}")
    except _Missing as exc:
        if result.outcome is Outcome.SKIPPED and cid in _SKIPPING:
            return Rederived(cid, Agreement.UNCHECKED, f"{cid}: recorded skipped; a skipped "
                             "check writes no evidence to re-derive from")
        return Rederived(cid, Agreement.DIFFERS, f"{cid}: recorded {result.outcome.value} "
                         f"but names no {exc} to re-derive it from")
    except _Contradicted as exc:
        return Rederived(cid, Agreement.DIFFERS, f"{cid}: {exc}")
    except _UNREADABLE as exc:
        return Rederived(cid, Agreement.DIFFERS, f"{cid}: its evidence "
                         f"({', '.join(ev.used) or 'none'}) cannot be read as the check writes "
                         f"it ({type(exc).__name__}: {_short(exc)})")
    return _compare(result, facts, ev.used)


def _short(exc: BaseException) -> str:
    text = str(exc.errors()[0]["msg"]) if isinstance(exc, ValidationError) else str(exc)
    return text if len(text) <= 200 else text[:200] + "..."


def _compare(result: CheckResult, facts: Facts, used: Sequence[str]) -> Rederived:
    cid = result.check_id
    source = ", ".join(used) or "the absence of evidence"
    differ = []
    if result.outcome is not facts.outcome:
        differ.append(f"outcome recorded {result.outcome.value}, re-derived "
                      f"{facts.outcome.value}")
    recorded, derived = _counts(result.counts), _counts(facts.counts)
    if recorded != derived:
        differ.append(f"counts recorded {_show(recorded)}, re-derived {_show(derived)}")
    differ += _probe_differences(result.probes, facts.probes)
    if differ:
        return Rederived(cid, Agreement.DIFFERS, f"{cid}: " + "; ".join([*differ, *facts.notes])
                         + f" (from {source})")
    if facts.copied:
        return Rederived(cid, Agreement.CONSISTENT, f"{cid}: {result.outcome.value}, as the "
                         f"probes {source} records (the facts behind them are not evidence)")
    shown = f" with {_show(derived)} open" if derived else ""
    return Rederived(cid, Agreement.REDERIVED,
                     f"{cid}: {result.outcome.value}{shown}, re-derived from {source}")


def _counts(counts: Mapping[Severity, int]) -> dict[Severity, int]:
    return {s: counts[s] for s in Severity if counts.get(s)}


def _show(counts: Mapping[Severity, int]) -> str:
    return ", ".join(f"{n} {s.value}" for s, n in counts.items()) or "no findings"


def _probe_differences(recorded: Sequence[Probe], derived: Sequence[Probe]) -> list[str]:
    def key(p: Probe) -> tuple[str, float | None]:
        return p.outcome.value, p.value

    mine, theirs = {p.id: key(p) for p in recorded}, {p.id: key(p) for p in derived}
    out = []
    for pid in dict.fromkeys([*theirs, *mine]):
        if pid not in mine:
            out.append(f"probe {pid} missing from the record")
        elif pid not in theirs:
            out.append(f"probe {pid} recorded but not in the evidence")
        elif mine[pid] != theirs[pid]:
            out.append(f"probe {pid} recorded {_value(mine[pid])}, re-derived "
                       f"{_value(theirs[pid])}")
    return out


def _value(key: tuple[str, float | None]) -> str:
    outcome, value = key
    return outcome if value is None else f"{outcome} ({value:g})"


def rederive_all(results: Iterable[CheckResult], read: Read, policy: Policy
                 ) -> list[Rederived]:
    """Every result compared with its evidence, the check options taken from `policy`."""
    return [rederive(r, read, policy.rule(r.check_id).options) for r in results]


def evidence_reader(root: Path) -> Read:
    """A reader of the evidence under `root`: a file's bytes when they have their digest.

    Paths that leave `root` (through `..` or a symlink), non-files and oversized files read as
    None, like a changed file.
    """
    top = root.resolve()

    def read(ev: Evidence) -> bytes | None:
        path = root / ev.path
        try:
            if (not path.resolve().is_relative_to(top) or not path.is_file()
                    or path.stat().st_size > MAX_EVIDENCE_BYTES):
                return None
            data = path.read_bytes()
        except (OSError, RuntimeError):  # unreadable, or a symlink loop
            return None
        return data if hashlib.sha256(data).hexdigest() == ev.sha256 else None
    return read


def summarize(found: Sequence[Rederived]) -> tuple[bool, str]:
    """Whether every record stands against its evidence, and the detail in one paragraph."""
    differ = [r.detail for r in found if r.agreement is Agreement.DIFFERS]
    if differ:
        return False, "; ".join(differ)

    def ids(agreement: Agreement) -> list[str]:
        return [r.check_id for r in found if r.agreement is agreement]

    parts = []
    if rederived := ids(Agreement.REDERIVED):
        parts.append(f"{len(rederived)} check(s) re-derived from their evidence: "
                     + ", ".join(rederived))
    if consistent := ids(Agreement.CONSISTENT):
        parts.append(", ".join(consistent) + " agree with the probes their evidence records, "
                     "but those facts (git, documents) cannot be re-derived from evidence")
    unchecked = [r.detail for r in found if r.agreement is Agreement.UNCHECKED]
    if unchecked:
        parts.append("not re-derived: " + "; ".join(unchecked))
    return True, "; ".join(parts) or "no check results to re-derive"
