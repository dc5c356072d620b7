"""The report's view model: one attestation, verified first, turned into what people read.

`build_report` verifies the attestation with the same code as `margo-ssdf audit`, reads the
evidence files it names (each only after its sha256 matches the predicate), and gathers
everything the HTML, Markdown and terminal views show: the verification banner, the verdict,
the 42-task matrix, checks, vulnerabilities by urgency, static-analysis findings by rule, the
CISA form, the policy, the database's age and the changes since a baseline release.

Everything read from an attestation or its evidence is untrusted: the views escape it for their
format and `clean` removes control and bidirectional-override characters from it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from margo_ssdf import __version__, catalog
from margo_ssdf.attest import compliance, intoto
from margo_ssdf.attest.audit import AuditResult, Step, audit
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.errors import UsageError
from margo_ssdf.files import sha256_file
from margo_ssdf.models import Evidence, Severity, TaskState, Verdict

SARIF_MEDIA_TYPE = "application/sarif+json"
MERGED_SARIF = "sast.sarif"
DEPS_AUDIT = "checks/deps.audit/deps-audit.json"
CRA_CLOCK = "checks/vuln.response/cra-clock.json"

# Worst first: the order problems and rows are listed in.
SEVERITY_ORDER: Mapping[str, int] = {s.value: i for i, s in enumerate(Severity)}
# How good a task state is, for "better" and "worse" between releases.
STATE_RANK: Mapping[TaskState, int] = {
    TaskState.SATISFIED: 5, TaskState.DECLARED: 4, TaskState.NOT_APPLICABLE: 4,
    TaskState.PARTIALLY_SATISFIED: 2, TaskState.NOT_ASSESSED: 1, TaskState.NOT_SATISFIED: 0,
}
# The order the legend and the counts use: good to bad.
STATE_ORDER: tuple[TaskState, ...] = (
    TaskState.SATISFIED, TaskState.DECLARED, TaskState.NOT_APPLICABLE,
    TaskState.PARTIALLY_SATISFIED, TaskState.NOT_SATISFIED, TaskState.NOT_ASSESSED,
)
# A text symbol for every state, so no state is told by colour alone.
STATE_SYMBOL: Mapping[TaskState, str] = {
    TaskState.SATISFIED: "✔", TaskState.DECLARED: "✎", TaskState.NOT_APPLICABLE: "-",
    TaskState.PARTIALLY_SATISFIED: "◐", TaskState.NOT_SATISFIED: "✘",
    TaskState.NOT_ASSESSED: "?",
}
STATE_LABEL: Mapping[TaskState, str] = {
    TaskState.SATISFIED: "satisfied", TaskState.DECLARED: "declared",
    TaskState.NOT_APPLICABLE: "not applicable", TaskState.PARTIALLY_SATISFIED: "partial",
    TaskState.NOT_SATISFIED: "not satisfied", TaskState.NOT_ASSESSED: "not assessed",
}
STATE_MEANING: Mapping[TaskState, str] = {
    TaskState.SATISFIED: "every check that evidences the task passed",
    TaskState.DECLARED: "a document the project wrote declares it (digest recorded)",
    TaskState.NOT_APPLICABLE: "the policy says it does not apply, or there was nothing to check",
    TaskState.PARTIALLY_SATISFIED: "some of its checks passed, some failed",
    TaskState.NOT_SATISFIED: "its checks failed, or its declaration does not hold",
    TaskState.NOT_ASSESSED: "a check that evidences it could not run",
}
VERDICT_WORDS: Mapping[Verdict, str] = {
    Verdict.COMPLIANT: "COMPLIANT", Verdict.NOT_COMPLIANT: "NOT COMPLIANT",
    Verdict.INCOMPLETE: "INCOMPLETE",
}
STALE_DAYS = 30
"""A vulnerability database whose newest advisory is older than this is flagged as stale."""

_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """A string safe to show: control and bidirectional-override characters replaced.

    Escape sequences could rewrite a terminal, and bidi overrides make text read differently
    from what it is; neither belongs in a report of untrusted data.
    """
    return _UNSAFE_CHARS.sub("\ufffd", str(text))


def state_of(value: str) -> TaskState | None:
    """A TaskState from its wire value, or None for a value the model does not know."""
    try:
        return TaskState(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Unavailable:
    """A part of the report that could not be filled, and why (never silently empty)."""

    reason: str


@dataclass(frozen=True)
class Verification:
    """What the audit concluded about the attestation, shown first in every format."""

    verified: bool
    """Every audit step held."""
    signer: str | None
    """Who signed: 'key <fingerprint>' or '<identity> (issuer <issuer>)'; None if unknown."""
    steps: tuple[Step, ...]
    """Every step the audit checked, in order."""
    content_authenticated: bool
    """The predicate shown came from a payload whose signature verified."""
    checked_at: datetime
    """When this verification ran."""

    @property
    def failed(self) -> tuple[Step, ...]:
        """The steps that did not hold."""
        return tuple(s for s in self.steps if not s.ok)


@dataclass(frozen=True)
class Subject:
    """One attested artifact."""

    name: str
    digests: tuple[tuple[str, str], ...]
    """(algorithm, hex digest) pairs."""


@dataclass(frozen=True)
class TaskCell:
    """One SSDF task in the matrix."""

    task_id: str
    title: str
    practice_id: str
    group_id: str
    state: TaskState | None
    """None when the attestation does not record the task at all."""
    required: bool
    reason: str
    checks: tuple[str, ...]
    document: Evidence | None


@dataclass(frozen=True)
class PracticeRow:
    """One practice and its tasks."""

    practice_id: str
    title: str
    tasks: tuple[TaskCell, ...]


@dataclass(frozen=True)
class GroupBlock:
    """One of the four practice groups (PO, PS, PW, RV)."""

    group_id: str
    title: str
    practices: tuple[PracticeRow, ...]

    @property
    def tasks(self) -> tuple[TaskCell, ...]:
        return tuple(t for p in self.practices for t in p.tasks)


@dataclass(frozen=True)
class EvidenceFile:
    """One evidence file a check names, and whether its bytes were checked."""

    path: str
    sha256: str
    media_type: str
    size: int
    status: str
    """'verified', 'missing', 'changed', 'unsafe path' or 'not checked' (no evidence dir)."""


@dataclass(frozen=True)
class CheckRow:
    """One check's recorded result."""

    check_id: str
    tool: str
    version: str
    outcome: str
    reason: str | None
    counts: tuple[tuple[str, int], ...]
    """Open findings by severity, worst first."""
    tasks: tuple[str, ...]
    seconds: float
    cached: bool
    evidence: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class Vulnerability:
    """One known vulnerability in one dependency, with its VEX status and CRA clock."""

    id: str
    aliases: tuple[str, ...]
    package: str
    version: str
    ecosystem: str
    severity: str
    cvss_score: float | None
    fixed_versions: tuple[str, ...]
    summary: str
    vex_status: str | None
    vex_justification: str | None
    open: bool
    """Affected and not closed by VEX (not_affected or fixed)."""
    days_open: int | None
    days_left: int | None
    """Days until the policy's limit; negative when overdue; None without the CRA clock."""
    limit_days: int | None
    clock_start: str | None

    @property
    def key(self) -> tuple[str, str]:
        """What stays the same across releases: the advisory and the package."""
        return (self.id, self.package)

    @property
    def overdue(self) -> bool:
        return self.open and self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class SastFinding:
    """One static-analysis result."""

    tool: str
    rule_id: str
    severity: str
    path: str
    line: int
    message: str
    fingerprint: str
    suppressed: bool
    justification: str | None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class SastRule:
    """The findings of one rule of one tool."""

    tool: str
    rule_id: str
    name: str
    cwe: tuple[str, ...]
    severity: str
    findings: tuple[SastFinding, ...]

    @property
    def open_count(self) -> int:
        return sum(1 for f in self.findings if not f.suppressed)


