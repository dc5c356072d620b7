"""`margo-ssdf audit`: verify a release's attestation offline, without trusting its maker.

Every step is reported, pass or fail, with its reason: the signature and who made it (for a
Sigstore signature, each pin of the signer as its own step, and where the certificate says it
was made), the statement's type and schema, the subjects against given artifacts, every
evidence file's digest, the other statements' digests, and the verdict recomputed from the
recorded results with the recorded policy. Then the policy the auditor brought (`PolicyPin`)
judges: every task and the verdict are recomputed with the auditor's own policy, or the
recorded policy must have the pinned digest, or (nothing pinned) the audit says the producer
chose the policy and lists how it differs from the bundled default.

`AuditResult.ok` is the verification; `AuditResult.compliant` adds the recomputed verdict.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from margo_ssdf import catalog
from margo_ssdf.attest import compliance, evidence_tree, intoto, release_tasks
from margo_ssdf.attest.audit_policy import (
    ChosenBy,
    PolicyJudgement,
    PolicyPin,
    judge_policy,
    recorded_declarations,
)
from margo_ssdf.attest.errors import AttestationError, BundleError
from margo_ssdf.attest.steps import Step
from margo_ssdf.attest.trust import (
    KeylessSigner,
    PinCheck,
    PublicKeySigner,
    SignerPolicy,
    SourceFacts,
)
from margo_ssdf.errors import UsageError
from margo_ssdf.evaluate import ReleaseFindings, evaluate
from margo_ssdf.files import open_input, sha256_file
from margo_ssdf.models import CheckResult, Evidence, Verdict
from margo_ssdf.policy import Policy

__all__ = ["MAX_ATTESTATION_BYTES", "AuditResult", "PolicyPin", "Step", "audit"]

# A compliance attestation is tens of kilobytes; anything this large is refused unread.
MAX_ATTESTATION_BYTES = 64 * 1024 * 1024


@dataclass
class AuditResult:
    """Every step, the signer, the statement when it could be read, and whose policy judged."""

    steps: list[Step] = field(default_factory=list)
    signer: str | None = None
    predicate: compliance.CompliancePredicate | None = None
    subjects: list[dict[str, Any]] = field(default_factory=list)
    source: SourceFacts | None = None
    """Where a keyless signer's certificate says it was made; None for a key."""
    policy: PolicyJudgement | None = None
    """The policy that judged the release and the verdict under it, once recomputed."""
    artifacts_checked: int = 0
    """Artifacts given and compared with the subjects (none: a replay looks the same)."""

    @property
    def ok(self) -> bool:
        """True only when there was something to check and every step held."""
        return bool(self.steps) and all(s.ok for s in self.steps)

    @property
    def verdict(self) -> Verdict | None:
        """The recomputed verdict: under the auditor's policy when one was given."""
        return self.policy.evaluation.verdict if self.policy else None

    @property
    def compliant(self) -> bool:
        """Everything verified and the recomputed verdict is compliant."""
        return self.ok and self.verdict is Verdict.COMPLIANT

    def add(self, name: str, ok: bool, detail: str, *, note: bool = False) -> bool:
        self.steps.append(Step(name, ok, detail, note))
        return ok

    def verdict_line(self) -> str:
        """One line: verified or not, the verdict and whose policy, the signer, the artifacts."""
        if not self.ok:
            failed = [s for s in self.steps if not s.ok]
            first = f"{failed[0].name}: {failed[0].detail}" if failed else "nothing was checked"
            return f"NOT VERIFIED - {len(failed)} step(s) failed, first {first}"
        verdict = self.verdict.value.replace("_", " ").upper() if self.verdict else "UNKNOWN"
        return (f"VERIFIED - {verdict} under {_whose(self.policy)} - signed by {self.signer}"
                f" - {_artifacts(self.artifacts_checked)}")

    def as_json(self) -> dict[str, Any]:
        return {"verified": self.ok, "compliant": self.compliant,
                "verdict": self.verdict.value if self.verdict else None,
                "recorded_verdict": self.predicate.verdict.value if self.predicate else None,
                "verdict_line": self.verdict_line(), "signer": self.signer,
                "certificate": self.source.as_json() if self.source else None,
                "policy": self.policy.as_json() if self.policy else None,
                "artifacts_checked": self.artifacts_checked,
                "steps": [s.as_json() for s in self.steps]}


