"""`margo-ssdf attest`: run (or take) the evidence, build every statement, sign, write.

Outputs, in one directory replaced atomically:
- the run's evidence (summary.json, checks/...);
- `<release>.intoto.jsonl`: every statement of the release, one canonical JSON per line
  (compliance, SLSA provenance, CycloneDX SBOM, vulnerabilities), unsigned;
- `<release>.dsse.json` (key) or `<release>.sigstore.json` (keyless): the signed compliance
  statement, whose predicate names the digest of every other statement, so one signature
  covers them all.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import shutil
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from margo_ssdf import configuration, rederive, rundir
from margo_ssdf.attest import compliance, intoto, provenance, release_tasks
from margo_ssdf.attest.signers import SignMode
from margo_ssdf.checks import Check
from margo_ssdf.configuration import ConfigurationRecord
from margo_ssdf.discovery import Project
from margo_ssdf.errors import UsageError
from margo_ssdf.evaluate import ReleaseFindings, evaluate, read_declarations, with_release
from margo_ssdf.files import file_kind, open_input, tree_entries, write_atomic
from margo_ssdf.flow import (
    SUMMARY,
    RunRequest,
    execute,
    merged_sarif,
    prepare,
    run_records,
    staged_output,
    write_summary,
)
from margo_ssdf.models import Evaluation, RunSummary
from margo_ssdf.policy import Configuration, Policy
from margo_ssdf.scheduler import Progress

CYCLONEDX_PREDICATE = "https://cyclonedx.org/bom"
VULNS_PREDICATE = "https://in-toto.io/attestation/vulns/v0.1"
TEST_RESULT_PREDICATE = "https://in-toto.io/attestation/test-result/v0.1"
_SIGNED_SUFFIXES = (".intoto.jsonl", ".dsse.json", ".sigstore.json")
_SUBJECT = re.compile(r"^(?P<name>[^@\s]+)@sha256:(?P<hex>[0-9a-f]{64})$")
# Said with every refusal of a --from directory that no longer stands as the run wrote it.
_RERUN = "Re-run `margo-ssdf run --out DIR` on the project, or attest without --from."


@dataclass(frozen=True)
class Attested:
    """What `attest` wrote."""

    out: Path
    statements: Path
    signed: Path | None
    summary: RunSummary
    rederived: str | None = None
    """With --from: how each result stood against its evidence (re-derived, only consistent
    with its recorded probes, or not re-derivable), in one paragraph."""


def subjects(artifacts: Sequence[str], named: Sequence[str]) -> list[intoto.ResourceDescriptor]:
    """Subjects from file globs and NAME@sha256:HEX references; UsageError for bad ones."""
    found: list[intoto.ResourceDescriptor] = []
    for pattern in artifacts:
        paths = sorted(Path(p) for p in glob.glob(pattern, recursive=True))  # noqa: PTH207
        # Anything but a directory is a subject: a FIFO or a dangling link is refused by name
        # when it is read, rather than skipped in silence.
        files = [p for p in paths if not p.is_dir()]
        if not files:
            raise UsageError(f"--artifact '{pattern}' matches no file.",
                             fix="Build the release first, or correct the path or glob.")
        for path in files:
            open_input(path, "--artifact").close()  # a FIFO is refused by name, not read
            found.append(intoto.subject_for_file(path, path.name))
    for ref in named:
        m = _SUBJECT.match(ref.strip())
        if not m:
            raise UsageError(f"--subject '{ref}' is not NAME@sha256:<64 hex digits>.",
                             fix="Name container images by digest, e.g. "
                                 "ghcr.io/org/app@sha256:...")
        found.append(intoto.ResourceDescriptor(name=m["name"], digest={"sha256": m["hex"]}))
    if not found:
        raise UsageError("an attestation needs at least one subject.",
                         fix="Pass the release files with --artifact, or images with --subject.")
    return found


def _file_name(name: str, version: str | None) -> str:
    text = f"{name}-{version}" if version else name
    return re.sub(r"[^A-Za-z0-9._+-]", "_", text.rsplit("/", 1)[-1])


def _evidence_statement(summary: RunSummary, root: Path, suffix: str, predicate_type: str,
                        subject: list[intoto.ResourceDescriptor]) -> intoto.Statement | None:
    for result in summary.results:
        for ev in result.evidence:
            if ev.path.endswith(suffix):
                body: dict[str, Any] = json.loads((root / ev.path).read_bytes())
                return intoto.statement(subject, predicate_type, body)
    return None


def _take_run(from_dir: Path, staging_dir: Path) -> RunSummary:
    """Copy a finished run directory in, refusing links and special files anywhere in it.

    DIR itself must be the real directory: a link would make the attested evidence come from
    wherever it points at the moment of reading, so the user names that place instead.
    """
    if from_dir.is_symlink():
        raise UsageError(f"--from {from_dir}: is a symbolic link (to {from_dir.resolve()}).",
                         fix="Pass the run directory itself, not a link to it.")
    if not (from_dir / SUMMARY).is_file():
        raise UsageError(f"--from {from_dir}: has no {SUMMARY}.",
                         fix="Pass a directory written by `margo-ssdf run --out`.")
    _require_plain_files(from_dir, from_dir)
    try:
        shutil.copytree(from_dir, staging_dir, symlinks=True, dirs_exist_ok=True)
    except (OSError, shutil.Error) as exc:
        raise UsageError(f"--from {from_dir}: cannot be copied: {exc}.",
                         fix="Pass a directory written whole by `margo-ssdf run --out`.") from exc
    _require_plain_files(staging_dir, from_dir)  # a link made while copying is copied as a link
    try:
        return RunSummary.model_validate_json((staging_dir / SUMMARY).read_bytes())
    except ValidationError as exc:
        raise UsageError(f"--from {from_dir}: {SUMMARY} is not a margo-ssdf run summary "
                         f"({exc.errors()[0]['msg']}).", fix=_RERUN) from None


def _require_plain_files(root: Path, shown: Path) -> None:
    """UsageError naming entries of `root` that are links, FIFOs, sockets or devices, or
    statements and attestations of an earlier attest."""
    try:
        entries = tree_entries(root)
    except OSError as exc:
        raise UsageError(f"--from {shown}: cannot be read: {exc.strerror or exc}.") from exc
    odd = [f"{rel} ({file_kind(info.st_mode)})" for rel, info in entries
           if not stat.S_ISREG(info.st_mode)]
    signed = [rel for rel, _ in entries if rel.endswith(_SIGNED_SUFFIXES)]
    if signed:
        raise UsageError(f"--from {shown}: holds statements or attestations ({signed[0]}), so "
                         "it is not a run directory.",
                         fix="Pass the directory `margo-ssdf run --out` wrote, not an attest "
                             "output: attest writes new statements and signs them itself.")
    if odd:
        raise UsageError(
            f"--from {shown}: holds entries that are not regular files: {', '.join(odd[:10])}"
            + (", ..." if len(odd) > 10 else "") + ".",
            fix="Attest a directory written whole by `margo-ssdf run --out`; links could "
                "bring in files from anywhere, pipes could block the attestation.")


def _believed(summary: RunSummary, root: Path, shown: Path, config: Configuration,
              project: Project, checks: Mapping[str, Check]) -> tuple[RunSummary, str]:
    """A copied run whose every record stands against its evidence, judged again by the
    policy in force; UsageError naming what differs otherwise.

    summary.json is only a claim: a flipped outcome, a lowered count, a deleted result or an
    edited task state would otherwise be signed as true. Returns the run, and how each result
    stood against its evidence.
    """
    where = f"--from {shown}"
    policy = rundir.policy_in_force(
        where, summary, config, fix=_RERUN,
        other_policy_fix="Attest with the --policy, --config and --test-report options the run "
                         "had. " + _RERUN)
    _require_configuration(summary, configuration.record(project, config, checks), where)
    read = rederive.evidence_reader(root)
    for result in summary.results:
        rundir.check_records(where, root, result, read, fix=_RERUN)
    found = rederive.rederive_all(summary.results, read, policy)
    stands, detail = rederive.summarize(found)
    if not stands:
        differ = ", ".join(r.check_id for r in found if r.agreement is rederive.Agreement.DIFFERS)
        raise UsageError(f"{where}: the recorded result of {differ} disagrees with its evidence: "
                         f"{detail}.", fix=_RERUN)
    _require_reports(summary, root, shown)
    _require_evaluation(summary, policy, project.root, shown)
    return summary, detail


def _require_configuration(summary: RunSummary, now: ConfigurationRecord, where: str) -> None:
    """The run's excludes, triage and options are the project's now, and so is each result's
    count of excluded inputs (a count the policy judges)."""
    if summary.configuration.get("sha256") != now.sha256:
        raise UsageError(f"{where}: the configuration recorded in {SUMMARY} (excludes, triage, "
                         "check options) is not the project's now: it was edited, or the "
                         "project changed since the run.", fix=_RERUN)
    for result in summary.results:
        if result.excluded_inputs != now.excluded_inputs.get(result.check_id, 0):
            raise UsageError(f"{where}: {result.check_id} records {result.excluded_inputs} "
                             "excluded input(s), the project's configuration "
                             f"{now.excluded_inputs.get(result.check_id, 0)}.", fix=_RERUN)


def _require_reports(summary: RunSummary, root: Path, shown: Path) -> None:
    """The merged SARIF is made again from the (digest-checked) SARIF of each check."""
    try:
        made = merged_sarif(summary.results, root)
    except UsageError as exc:
        raise UsageError(f"--from {shown}: {exc.message}", fix=_RERUN) from None
    expected = (made,) if made else ()
    if expected != summary.reports:
        def show(reports: Sequence[Any]) -> str:
            return ", ".join(f"{r.path} sha256 {r.sha256[:16]}..." for r in reports) or "none"
        raise UsageError(f"--from {shown}: {SUMMARY} names the reports {show(summary.reports)}"
                         f", but the checks' SARIF evidence merges into {show(expected)}.",
                         fix=_RERUN)


def _require_evaluation(summary: RunSummary, policy: Policy, project_root: Path,
                        shown: Path) -> None:
    """The evaluation made again is the recorded one, so the summary.json attest writes never
    shows a verdict the signature does not carry."""
    fresh = evaluate(policy, {r.check_id: r for r in summary.results},
                     read_declarations(policy, project_root))
    if fresh != summary.evaluation:
        raise UsageError(f"--from {shown}: the evaluation in {SUMMARY} is not what the policy "
                         f"in force makes of its results and the project's documents: "
                         f"{_differences(summary.evaluation, fresh)}.", fix=_RERUN)


def _differences(recorded: Evaluation, fresh: Evaluation) -> str:
    was = {t.task_id: t for t in recorded.tasks}
    out = []
    for task in fresh.tasks:
        old = was.pop(task.task_id, None)
        if old is None:
            out.append(f"{task.task_id} missing from the record")
        elif old.state is not task.state:
            out.append(f"{task.task_id} recorded {old.state.value}, re-judged "
                       f"{task.state.value}")
        elif old != task:
            out.append(f"{task.task_id} recorded with another reason or document")
    out += [f"{tid} recorded but not in the catalogue" for tid in was]
    if recorded.verdict is not fresh.verdict:
        out.append(f"verdict recorded {recorded.verdict.value}, re-judged "
                   f"{fresh.verdict.value}")
    shown = out[:10] + (["..."] if len(out) > 10 else [])
    return "; ".join(shown) or "its policy name, digest or reasons differ"


def _judge_release(summary: RunSummary, policy: Policy, found: ReleaseFindings) -> RunSummary:
    """The run with the tasks the release evidences judged, under the policy in force (which
    judged the run too).

    summary.json keeps the run as it was (they were pending there); the signed predicate and
    what attest prints carry this judgement.
    """
    return summary.model_copy(update={"evaluation": with_release(summary.evaluation, policy,
                                                                 found)})


def attest(request: RunRequest, out: Path, *, artifacts: Sequence[str] = (),
           named: Sequence[str] = (), sign: SignMode = SignMode.NONE, key: Path | None = None,
           identity_token: str | None = None, staging: bool = False,
           from_dir: Path | None = None, progress: Progress | None = None) -> Attested:
    """Produce the release's statements and signed attestation in `out`."""
    from margo_ssdf.sbom.release import release_of

    subject = subjects(artifacts, named)
    signer = sign.signer(key=key, identity_token=identity_token, staging=staging)
    project, config = prepare(request)
    started = datetime.now(UTC)
    rederived: str | None = None
    with staged_output(out) as staging_dir:
        if from_dir is not None:
            summary, rederived = _believed(_take_run(from_dir, staging_dir), staging_dir,
                                           from_dir, config, project, request.checks)
        else:
            summary = execute(request, staging_dir, progress, (project, config))
            write_summary(summary, staging_dir)
        release = release_of(project)
        stem = _file_name(release.name, release.version)
        others = [
            intoto.statement(subject, provenance.SLSA_PROVENANCE, provenance.predicate(
                project, started=started, finished=datetime.now(UTC),
                inputs={"artifacts": [s.name for s in subject], "sign": sign.value})),
        ]
        for suffix, ptype in (("/sbom.cdx.json", CYCLONEDX_PREDICATE),
                              ("/vulns.json", VULNS_PREDICATE),
                              ("/test-result.predicate.json", TEST_RESULT_PREDICATE)):
            stmt = _evidence_statement(summary, staging_dir, suffix, ptype, subject)
            if stmt is not None:
                others.append(stmt)
        lines = [intoto.canonical_bytes(s) for s in others]
        digests = tuple(compliance.StatementDigest(
            predicate_type=s.predicate_type, sha256=hashlib.sha256(b).hexdigest())
            for s, b in zip(others, lines, strict=True))
        records = run_records(summary, staging_dir)
        summary = _judge_release(summary, config.policy, release_tasks.at_attest(
            subject, signer, others[0], summary.results, records))
        predicate = compliance.build(
            summary, sources=config.sources, evidence_root=staging_dir, statements=digests,
            records=records,
            release=compliance.ReleaseRecord(
                name=release.name, version=release.version, commit=summary.commit,
                repository=provenance.ci_environment().get("GITHUB_REPOSITORY")))
        main_statement = intoto.statement(subject, compliance.COMPLIANCE_PREDICATE,
                                          predicate.model_dump(mode="json"))
        payload = intoto.canonical_bytes(main_statement)
        jsonl = staging_dir / f"{stem}.intoto.jsonl"
        write_atomic(jsonl, b"".join(line + b"\n" for line in [payload, *lines]))
        signed: Path | None = None
        if signer is not None:
            signed = staging_dir / f"{stem}{signer.suffix}"
            write_atomic(signed, signer.sign(payload))
    return Attested(out=out, statements=out / jsonl.name,
                    signed=out / signed.name if signed else None, summary=summary,
                    rederived=rederived)