@dataclass(frozen=True)
class CisaRow:
    """One statement of the CISA Secure Software Development Attestation Form."""

    section_id: str
    title: str
    state: TaskState
    tasks: tuple[tuple[str, TaskState | None], ...]
    """The SSDF tasks behind the statement and their states."""


@dataclass(frozen=True)
class DatabaseAge:
    """How fresh the vulnerability data used by deps.audit was."""

    advisories: int | None
    last_import: str | None
    ecosystems: tuple[tuple[str, str | None, int | None], ...]
    """(ecosystem, newest advisory published, its age in days at the audit)."""

    @property
    def stale(self) -> bool:
        return any(age is not None and age > STALE_DAYS for _, _, age in self.ecosystems)


@dataclass(frozen=True)
class Problem:
    """One thing a reader should look at first."""

    kind: str
    """'verification', 'task', 'vulnerability', 'finding' or 'check'."""
    text: str


@dataclass(frozen=True)
class TaskChange:
    """A task whose state differs from the baseline."""

    task_id: str
    title: str
    before: TaskState | None
    after: TaskState | None
    direction: str
    """'better', 'worse' or 'changed' (as good as before, but different)."""


@dataclass(frozen=True)
class Comparison:
    """What changed since a baseline release."""

    baseline: str
    """The baseline's release name and version."""
    verification: Verification
    verdict_before: Verdict | None
    verdict_after: Verdict | None
    tasks: tuple[TaskChange, ...]
    vulnerabilities_fixed: tuple[Vulnerability, ...] | Unavailable
    vulnerabilities_new: tuple[Vulnerability, ...] | Unavailable
    findings_added: tuple[SastFinding, ...] | Unavailable
    findings_removed: tuple[SastFinding, ...] | Unavailable

    @property
    def better(self) -> tuple[TaskChange, ...]:
        return tuple(c for c in self.tasks if c.direction == "better")

    @property
    def worse(self) -> tuple[TaskChange, ...]:
        return tuple(c for c in self.tasks if c.direction == "worse")


