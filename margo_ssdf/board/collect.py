"""Find the attestations, verify each with its project's signer, and build the board.

The project an attestation belongs to is the release name it claims; its signer and the
policy that judges it are chosen by that name, so a file claiming another project's name
fails that project's verification. The evidence is read from the directory beside the
attestation (where `attest --out` puts it), or from `<release>.evidence.tar.gz` beside it (a
downloaded release), unpacked safely into a temporary directory; every file is checked by its
attested digest either way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from margo_ssdf.attest.audit_policy import ChosenBy, PolicyPin
from margo_ssdf.attest.trust import Unpinned
from margo_ssdf.board.archive import ARCHIVE_SUFFIX, unpack_evidence
from margo_ssdf.board.model import (
    Board,
    BoardRelease,
    JudgedWith,
    ProjectBoard,
    Step,
    all_cra,
    release_order,
)
from margo_ssdf.board.trust import BoardTrust
from margo_ssdf.errors import MargoError, UsageError
from margo_ssdf.report.baseline import compare
from margo_ssdf.report.build import build_report
from margo_ssdf.report.loading import (
    Loaded,
    _unverified_predicate,
    read_evidence_json,
    require_json_attestation,
)
from margo_ssdf.report.views import Report, Verification

ATTESTATION_SUFFIXES = (".dsse.json", ".sigstore.json")
NTIA = "checks/sbom/ntia.json"
"""The sbom check's score of the SBOM, which counts its components."""


def find_attestations(inputs: Sequence[Path]) -> list[Path]:
    """Each file given, and every attestation below each directory given, once each."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if p.is_file()
                            and p.name.endswith(ATTESTATION_SUFFIXES))
        elif item.is_file():
            found.append(item)
        else:
            raise UsageError(f"{item}: no such file or directory.",
                             fix="Give attestation files (.dsse.json, .sigstore.json) or "
                                 "directories holding them.")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise UsageError(f"no attestation (*{' or *'.join(ATTESTATION_SUFFIXES)}) was found "
                         f"in {', '.join(map(str, inputs))}.",
                         fix="Point board at the directories `attest --out` wrote, or at "
                             "downloaded release assets.")
    return unique


def collect(inputs: Sequence[Path], trust: BoardTrust, *, today: date | None = None) -> Board:
    """Verify every attestation found and lay the board out; a UsageError only for inputs
    that do not exist (an unreadable attestation is shown as failed)."""
    found = find_attestations(inputs)
    # Unpacked archives live until every comparison has read them.
    with ExitStack() as scratch:
        releases = [_release(path, trust, scratch) for path in found]
        names = sorted({r.project for r in releases})
        projects = tuple(_project(name, [r for r in releases if r.project == name])
                         for name in names)
    now = datetime.now(UTC)
    day = today or now.date()
    return Board(projects=projects, cra=all_cra(projects, day), today=day, generated_at=now)


def _release(path: Path, trust: BoardTrust, scratch: ExitStack) -> BoardRelease:
    """One attestation, verified with the signer of the project it claims and judged with
    that project's policy pin."""
    try:
        claimed, _ = _unverified_predicate(require_json_attestation(path))
    except MargoError as exc:
        return _unreadable(path, exc.diagnostics())
    if claimed is None:
        return _unreadable(path, "it holds no readable compliance statement")
    name, version = claimed.release.name, claimed.release.version or "unversioned"
    signer = trust.for_project(name)
    if isinstance(signer, Unpinned):
        reason = (f"no signer is pinned for project {name}: give --trust {name}=KEYFILE, an "
                  "entry in --trust-file, or --key / --identity and --issuer for every project")
        return _unreadable(path, reason, name, version)
    pin = trust.policy_for(name)
    try:
        evidence, source = _evidence(path, scratch)
        report = build_report(path, trust=signer, evidence_dir=evidence, policy=pin)
    except MargoError as exc:
        return _unreadable(path, exc.diagnostics(), name, version)
    failure = _failure(report.verification)
    made = report.predicate.finished_on if report.predicate else None
    return BoardRelease(project=name, version=version, made=made, source=path.name,
                        report=report, failure=failure, evidence_dir=evidence,
                        evidence_source=source,
                        judged_with=None if failure else _judged_with(report, pin),
                        components=_components(report, evidence) if evidence and not failure
                        else None)