def _whose(judged: PolicyJudgement | None) -> str:
    if judged is None:
        return "no policy"
    p = judged.policy
    said = f"{p.name} (sha256:{p.sha256[:12]})"
    if judged.chosen_by is ChosenBy.AUDITOR:
        return f"your policy {said}"
    if judged.chosen_by is ChosenBy.PINNED:
        return f"the producer's policy {said}, pinned by digest"
    return (f"the producer's own policy {said}, which nobody pinned (pass --policy or "
            "--policy-digest)")


def _artifacts(checked: int) -> str:
    if checked:
        return f"{checked} artifact(s) checked against the subjects"
    return ("NO artifact was checked against the subjects (pass --artifact): a replayed "
            "attestation of another release would look the same")


def _verify_signature(path: Path, result: AuditResult,
                      signer: SignerPolicy) -> bytes | None:
    try:
        with open_input(path, "attestation") as f:  # a FIFO or device is a usage error
            if os.fstat(f.fileno()).st_size > MAX_ATTESTATION_BYTES:
                limit = MAX_ATTESTATION_BYTES // 2**20
                result.add("signature", False,
                           f"{path.name} is larger than {limit} MiB: not an attestation")
                return None
            raw = f.read()
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError) as exc:  # unreadable, not JSON, absurd nesting
        result.add("signature", False, f"{path.name} is not a readable JSON attestation: {exc}")
        return None
    pins: tuple[PinCheck, ...] = ()
    try:
        # What the auditor pinned decides how the file is read, never the file's own shape.
        if isinstance(signer, PublicKeySigner):
            from margo_ssdf.attest.dsse import parse_envelope, verify
            from margo_ssdf.attest.keys import keyid, load_public_key

            public = load_public_key(signer.public_key)
            payload = verify(parse_envelope(raw), public)
            result.signer = f"key {keyid(public)}"
        elif isinstance(signer, KeylessSigner):
            from margo_ssdf.attest.sigstore_verify import verify_dsse

            verified = verify_dsse(path, signer)
            payload, pins = verified.payload, verified.pins
            result.signer = f"{verified.identity} (issuer {verified.issuer})"
            result.source = verified.source
        elif isinstance(data, dict) and "payloadType" in data:
            raise UsageError("this attestation is key-signed: pass --key PUBLIC_KEY.")
        else:
            raise UsageError(
                "this attestation is a Sigstore bundle: pass --identity and --issuer.",
                fix="Pin who must have signed it, e.g. the release workflow's URI and "
                    "https://token.actions.githubusercontent.com.")
    except AttestationError as exc:  # a key, trust root or option error is the caller's (exit 2)
        result.add("signature", False, exc.diagnostics())
        _add_pins(result, exc.pins if isinstance(exc, BundleError) else ())
        return None
    where = f"; {result.source.describe()}" if result.source else ""
    result.add("signature", True, f"signed by {result.signer}{where}")
    _add_pins(result, pins)
    return payload


def _add_pins(result: AuditResult, pins: tuple[PinCheck, ...]) -> None:
    """Each pin of a Sigstore signer as its own step, with what the certificate says."""
    for pin in pins:
        result.add(pin.name, pin.ok, pin.detail)


def _recorded_policy(predicate: compliance.CompliancePredicate,
                     result: AuditResult) -> Policy | None:
    """The recorded policy, when it is a whole policy with the digest the attestation claims."""
    try:
        policy = Policy.model_validate(predicate.policy.rules)
    except ValidationError as exc:
        result.add("recorded policy", False,
                   f"the recorded policy is not a valid policy: {exc.errors()[0]['msg']}")
        return None
    missing = [t for t in catalog.ssdf().tasks if t not in policy.tasks]
    if missing:
        result.add("recorded policy", False,
                   f"the recorded policy says nothing about {', '.join(missing)}")
        return None
    result.add("recorded policy", policy.sha256 == predicate.policy.sha256,
               f"recorded policy {predicate.policy.name} has sha256 {policy.sha256[:16]}..."
               + ("" if policy.sha256 == predicate.policy.sha256
                  else f", not the {predicate.policy.sha256[:16]}... the attestation claims"))
    return policy