@dataclass(frozen=True)
class FrameworkRow:
    """One requirement of another framework, derived from the SSDF task statuses."""

    requirement_id: str
    title: str
    state: TaskState
    tasks: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class FrameworkView:
    """IEC 62443-4-1 or CRA Annex I, as the crosswalk derives it from the 42 tasks."""

    name: str
    title: str
    rows: tuple[FrameworkRow, ...]

    def counts(self) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.state.value] = found.get(row.state.value, 0) + 1
        return sorted(found.items())


@dataclass(frozen=True)
class Report:
    """Everything the views show about one attestation."""

    source: str
    """The attestation's file name."""
    verification: Verification
    predicate: compliance.CompliancePredicate | None
    """The compliance record; None when it could not be read at all."""
    subjects: tuple[Subject, ...]
    matrix: tuple[GroupBlock, ...]
    checks: tuple[CheckRow, ...]
    vulnerabilities: tuple[Vulnerability, ...] | Unavailable
    sast: tuple[SastRule, ...] | Unavailable
    cisa: tuple[CisaRow, ...]
    frameworks: tuple[FrameworkView, ...]
    """The same evidence judged against IEC 62443-4-1 and the CRA (recomputed, not trusted)."""
    database: DatabaseAge | None
    problems: tuple[Problem, ...]
    comparison: Comparison | None
    notes: tuple[str, ...]
    """Evidence that was not used, and why."""
    generated_at: datetime
    generator: str = field(default=f"margo-ssdf {__version__}")

    @property
    def tasks(self) -> tuple[TaskCell, ...]:
        return tuple(t for g in self.matrix for t in g.tasks)

    def state_counts(self) -> list[tuple[TaskState, int]]:
        """How many tasks are in each state, good to bad, zero counts left out."""
        counts = dict.fromkeys(STATE_ORDER, 0)
        for t in self.tasks:
            if t.state is not None:
                counts[t.state] += 1
        return [(s, n) for s, n in counts.items() if n]

    @property
    def headline(self) -> str:
        """The one line every format starts with."""
        lead = "VERIFIED" if self.verification.verified else "NOT VERIFIED"
        verdict = (VERDICT_WORDS[self.predicate.verdict] if self.predicate
                   else "verdict unknown")
        name = self.release_label
        return f"{lead} — {verdict} — {name}"

    @property
    def release_label(self) -> str:
        if self.predicate is None:
            return clean(self.source)
        r = self.predicate.release
        return clean(f"{r.name} {r.version}" if r.version else r.name)


@dataclass(frozen=True)
class _Loaded:
    verification: Verification
    predicate: compliance.CompliancePredicate | None
    subjects: tuple[Subject, ...]
    evidence_dir: Path | None
    notes: list[str]


