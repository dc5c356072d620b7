"""The release's own tasks judged from its parts: subjects, signature, provenance, evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from margo_ssdf.attest import intoto, provenance, release_tasks
from margo_ssdf.discovery import discover
from margo_ssdf.models import CheckResult, Evidence, Outcome, ToolInfo

T = datetime(2026, 1, 1, tzinfo=UTC)
SUBJECT = intoto.ResourceDescriptor(name="app.tar.gz", digest={"sha256": "b" * 64})
GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "margo/demo",
          "GITHUB_WORKFLOW_REF": "margo/demo/.github/workflows/rel.yml@refs/tags/v1",
          "GITHUB_REF": "refs/tags/v1", "GITHUB_SHA": "c" * 40, "GITHUB_RUN_ID": "7",
          "RUNNER_ENVIRONMENT": "github-hosted"}


def _provenance(tmp_path: Path, env: dict[str, str] | None = None,
                subject: intoto.ResourceDescriptor = SUBJECT) -> intoto.Statement:
    (tmp_path / "a.py").write_text("x = 1\n")
    body = provenance.predicate(discover(tmp_path), started=T, finished=T, env=env or {},
                                lockfiles=[])
    return intoto.statement([subject], provenance.SLSA_PROVENANCE, body)


def _result(cid: str, outcome: Outcome = Outcome.PASS, *, version: str = "1.0",
            evidence: bool = True) -> CheckResult:
    files = (Evidence(path=f"checks/{cid}/out.json", sha256="d" * 64,
                      media_type="application/json", size=2),) if evidence else ()
    return CheckResult(check_id=cid, tasks=("PW.7.2",), tool=ToolInfo(name="t", version=version),
                       started_at=T, finished_at=T, outcome=outcome,
                       reason=None if outcome is Outcome.PASS else "why", evidence=files)


def _records(*cids: str) -> list[Evidence]:
    return [Evidence(path=p, sha256="e" * 64, media_type="application/json", size=2)
            for p in [*(f"checks/{c}/result.json" for c in cids), "summary.json"]]


def test_integrity_needs_subjects_and_a_signature() -> None:
    held = release_tasks.integrity([SUBJECT], "signed with key k")
    assert held.holds and held.reason == ("1 artifact digest(s) published as subjects "
                                          "(app.tar.gz); the statement is signed with key k")
    unsigned = release_tasks.integrity([SUBJECT], None)
    assert not unsigned.holds and "not signed (--sign none)" in unsigned.reason
    assert not release_tasks.integrity([], "signed with key k").holds


def test_provenance_names_the_ci_builder_and_its_environment(tmp_path: Path) -> None:
    found = release_tasks.provenance(_provenance(tmp_path, GITHUB), [SUBJECT], "bound")
    assert found.holds, found.reason
    assert found.reason == (
        "SLSA provenance bound: builder https://github.com/margo/demo/.github/workflows/"
        "rel.yml@refs/tags/v1, build type https://margo-ssdf.dev/buildtypes/release-evidence/"
        "v1, run by the CI workflow .github/workflows/rel.yml@refs/tags/v1 of "
        "https://github.com/margo/demo on a github-hosted runner")


def test_provenance_of_other_subjects_or_without_parameters_does_not_hold(
        tmp_path: Path) -> None:
    other = intoto.ResourceDescriptor(name="other.tar.gz", digest={"sha256": "f" * 64})
    found = release_tasks.provenance(_provenance(tmp_path, subject=other), [SUBJECT], "bound")
    assert not found.holds
    assert found.reason == "the SLSA provenance is about other subjects than the compliance " \
                           "statement"
    stmt = _provenance(tmp_path)
    body: dict[str, Any] = {**stmt.predicate, "buildDefinition": {"buildType": " "}}
    bare = intoto.statement([SUBJECT], provenance.SLSA_PROVENANCE, body)
    found = release_tasks.provenance(bare, [SUBJECT], "bound")
    assert not found.holds and found.reason == (
        "the SLSA provenance names no build type (buildDefinition.buildType); records no "
        "external parameters (buildDefinition.externalParameters)")
    missing = release_tasks.provenance(None, [SUBJECT], "no SLSA provenance statement was made")
    assert not missing.holds and missing.reason == "no SLSA provenance statement was made"


def test_evidence_needs_every_tool_version_every_evidence_file_and_every_record() -> None:
    good = [_result("a"), _result("b", Outcome.SKIPPED, evidence=False)]
    held = release_tasks.evidence(good, _records("a", "b"), None)
    assert held.holds and held.reason == ("2 tool(s) named with their versions, 1 evidence "
                                          "file(s) and 3 run record(s) bound by sha256")
    found = release_tasks.evidence(
        [_result("a", version=""), _result("b", Outcome.FAIL, evidence=False)],
        _records("a"), False)
    assert not found.holds
    assert found.reason.split("; ") == [
        "a names no tool version", "b ran (fail) but recorded no evidence file",
        "the run record checks/b/result.json is not bound",
        "evidence files do not match their digests (see the evidence files step)"]
    assert not release_tasks.evidence([], _records(), None).holds