def _recompute(predicate: compliance.CompliancePredicate, result: AuditResult,
               pin: PolicyPin, release: ReleaseFindings) -> None:
    policy = _recorded_policy(predicate, result)
    if policy is None:
        return
    results: dict[str, CheckResult] = {r.check_id: r for r in predicate.checks}
    again = evaluate(policy, results, recorded_declarations(policy, predicate), release)
    recorded = {t.task_id: t.state for t in predicate.tasks}
    differ = [f"{t.task_id}: recorded {recorded.get(t.task_id)}, recomputed {t.state.value}"
              for t in again.tasks if recorded.get(t.task_id) != t.state]
    result.add("tasks recomputed", not differ,
               "all 42 task statuses agree with the recorded results and policy" if not differ
               else "; ".join(differ))
    result.add("verdict recomputed", again.verdict == predicate.verdict,
               f"verdict {again.verdict.value}" + (
                   "" if again.verdict == predicate.verdict
                   else f", but the attestation claims {predicate.verdict.value}"))
    result.policy = judge_policy(predicate, policy, again, pin, release)
    result.steps += result.policy.steps


def audit(path: Path, signer: SignerPolicy, *, artifacts: Sequence[Path] = (),
          evidence_dir: Path | None = None, policy: PolicyPin | None = None,
          held_digests: Sequence[str] = ()) -> AuditResult:
    """Verify an attestation made by the pinned signer; every outcome is in the returned steps.

    `held_digests` (`sha256:HEX`) are artifacts the auditor holds by digest only, such as the image
    an attestation was fetched for from a registry: each must be a signed subject, as a file
    given in `artifacts` must.

    `policy` is what the auditor pinned about the policy (nothing, by default: the verdict is
    then the producer's, and the result says so). Raises UsageError when the signer pins
    nobody, naming what this attestation needs.
    """
    result = AuditResult()
    _require_inputs(artifacts, evidence_dir)
    payload = _verify_signature(path, result, signer)
    if payload is None:
        return result
    try:
        stmt = intoto.parse_statement(payload)
    except AttestationError as exc:
        result.add("statement", False, exc.diagnostics())
        return result
    if not result.add("statement type", stmt.predicate_type == compliance.COMPLIANCE_PREDICATE,
                      f"predicate type {stmt.predicate_type}"):
        return result
    # The published JSON Schema is generated from this model, so validating with the model is
    # validating with the schema (a test proves both accept and refuse the same documents).
    try:
        predicate = compliance.CompliancePredicate.model_validate(stmt.predicate)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(map(str, first["loc"])) or "(root)"
        result.add("schema", False, f"{exc.error_count()} schema error(s), first at {where}: "
                                    f"{first['msg']}")
        return result
    result.add("schema", True, "the predicate matches the published schema")
    result.predicate = predicate
    result.subjects = [s.model_dump(mode="json", exclude_none=True) for s in stmt.subject]
    subject_digests = {d for s in stmt.subject for d in s.digest.values()}
    present = [a for a in artifacts if a.is_file()]
    for artifact in artifacts:
        if artifact not in present:
            result.add(f"artifact {artifact.name}", False, f"{artifact} does not exist")
    # hashlib releases the GIL on large buffers, so artifacts hash in parallel across cores.
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        digests = dict(zip(present, pool.map(sha256_file, present), strict=True))
    result.artifacts_checked = len(artifacts) + len(held_digests)
    for held in held_digests:
        hexdigest = held.removeprefix("sha256:")
        result.add(f"artifact {held[:19]}...", hexdigest in subject_digests,
                   f"{held} " + ("is a subject" if hexdigest in subject_digests else
                                 "is NOT among the attested subjects: the attestation was "
                                 "attached to an artifact it does not describe"))
    for artifact in present:
        digest = digests[artifact]
        result.add(f"artifact {artifact.name}", digest in subject_digests,
                   f"sha256 {digest[:16]}... " + ("is a subject" if digest in subject_digests
                                                  else "is NOT among the attested subjects"))
    files_ok: bool | None = None
    if evidence_dir is not None:
        files_ok = _check_evidence(predicate, evidence_dir, result)
        _check_statements(predicate, evidence_dir, payload, result)
        _check_nothing_else(predicate, evidence_dir, path, result)
        _rederive_results(predicate, evidence_dir, result,
                          policy.policy if policy is not None else None)
    _check_configuration(predicate, result)
    # The tasks the release evidences are judged from what was verified above, never read.
    release = release_tasks.at_audit(stmt.subject, result.signer or "", predicate,
                                     evidence_dir, files_ok)
    _recompute(predicate, result, policy or PolicyPin(), release)
    return result


def _require_inputs(artifacts: Sequence[Path], evidence_dir: Path | None) -> None:
    """What the auditor names must exist as what it claims to be: a typo or a FIFO is a usage
    error (exit 2), never a hang or a failed verification."""
    for artifact in artifacts:
        open_input(artifact, "--artifact").close()
    if evidence_dir is not None and not evidence_dir.is_dir():
        raise UsageError(f"--evidence-dir {evidence_dir}: is not a directory.",
                         fix="Give the directory `margo-ssdf attest --out` wrote.")