def require_json_attestation(path: Path) -> dict[str, Any]:
    """The attestation file as a JSON object, or a UsageError saying plainly what is wrong."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc}).",
                         fix="Check the path of the attestation.") from exc
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (f" at line {exc.lineno}, column {exc.colno}"
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise UsageError(
            f"{path}: is not a complete JSON attestation ({len(raw)} bytes; the JSON stops "
            f"making sense{where}), so it was probably truncated or is another kind of file.",
            fix="Download the release's .dsse.json or .sigstore.json file again and pass it "
                "as ATTESTATION.") from exc
    if not isinstance(data, dict) or not ("payloadType" in data or "dsseEnvelope" in data):
        raise UsageError(
            f"{path}: is JSON but neither a DSSE envelope (no payloadType) nor a Sigstore "
            "bundle holding one (no dsseEnvelope).",
            fix="Pass the release's signed attestation (.dsse.json or .sigstore.json), not its "
                ".intoto.jsonl statements or an evidence file.")
    return data


def _unverified_predicate(data: Mapping[str, Any]
                          ) -> tuple[compliance.CompliancePredicate | None, list[Subject]]:
    """Read the predicate without trusting it, to show what a failing attestation claims."""
    envelope = data.get("dsseEnvelope", data)
    payload = envelope.get("payload") if isinstance(envelope, Mapping) else None
    if not isinstance(payload, str):
        return None, []
    try:
        text = payload.replace("-", "+").replace("_", "/")
        raw = base64.b64decode(text + "=" * (-len(text) % 4))
        stmt = intoto.parse_statement(raw)
        predicate = compliance.CompliancePredicate.model_validate(stmt.predicate)
    except (binascii.Error, ValueError, AttestationError, ValidationError):
        return None, []
    return predicate, [Subject(s.name or "(unnamed)", tuple(s.digest.items()))
                       for s in stmt.subject]


def _load(path: Path, trust: SignerPolicy, evidence_dir: Path | None, *,
          check_evidence: bool) -> _Loaded:
    data = require_json_attestation(path)
    result: AuditResult = audit(
        path, trust, evidence_dir=evidence_dir if check_evidence else None)
    predicate = result.predicate
    subjects = [Subject(str(s.get("name") or "(unnamed)"),
                        tuple((str(k), str(v)) for k, v in dict(s.get("digest", {})).items()))
                for s in result.subjects]
    signed = predicate is not None
    if predicate is None:
        predicate, subjects = _unverified_predicate(data)
    verification = Verification(verified=result.ok, signer=result.signer,
                                steps=tuple(result.steps), content_authenticated=signed,
                                checked_at=datetime.now(UTC))
    return _Loaded(verification, predicate, tuple(subjects), evidence_dir, [])


def _inside(root: Path, rel: str) -> Path | None:
    """root/rel, or None when rel could escape root (the path comes from untrusted data)."""
    candidate = Path(rel)
    if candidate.is_absolute() or ".." in candidate.parts or not rel:
        return None
    path = root / candidate
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return path


def _evidence_status(root: Path | None, ev: Evidence) -> str:
    if root is None:
        return "not checked"
    path = _inside(root, ev.path)
    if path is None:
        return "unsafe path"
    if not path.is_file():
        return "missing"
    return "verified" if sha256_file(path) == ev.sha256 else "changed"


def _all_evidence(predicate: compliance.CompliancePredicate) -> list[Evidence]:
    return [ev for r in predicate.checks for ev in r.evidence] + list(predicate.reports)


def _read_json(loaded: _Loaded, rel: str) -> Any | Unavailable:
    """An evidence file's JSON, read only when its sha256 is the one the predicate names."""
    if loaded.predicate is None:
        return Unavailable("the attestation's predicate could not be read")
    if loaded.evidence_dir is None:
        return Unavailable("no evidence directory was given (--evidence-dir)")
    record = next((ev for ev in _all_evidence(loaded.predicate) if ev.path == rel), None)
    if record is None:
        return Unavailable(f"the attestation names no evidence file {rel}")
    status = _evidence_status(loaded.evidence_dir, record)
    if status != "verified":
        why = {"missing": "is missing from the evidence directory",
               "changed": "changed since it was attested (its sha256 differs)",
               "unsafe path": "has a path outside the evidence directory"}[status]
        return Unavailable(f"{rel} {why}; it was not used")
    path = _inside(loaded.evidence_dir, rel)
    if path is None:  # _evidence_status refused it already; kept for the type checker
        return Unavailable(f"{rel} has a path outside the evidence directory")
    try:
        return json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Unavailable(f"{rel} is not readable JSON: {exc}")


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _vulnerabilities(loaded: _Loaded) -> tuple[Vulnerability, ...] | Unavailable:
    if loaded.predicate is not None and not any(
            c.check_id == "deps.audit" for c in loaded.predicate.checks):
        return Unavailable("the deps.audit check did not run for this release")
    audit_doc = _read_json(loaded, DEPS_AUDIT)
    if isinstance(audit_doc, Unavailable):
        return audit_doc
    clock_doc = _read_json(loaded, CRA_CLOCK)
    clock: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    if isinstance(clock_doc, Unavailable):
        loaded.notes.append(f"CRA clock not shown: {clock_doc.reason}")
    elif isinstance(clock_doc, dict):
        for row in clock_doc.get("vulnerabilities") or []:
            if isinstance(row, dict):
                clock[(_text(row.get("id")), _text(row.get("package")),
                       _text(row.get("version")))] = row
    findings = audit_doc.get("findings") if isinstance(audit_doc, dict) else None
    if not isinstance(findings, list):
        return Unavailable(f"{DEPS_AUDIT} has no list of findings")
    out = []
    for f in findings:
        if not isinstance(f, dict):
            continue
        vid, package, version = (_text(f.get("id"), "?"), _text(f.get("package"), "?"),
                                 _text(f.get("version"), "?"))
        vex = f.get("vex") if isinstance(f.get("vex"), dict) else None
        status = (_text(vex.get("status")) or None) if vex else None
        row = clock.get((vid, package, version), {})
        score = f.get("cvss_score")
        out.append(Vulnerability(
            id=vid, aliases=_strings(f.get("aliases")), package=package, version=version,
            ecosystem=_text(f.get("ecosystem")), severity=_text(f.get("severity"), "medium"),
            cvss_score=float(score) if isinstance(score, int | float) else None,
            fixed_versions=_strings(f.get("fixed_versions")),
            summary=_text(f.get("summary")), vex_status=status,
            vex_justification=(_text(vex.get("justification")) or None) if vex else None,
            open=status not in ("not_affected", "fixed"),
            days_open=_int(row.get("days_open")), days_left=_int(row.get("days_left")),
            limit_days=_int(row.get("limit_days")), clock_start=_text(row.get("clock_start"))
            or None))
    return tuple(sorted(out, key=urgency))


