"""The tasks the signed release itself evidences: PS.2.1, PS.3.1 and PO.5.1, PO.3.3 and PO.4.2.

No check can show them, because their evidence is the release: the artifacts' digests in a
signed statement (`integrity`), SLSA provenance naming the builder and its environment bound by
digest (`provenance`), every tool's evidence and the run's records bound by digest (`evidence`).
`attest` judges them from what it is about to sign; `audit` judges them again from what it
verified, never from the recorded statuses, and the two are compared task by task.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from margo_ssdf.attest import evidence_tree, intoto
from margo_ssdf.attest.compliance import CompliancePredicate
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.attest.provenance import SLSA_PROVENANCE
from margo_ssdf.attest.signers import KeyStatementSigner, StatementSigner
from margo_ssdf.evaluate import ReleaseFinding
from margo_ssdf.flow import SUMMARY
from margo_ssdf.models import CheckResult, Evidence, Outcome
from margo_ssdf.policy import ReleaseEvidence

Findings = dict[ReleaseEvidence, ReleaseFinding]
_SHOWN = 3


def signed_by(signer: StatementSigner | None) -> str | None:
    """How attest is about to sign, in words; None when the statement stays unsigned."""
    if signer is None:
        return None
    if isinstance(signer, KeyStatementSigner):
        return f"signed with key {signer.key.keyid}"
    return "signed keylessly with Sigstore"


def integrity(subjects: Sequence[intoto.ResourceDescriptor], signature: str | None
              ) -> ReleaseFinding:
    """PS.2.1: the artifacts' digests are published as subjects of a signed statement.

    A subject is a release file (--artifact) or an image by digest (--subject): both are what
    an acquirer receives, so both carry the integrity information; the reason names them.
    """
    if not subjects:
        return ReleaseFinding(False, "the statement names no artifact, so there is nothing "
                                     "whose integrity an acquirer could verify")
    names = [s.name or next(iter(s.digest.values()))[:12] for s in subjects]
    shown = ", ".join(names[:_SHOWN]) + (f" and {len(names) - _SHOWN} more"
                                         if len(names) > _SHOWN else "")
    published = f"{len(names)} artifact digest(s) published as subjects ({shown})"
    if signature is None:
        return ReleaseFinding(False, f"{published}, but the statement is not signed (--sign "
                                     "none), so an acquirer cannot trust them")
    return ReleaseFinding(True, f"{published}; the statement is {signature}")


def provenance(found: intoto.Statement | None, subjects: Sequence[intoto.ResourceDescriptor],
               bound: str) -> ReleaseFinding:
    """PS.3.1 and PO.5.1: SLSA provenance of these subjects names its builder, build type,
    parameters and environment, and is bound by digest (`bound` says how)."""
    if found is None:
        return ReleaseFinding(False, bound)
    problems = _provenance_problems(found, subjects)
    if problems:
        return ReleaseFinding(False, "the SLSA provenance " + "; ".join(problems))
    run = found.predicate["runDetails"]
    build = found.predicate["buildDefinition"]
    return ReleaseFinding(True, f"SLSA provenance {bound}: builder {run['builder']['id']}, "
                                f"build type {build['buildType']}, {_environment(build)}")


def _provenance_problems(found: intoto.Statement,
                         subjects: Sequence[intoto.ResourceDescriptor]) -> list[str]:
    problems = []
    if found.predicate_type != SLSA_PROVENANCE:
        problems.append(f"has predicate type {found.predicate_type}, not {SLSA_PROVENANCE}")
    if _subject_set(found.subject) != _subject_set(subjects):
        problems.append("is about other subjects than the compliance statement")
    build, run = found.predicate.get("buildDefinition"), found.predicate.get("runDetails")
    build = build if isinstance(build, dict) else {}
    builder = run.get("builder") if isinstance(run, dict) else None
    if not (isinstance(builder, dict) and _text(builder.get("id"))):
        problems.append("names no builder (runDetails.builder.id)")
    if not _text(build.get("buildType")):
        problems.append("names no build type (buildDefinition.buildType)")
    external = build.get("externalParameters")
    if not (isinstance(external, dict) and external):
        problems.append("records no external parameters (buildDefinition.externalParameters)")
    return problems


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _subject_set(subjects: Sequence[intoto.ResourceDescriptor]) -> set[tuple[str | None, str]]:
    return {(s.name, f"{a}:{d}") for s in subjects for a, d in sorted(s.digest.items())}


def _environment(build: dict[str, Any]) -> str:
    """Where the build ran, in words, from the parameters the provenance records."""
    external = build["externalParameters"]
    workflow = external.get("workflow")
    if isinstance(workflow, dict):
        runner = (build.get("internalParameters") or {}).get("github", {})
        where = runner.get("runner_environment") if isinstance(runner, dict) else None
        return (f"run by the CI workflow {workflow.get('path')}@{workflow.get('ref')} of "
                f"{workflow.get('repository')}" + (f" on a {where} runner" if where else ""))
    return (f"a local run of {external.get('project', 'the project')} (no CI environment: the "
            "builder is the machine that ran attest)")


def evidence(checks: Sequence[CheckResult], records: Sequence[Evidence],
             files: bool | None) -> ReleaseFinding:
    """PO.3.3 and PO.4.2: every check names its tool and version, every check that ran binds
    its evidence by digest, and the run's records (summary and each result) are bound.

    `files` says whether the files were compared with their digests: True (all match), False
    (some do not), None (not compared here: attest wrote them, or audit had no directory).
    """
    problems = [f"{c.check_id} names no tool version" for c in checks
                if not (c.tool.name.strip() and c.tool.version.strip())]
    problems += [f"{c.check_id} ran ({c.outcome.value}) but recorded no evidence file"
                 for c in checks if c.outcome in (Outcome.PASS, Outcome.FAIL) and not c.evidence]
    bound = {r.path for r in records}
    wanted = [f"checks/{c.check_id}/result.json" for c in checks] + [SUMMARY]
    problems += [f"the run record {rel} is not bound" for rel in wanted if rel not in bound]
    if files is False:
        problems.append("evidence files do not match their digests (see the evidence files "
                        "step)")
    if not checks:
        problems.append("no check ran")
    if problems:
        return ReleaseFinding(False, "; ".join(problems))
    count = sum(len(c.evidence) for c in checks)
    checked = ", every file matching its digest" if files else ""
    return ReleaseFinding(True, f"{len(checks)} tool(s) named with their versions, {count} "
                                f"evidence file(s) and {len(records)} run record(s) bound by "
                                f"sha256{checked}")


def at_attest(subjects: Sequence[intoto.ResourceDescriptor], signer: StatementSigner | None,
              provenance_statement: intoto.Statement | None, checks: Sequence[CheckResult],
              records: Sequence[Evidence]) -> Findings:
    """What attest finds about the release it is about to sign."""
    bound = ("bound by digest in the signed compliance statement" if provenance_statement
             else "no SLSA provenance statement was made")
    return {ReleaseEvidence.INTEGRITY: integrity(subjects, signed_by(signer)),
            ReleaseEvidence.PROVENANCE: provenance(provenance_statement, subjects, bound),
            ReleaseEvidence.EVIDENCE: evidence(checks, records, None)}


def at_audit(subjects: Sequence[intoto.ResourceDescriptor], signer: str,
             predicate: CompliancePredicate, evidence_dir: Path | None,
             files: bool | None) -> Findings:
    """What audit finds about the release it verified: `signer` is who the signature step
    verified, `files` whether the evidence files matched their digests (None: not given)."""
    return {ReleaseEvidence.INTEGRITY: integrity(subjects, f"signed, and the signature "
                                                           f"verified: {signer}"),
            ReleaseEvidence.PROVENANCE: _audited_provenance(predicate, subjects, evidence_dir),
            ReleaseEvidence.EVIDENCE: evidence(predicate.checks, predicate.records, files)}


def _audited_provenance(predicate: CompliancePredicate,
                        subjects: Sequence[intoto.ResourceDescriptor],
                        evidence_dir: Path | None) -> ReleaseFinding:
    """The provenance statement the signed predicate binds, read from the statements file."""
    named = [s.sha256 for s in predicate.statements if s.predicate_type == SLSA_PROVENANCE]
    if not named:
        return ReleaseFinding(False, "the signed statement binds no SLSA provenance statement")
    if evidence_dir is None:
        # Without the statements file only the signed binding can be shown, and it is: the
        # content is fixed by its digest, which the auditor checks by giving the directory.
        return ReleaseFinding(True, f"SLSA provenance bound by digest (sha256:{named[0][:12]}) "
                                    "in the signed statement; its builder and environment were "
                                    "not read (pass --evidence-dir to read them)")
    statements = evidence_tree.read_statements(evidence_dir)
    lines = {hashlib.sha256(line).hexdigest(): line for line in statements.lines}
    line = lines.get(named[0])
    if line is None:
        where = statements.path.name if statements.path else f"{evidence_dir} (no statements file)"
        return ReleaseFinding(False, f"the SLSA provenance statement the attestation binds "
                                     f"(sha256:{named[0][:12]}) is missing from {where}")
    try:
        found = intoto.parse_statement(line)
    except AttestationError as exc:
        return ReleaseFinding(False, "the SLSA provenance statement cannot be read: "
                                     f"{exc.diagnostics()}")
    return provenance(found, subjects, "bound by digest in the statements file")