def _attested_files(predicate: compliance.CompliancePredicate) -> list[Evidence]:
    return ([ev for r in predicate.checks for ev in r.evidence] + list(predicate.reports)
            + list(predicate.records))


def _check_evidence(predicate: compliance.CompliancePredicate, root: Path,
                    result: AuditResult) -> bool:
    files = _attested_files(predicate)
    bad = [problem for ev in files
           if (problem := evidence_tree.attested_file_problem(root, ev.path, ev.sha256))]
    return result.add("evidence files", not bad, f"{len(files)} evidence files match their "
                      "digests" if not bad else "; ".join(bad))


def _check_statements(predicate: compliance.CompliancePredicate, root: Path, payload: bytes,
                      result: AuditResult) -> None:
    """The statements file holds the signed statement and the ones it names, nothing else."""
    found = evidence_tree.read_statements(root)
    if found.problem is not None:
        result.add("statements", False, found.problem)
        return
    if found.path is None:
        if predicate.statements:
            result.add("statements", False, f"no *.intoto.jsonl in {root}, but the attestation "
                                            f"names {len(predicate.statements)} statements")
        return
    expected = {hashlib.sha256(payload).hexdigest(): "the signed compliance statement"}
    expected |= {s.sha256: s.predicate_type for s in predicate.statements}
    lines = [hashlib.sha256(line).hexdigest() for line in found.lines]
    changed = [n for n, digest in enumerate(lines, 1) if digest not in expected]
    missing = [what for digest, what in expected.items() if digest not in lines]
    problems = ([f"line {n} is not a statement the attestation names" for n in changed]
                + [f"{what} is missing or changed" for what in missing])
    result.add("statements", not problems,
               f"{found.path.name}: " + ("; ".join(problems) if problems else
                                         f"all {len(lines)} statements match their digests"))


def _check_nothing_else(predicate: compliance.CompliancePredicate, root: Path, attestation: Path,
                        result: AuditResult) -> None:
    """Every entry of the evidence directory is bound to the attestation: links, pipes and
    statement-like names included; only the audited file, the statements file and the output
    marker are exempt."""
    attested = {ev.path for ev in _attested_files(predicate)}
    try:
        extra = evidence_tree.unattested_entries(root, attested, attestation)
    except OSError as exc:
        result.add("unattested files", False, f"{root} cannot be listed: {exc.strerror or exc}")
        return
    result.add("unattested files", not extra, evidence_tree.describe_unattested(extra))


def _rederive_results(predicate: compliance.CompliancePredicate, root: Path,
                      result: AuditResult, policy: Policy | None = None) -> None:
    """Each check's recorded outcome, counts and probes against its digest-bound evidence.

    `policy` is the policy in force (its options set, e.g., the CRA clock's limits); None means
    the recorded one. A record its own signed evidence contradicts is refused.
    """
    from margo_ssdf import rederive

    if policy is None:
        try:
            policy = Policy.model_validate(predicate.policy.rules)
        except ValidationError:
            result.add("results re-derived", False, "the recorded policy is not a valid "
                       "policy, so the check options to re-derive with are unknown")
            return
    found = rederive.rederive_all(predicate.checks, rederive.evidence_reader(root), policy)
    result.add("results re-derived", *rederive.summarize(found))


def _check_configuration(predicate: compliance.CompliancePredicate, result: AuditResult) -> None:
    """The recorded configuration matches its digest and the results it shaped; shown whole."""
    from margo_ssdf import configuration

    rec = predicate.configuration
    if rec is None:
        # Fail closed: what shaped the verdict (excludes, triage) is unknown, so it is not
        # believed; an attestation made before configurations were recorded must be re-made.
        result.add("configuration", False, "NOT RECORDED: this attestation predates recorded "
                   "configurations, so its exclude patterns and triage decisions are unknown")
        return
    problems = []
    if rec.content_sha256() != rec.sha256:
        problems.append(f"the record's content has sha256 {rec.content_sha256()[:16]}..., not "
                        f"the {rec.sha256[:16]}... it states")
    problems += [f"{c.check_id} records {c.excluded_inputs} excluded input(s), the configuration "
                 f"{rec.excluded_inputs.get(c.check_id, 0)}" for c in predicate.checks
                 if c.excluded_inputs != rec.excluded_inputs.get(c.check_id, 0)]
    result.add("configuration", not problems,
               "; ".join(problems) if problems else configuration.describe(rec))