def urgency(v: Vulnerability) -> tuple[int, int, int, str, str]:
    """Sort key: open before closed, overdue and least time left first, then severity."""
    return (0 if v.open else 1, v.days_left if v.days_left is not None else 1 << 30,
            SEVERITY_ORDER.get(v.severity, 9), v.package, v.id)


def _sarif_logs(loaded: _Loaded) -> list[Any] | Unavailable:
    predicate = loaded.predicate
    if predicate is None:
        return Unavailable("the attestation's predicate could not be read")
    if any(ev.path == MERGED_SARIF for ev in predicate.reports):
        log = _read_json(loaded, MERGED_SARIF)
        return log if isinstance(log, Unavailable) else [log]
    paths = [ev.path for r in predicate.checks for ev in r.evidence
             if ev.media_type == SARIF_MEDIA_TYPE]
    if not paths:
        return Unavailable("no check of this release wrote SARIF")
    logs = []
    for rel in paths:
        log = _read_json(loaded, rel)
        if isinstance(log, Unavailable):
            return log
        logs.append(log)
    return logs


def _sarif_findings(log: object) -> list[tuple[SastFinding, str, tuple[str, ...]]]:
    """(finding, rule name, CWEs) for every result of a SARIF log, reading defensively."""
    out = []
    for run in _list(_obj(log).get("runs")):
        driver = _obj(_obj(_obj(run).get("tool")).get("driver"))
        tool = _text(driver.get("name"), "?")
        rules: dict[str, tuple[str, tuple[str, ...], str]] = {}
        for rule in map(_obj, _list(driver.get("rules"))):
            props = _obj(rule.get("properties"))
            cwe = tuple(t for t in _strings(props.get("tags")) if t.startswith("CWE-"))
            rules[_text(rule.get("id"))] = (_text(rule.get("name")), cwe,
                                            _text(props.get("severity")))
        for r in map(_obj, _list(_obj(run).get("results"))):
            rule_id = _text(r.get("ruleId"), "?")
            name, cwe, rule_severity = rules.get(rule_id, ("", (), ""))
            props = _obj(r.get("properties"))
            locations = _list(r.get("locations"))
            physical = _obj(_obj(locations[0] if locations else None).get("physicalLocation"))
            suppressions = [_obj(x) for x in _list(r.get("suppressions"))]
            out.append((SastFinding(
                tool=tool, rule_id=rule_id,
                severity=_text(props.get("severity")) or rule_severity or "medium",
                path=_text(_obj(physical.get("artifactLocation")).get("uri"), "?"),
                line=_int(_obj(physical.get("region")).get("startLine")) or 1,
                message=_text(_obj(r.get("message")).get("text")),
                fingerprint=_text(_obj(r.get("partialFingerprints")).get("margo/v1")),
                suppressed=bool(suppressions),
                justification=(_text(suppressions[0].get("justification")) or None)
                if suppressions else None), name, _strings(props.get("cwe")) or cwe))
    return out


