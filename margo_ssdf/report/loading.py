"""Loading an attestation for the report: verified first, evidence read only when it matches.

`load_attestation` verifies with the same code as `margo-ssdf audit`; when the signature does
not hold, the predicate is still read (marked unauthenticated) so the report can show what the
file claims. When the auditor brought their own policy, the predicate shown carries the tasks,
verdict and reasons recomputed with it (and that policy), never the producer's.
`read_evidence_json` reads an evidence file once, never outside the evidence directory, and
uses those bytes only when their sha256 is the one the predicate names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from margo_ssdf.attest import compliance, intoto
from margo_ssdf.attest.audit import AuditResult, PolicyPin, audit
from margo_ssdf.attest.audit_policy import ChosenBy, PolicyJudgement
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.errors import UsageError
from margo_ssdf.files import NotRegularFileError, open_regular, read_input, sha256_file
from margo_ssdf.models import Evidence
from margo_ssdf.policy_diff import Direction
from margo_ssdf.report.views import Subject, Unavailable, Verification


@dataclass(frozen=True)
class Loaded:
    """One attestation as read: its verification, what it claims, where its evidence is."""

    verification: Verification
    predicate: compliance.CompliancePredicate | None
    subjects: tuple[Subject, ...]
    evidence_dir: Path | None
    notes: list[str]
    """Evidence that was not used, and why; filled while the report is built."""


def require_json_attestation(path: Path) -> dict[str, Any]:
    """The attestation file as a JSON object, or a UsageError saying plainly what is wrong."""
    raw = read_input(path, "attestation")  # missing, unreadable or a FIFO: a usage error
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


def load_attestation(path: Path, trust: SignerPolicy, evidence_dir: Path | None, *,
                     check_evidence: bool, policy: PolicyPin | None = None) -> Loaded:
    """Verify and read one attestation; UsageError when it is not a JSON attestation."""
    data = require_json_attestation(path)
    result: AuditResult = audit(
        path, trust, evidence_dir=evidence_dir if check_evidence else None, policy=policy)
    predicate = result.predicate
    subjects = [Subject(str(s.get("name") or "(unnamed)"),
                        tuple((str(k), str(v)) for k, v in dict(s.get("digest", {})).items()))
                for s in result.subjects]
    signed = predicate is not None
    if predicate is None:
        predicate, subjects = _unverified_predicate(data)
    elif result.policy is not None and result.policy.chosen_by is ChosenBy.AUDITOR:
        predicate = rejudged(predicate, result.policy)
    verification = Verification(verified=result.ok, signer=result.signer,
                                steps=tuple(result.steps), content_authenticated=signed,
                                checked_at=datetime.now(UTC),
                                judged_with=_judged_with(result.policy))
    return Loaded(verification, predicate, tuple(subjects), evidence_dir, [])


def rejudged(predicate: compliance.CompliancePredicate,
             judged: PolicyJudgement) -> compliance.CompliancePredicate:
    """The predicate as the auditor's policy judges it: its tasks, verdict, reasons, views."""
    from margo_ssdf.frameworks import FRAMEWORKS, evaluate_framework

    ev = judged.evaluation
    record = compliance.PolicyRecord(
        name=judged.policy.name, sha256=judged.policy.sha256,
        sources=(f"the auditor's policy {judged.source}",),
        rules=judged.policy.model_dump(mode="json"))
    views = {name: tuple(evaluate_framework(name, ev.tasks)) for name in FRAMEWORKS
             if name != "ssdf"}
    return predicate.model_copy(update={
        "policy": record, "tasks": ev.tasks, "verdict": ev.verdict, "reasons": ev.reasons,
        "cisa_form": compliance.cisa_form(ev.tasks), "frameworks": views})


def _judged_with(judged: PolicyJudgement | None) -> str | None:
    if judged is None:
        return None
    if judged.chosen_by is ChosenBy.AUDITOR:
        return f"recomputed with the auditor's policy {judged.source}"
    if judged.chosen_by is ChosenBy.PINNED:
        return "the producer's policy, pinned by its digest"
    weaker = sum(d.direction is Direction.WEAKER for d in judged.differences)
    return "the producer's own policy, which the auditor did not pin" + (
        f"; {weaker} of its rules are weaker than the bundled default's"
        if weaker and judged.compared_with else "")


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


def evidence_status(root: Path | None, ev: Evidence) -> str:
    """'verified', 'missing', 'changed', 'unsafe path', or 'not checked' without a root."""
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


def read_evidence_json(loaded: Loaded, rel: str) -> Any | Unavailable:
    """An evidence file's JSON, read only when its sha256 is the one the predicate names."""
    if loaded.predicate is None:
        return Unavailable("the attestation's predicate could not be read")
    if loaded.evidence_dir is None:
        return Unavailable("no evidence directory was given (--evidence-dir)")
    record = next((ev for ev in _all_evidence(loaded.predicate) if ev.path == rel), None)
    if record is None:
        return Unavailable(f"the attestation names no evidence file {rel}")
    data = _checked_bytes(loaded.evidence_dir, record)
    if isinstance(data, Unavailable):
        return data
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Unavailable(f"{rel} is not readable JSON: {exc}")


def _checked_bytes(root: Path, ev: Evidence) -> bytes | Unavailable:
    """The evidence file's bytes, read once and rendered from the very bytes whose sha256 was
    checked: a file swapped between a check and a second read cannot reach the report."""
    path = _inside(root, ev.path)
    if path is None:
        return Unavailable(f"{ev.path} has a path outside the evidence directory; it was not used")
    try:
        with open_regular(path) as f:
            data = f.read()
    except (FileNotFoundError, NotRegularFileError):
        return Unavailable(f"{ev.path} is missing from the evidence directory; it was not used")
    except OSError as exc:
        return Unavailable(f"{ev.path} cannot be read ({exc.strerror or exc}); it was not used")
    if hashlib.sha256(data).hexdigest() != ev.sha256:
        return Unavailable(f"{ev.path} changed since it was attested (its sha256 differs); "
                           "it was not used")
    return data