def archive_for(path: Path) -> Path:
    """Where a release's evidence archive sits: beside the attestation, named like it."""
    stem = next((path.name[:-len(s)] for s in ATTESTATION_SUFFIXES
                 if path.name.endswith(s)), path.stem)
    return path.with_name(stem + ARCHIVE_SUFFIX)


def _evidence(path: Path, scratch: ExitStack) -> tuple[Path | None, str | None]:
    """The evidence directory and where it came from: the attestation's directory when it
    holds the evidence (as `attest --out` writes it), else its evidence archive unpacked;
    None for an attestation published alone: its signature and statement are still verified,
    and the parts read from evidence (CRA clock, components) say they are not available.
    Raises EvidenceArchiveError for an archive that is refused."""
    if (path.parent / "checks").is_dir():
        return path.parent, "the directory beside the attestation"
    archive = archive_for(path)
    if not archive.is_file():
        return None, None
    into = Path(scratch.enter_context(tempfile.TemporaryDirectory(prefix="margo-board-")))
    unpack_evidence(archive, into)
    return into, archive.name


def _judged_with(report: Report, pin: PolicyPin | None) -> JudgedWith | None:
    """The policy of the verdict shown: the predicate's record is the verifier's policy when
    one was brought (the report recomputed it), else the producer's."""
    p = report.predicate
    if p is None:
        return None
    chosen = (ChosenBy.AUDITOR if pin is not None and pin.policy is not None else
              ChosenBy.PINNED if pin is not None and pin.digest is not None else
              ChosenBy.PRODUCER)
    return JudgedWith(p.policy.name, p.policy.sha256, chosen)


def _failure(v: Verification) -> str | None:
    if v.verified:
        return None
    return "; ".join(f"{s.name}: {s.detail}" for s in v.failed) or "nothing could be verified"


def _components(report: Report, evidence_dir: Path) -> int | None:
    loaded = Loaded(report.verification, report.predicate, report.subjects, evidence_dir, [])
    doc = read_evidence_json(loaded, NTIA)
    score = doc.get("ntia") if isinstance(doc, dict) else None
    count = score.get("components") if isinstance(score, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _unreadable(path: Path, reason: str, project: str | None = None,
                version: str = "unknown") -> BoardRelease:
    """A release that cannot be shown at all: only its file and why."""
    from margo_ssdf.report.sections import matrix

    now = datetime.now(UTC)
    verification = Verification(verified=False, signer=None, steps=(),
                                content_authenticated=False, checked_at=now)
    report = Report(source=path.name, verification=verification, predicate=None, subjects=(),
                    matrix=matrix(None), checks=(), vulnerabilities=(), sast=(), cisa=(),
                    frameworks=(), database=None, problems=(), comparison=None,
                    notes=(reason,), generated_at=now)
    return BoardRelease(project=project or "(unreadable)", version=version, made=None,
                        source=path.name, report=report, failure=reason, components=None)


def _project(name: str, releases: Iterable[BoardRelease]) -> ProjectBoard:
    """The releases oldest first; each verified one compared with the verified one before."""
    steps: list[Step] = []
    previous: BoardRelease | None = None
    for r in sorted(releases, key=release_order):
        if not r.verified or previous is None:
            steps.append(Step(r))
            previous = r if r.verified else previous
            continue
        comparison = compare(_loaded(r), _loaded(previous), r.report.vulnerabilities,
                             r.report.sast)
        # The release's own report shows the same comparison, as `report --baseline` would.
        shown = replace(r, report=replace(r.report, comparison=comparison))
        steps.append(Step(shown, comparison.better, comparison.worse, previous.version))
        previous = r
    return ProjectBoard(name=name, steps=tuple(steps))


def _loaded(r: BoardRelease) -> Loaded:
    return Loaded(r.report.verification, r.report.predicate, r.report.subjects,
                  r.evidence_dir, [])