def _sast(loaded: _Loaded) -> tuple[SastRule, ...] | Unavailable:
    logs = _sarif_logs(loaded)
    if isinstance(logs, Unavailable):
        return logs
    found = [item for log in logs for item in _sarif_findings(log)]
    groups: dict[tuple[str, str], list[tuple[SastFinding, str, tuple[str, ...]]]] = {}
    for item in found:
        groups.setdefault((item[0].tool, item[0].rule_id), []).append(item)
    rules = []
    for (tool, rule_id), items in groups.items():
        findings = sorted((f for f, _, _ in items), key=lambda f: (
            f.suppressed, SEVERITY_ORDER.get(f.severity, 9), f.path, f.line))
        worst = min((f.severity for f in findings), key=lambda s: SEVERITY_ORDER.get(s, 9))
        rules.append(SastRule(tool=tool, rule_id=rule_id, name=items[0][1],
                              cwe=tuple(dict.fromkeys(c for _, _, cs in items for c in cs)),
                              severity=worst, findings=tuple(findings)))
    rules.sort(key=lambda r: (r.open_count == 0, SEVERITY_ORDER.get(r.severity, 9),
                              -len(r.findings), r.tool, r.rule_id))
    return tuple(rules)


def _matrix(predicate: compliance.CompliancePredicate | None) -> tuple[GroupBlock, ...]:
    statuses = {t.task_id: t for t in predicate.tasks} if predicate else {}
    groups = []
    for g in catalog.ssdf().groups:
        practices = []
        for p in g.practices:
            cells = []
            for t in p.tasks:
                st = statuses.get(t.id)
                cells.append(TaskCell(
                    task_id=t.id, title=t.title, practice_id=p.id, group_id=g.id,
                    state=st.state if st else None, required=st.required if st else False,
                    reason=st.reason if st else "not recorded in the attestation",
                    checks=st.checks if st else (), document=st.document if st else None))
            practices.append(PracticeRow(p.id, p.title, tuple(cells)))
        groups.append(GroupBlock(g.id, g.title, tuple(practices)))
    return tuple(groups)


def _checks(loaded: _Loaded) -> tuple[CheckRow, ...]:
    if loaded.predicate is None:
        return ()
    rows = []
    for r in loaded.predicate.checks:
        counts = sorted(((s.value, n) for s, n in r.counts.items() if n),
                        key=lambda c: SEVERITY_ORDER.get(c[0], 9))
        rows.append(CheckRow(
            check_id=r.check_id, tool=r.tool.name, version=r.tool.version,
            outcome=r.outcome.value, reason=r.reason, counts=tuple(counts), tasks=r.tasks,
            seconds=(r.finished_at - r.started_at).total_seconds(), cached=r.cached,
            evidence=tuple(EvidenceFile(ev.path, ev.sha256, ev.media_type, ev.size,
                                        _evidence_status(loaded.evidence_dir, ev))
                           for ev in r.evidence)))
    return tuple(rows)


def _cisa(predicate: compliance.CompliancePredicate | None) -> tuple[CisaRow, ...]:
    if predicate is None:
        return ()
    states = {t.task_id: t.state for t in predicate.tasks}
    return tuple(CisaRow(s.id, s.title, s.state, tuple((t, states.get(t)) for t in s.tasks))
                 for s in predicate.cisa_form)


def _frameworks(predicate: compliance.CompliancePredicate | None
                ) -> tuple[FrameworkView, ...]:
    from margo_ssdf import frameworks

    if predicate is None:
        return ()
    views = []
    for name in frameworks.FRAMEWORKS:
        if name == "ssdf":
            continue
        catalog = frameworks.framework_catalog(name)
        rows = tuple(FrameworkRow(s.requirement_id, clean(s.title), s.state, s.tasks,
                                  clean(s.reason))
                     for s in frameworks.evaluate_framework(name, predicate.tasks))
        views.append(FrameworkView(name, f"{catalog.framework} {catalog.version}", rows))
    return tuple(views)


def _database(predicate: compliance.CompliancePredicate | None) -> DatabaseAge | None:
    db = predicate.vulnerability_database if predicate else None
    if not db:
        return None
    newest, ages = _obj(db.get("newest_published")), _obj(db.get("age_days"))
    ecosystems = tuple((str(eco), _text(newest.get(eco)) or None, _int(ages.get(eco)))
                       for eco in sorted({*newest, *ages}))
    return DatabaseAge(advisories=_int(db.get("advisories")),
                       last_import=_text(db.get("last_import")) or None,
                       ecosystems=ecosystems)


def _problems(verification: Verification, predicate: compliance.CompliancePredicate | None,
              vulns: tuple[Vulnerability, ...] | Unavailable,
              sast: tuple[SastRule, ...] | Unavailable) -> tuple[Problem, ...]:
    out = [Problem("verification", f"{s.name}: {s.detail}") for s in verification.failed]
    if predicate is not None:
        out += [Problem("task", r) for r in predicate.reasons]
        out += [Problem("check", f"{c.check_id} could not run: {c.reason}")
                for c in predicate.checks if c.outcome.value == "error"]
    if not isinstance(vulns, Unavailable):
        for v in vulns:
            if v.overdue:
                out.append(Problem("vulnerability", f"{v.id} in {v.package} {v.version}: "
                                   f"{v.days_open} days open, {-(v.days_left or 0)} past the "
                                   f"{v.limit_days}-day limit"))
            elif v.open and SEVERITY_ORDER.get(v.severity, 9) <= 1:
                out.append(Problem("vulnerability", f"{v.id} ({v.severity}) in {v.package} "
                                   f"{v.version}" + (f", fixed in {v.fixed_versions[0]}"
                                                     if v.fixed_versions else ", no fix yet")))
    if not isinstance(sast, Unavailable):
        for rule in sast:
            open_ = [f for f in rule.findings if not f.suppressed]
            if open_ and SEVERITY_ORDER.get(rule.severity, 9) <= 1:
                out.append(Problem("finding", f"{rule.rule_id} ({rule.severity}): "
                                   f"{plural(len(open_), 'open finding')}, e.g. at "
                                   f"{open_[0].where}"))
    return tuple(out)


def _compare(new: _Loaded, old: _Loaded, new_vulns: tuple[Vulnerability, ...] | Unavailable,
             new_sast: tuple[SastRule, ...] | Unavailable) -> Comparison:
    titles = {t.id: t.title for t in catalog.ssdf().tasks.values()}
    before = {t.task_id: t.state for t in old.predicate.tasks} if old.predicate else {}
    after = {t.task_id: t.state for t in new.predicate.tasks} if new.predicate else {}
    changes = []
    for tid in catalog.ssdf().tasks:
        b, a = before.get(tid), after.get(tid)
        if a == b:
            continue
        rb = STATE_RANK[b] if b is not None else -1
        ra = STATE_RANK[a] if a is not None else -1
        changes.append(TaskChange(tid, titles[tid], b, a, "better" if ra > rb
                                  else "worse" if ra < rb else "changed"))
    old_vulns = _vulnerabilities(old)
    fixed: tuple[Vulnerability, ...] | Unavailable
    added: tuple[Vulnerability, ...] | Unavailable
    if isinstance(old_vulns, Unavailable):
        fixed = added = Unavailable(f"not compared: baseline: {old_vulns.reason}")
    elif isinstance(new_vulns, Unavailable):
        fixed = added = Unavailable(f"not compared: this release: {new_vulns.reason}")
    else:
        open_new = {v.key: v for v in new_vulns if v.open}
        open_old = {v.key: v for v in old_vulns if v.open}
        fixed = tuple(v for k, v in open_old.items() if k not in open_new)
        added = tuple(v for k, v in open_new.items() if k not in open_old)
    old_sast = _sast(old)
    gone: tuple[SastFinding, ...] | Unavailable
    new_found: tuple[SastFinding, ...] | Unavailable
    if isinstance(old_sast, Unavailable):
        gone = new_found = Unavailable(f"not compared: baseline: {old_sast.reason}")
    elif isinstance(new_sast, Unavailable):
        gone = new_found = Unavailable(f"not compared: this release: {new_sast.reason}")
    else:
        def by_fingerprint(rules: Sequence[SastRule]) -> dict[str, SastFinding]:
            return {f.fingerprint or f"{f.rule_id}:{f.where}:{f.message}": f
                    for r in rules for f in r.findings}
        fa, fb = by_fingerprint(new_sast), by_fingerprint(old_sast)
        new_found = tuple(f for k, f in fa.items() if k not in fb)
        gone = tuple(f for k, f in fb.items() if k not in fa)
    label = old.predicate and (f"{old.predicate.release.name} {old.predicate.release.version}"
                               if old.predicate.release.version else old.predicate.release.name)
    return Comparison(
        baseline=label or "(unreadable baseline)", verification=old.verification,
        verdict_before=old.predicate.verdict if old.predicate else None,
        verdict_after=new.predicate.verdict if new.predicate else None,
        tasks=tuple(changes), vulnerabilities_fixed=fixed, vulnerabilities_new=added,
        findings_added=new_found, findings_removed=gone)


def build_report(attestation: Path, *, trust: SignerPolicy,
                 evidence_dir: Path | None = None, baseline: Path | None = None,
                 baseline_trust: SignerPolicy | None = None,
                 baseline_evidence_dir: Path | None = None) -> Report:
    """Verify the attestation (and the baseline), read their evidence, build the view model.

    Raises UsageError when a file is not a JSON attestation at all (truncated, another
    format); any other failure is recorded in the verification and shown by the views.
    """
    loaded = _load(attestation, trust, evidence_dir, check_evidence=True)
    old = None
    if baseline is not None:
        old = _load(baseline, baseline_trust or trust,
                    baseline_evidence_dir or baseline.parent, check_evidence=False)
    vulns = _vulnerabilities(loaded)
    sast = _sast(loaded)
    comparison = _compare(loaded, old, vulns, sast) if old is not None else None
    predicate = loaded.predicate
    return Report(
        source=attestation.name, verification=loaded.verification, predicate=predicate,
        subjects=loaded.subjects, matrix=_matrix(predicate), checks=_checks(loaded),
        vulnerabilities=vulns, sast=sast, cisa=_cisa(predicate),
        frameworks=_frameworks(predicate), database=_database(predicate),
        problems=_problems(loaded.verification, predicate, vulns, sast),
        comparison=comparison, notes=tuple(dict.fromkeys(loaded.notes)),
        generated_at=datetime.now(UTC))


def overall_ok(report: Report) -> bool:
    """The attestation, and the baseline if one was given, both verified."""
    return report.verification.verified and (
        report.comparison is None or report.comparison.verification.verified)


def when(stamp: datetime | str | None) -> str:
    """A timestamp as people read it, in UTC."""
    if stamp is None:
        return "unknown"
    if isinstance(stamp, str):
        try:
            stamp = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return clean(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def counts_text(counts: Iterable[tuple[str, int]]) -> str:
    """'2 high, 18 low', or 'none'."""
    return ", ".join(f"{n} {s}" for s, n in counts) or "none"
