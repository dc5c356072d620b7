"""deps.provenance: components with verified, missing and failing provenance, the share
verified judged by the policy's threshold, configuration mistakes, and a real GitHub bundle."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleFailure
from margo_ssdf.checks import CheckContext, registry
from margo_ssdf.checks.deps_provenance import UNPINNED, DepsProvenanceCheck
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ConfigError
from margo_ssdf.evaluate import Judgement, check_judgement, evaluate
from margo_ssdf.models import CheckResult, Outcome, TaskState
from margo_ssdf.policy import load_configuration
from tests import sigstore_instance as si
from tests.conftest import CORPORA

SIGSTORE = CORPORA / "sigstore"
BEACON = "sigstore-conformance/extremely-dangerous-public-oidc-beacon"
BEACON_DIGEST = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
WORKFLOW_TYPE = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1"
RUNNER = "https://github.com/actions/runner/github-hosted"
REF = "refs/tags/v1.0.0"
CHECKS = {**registry(), DepsProvenanceCheck.id: DepsProvenanceCheck()}


def provenance(artifact: bytes, name: str, repository: str) -> dict[str, Any]:
    """A SLSA v1 statement as GitHub artifact attestations make it."""
    statement = si.statement_about(artifact, name)
    statement["predicateType"] = "https://slsa.dev/provenance/v1"
    statement["predicate"] = {
        "buildDefinition": {"buildType": WORKFLOW_TYPE, "externalParameters": {"workflow": {
            "repository": f"https://github.com/{repository}", "ref": REF,
            "path": ".github/workflows/release.yml"}}},
        "runDetails": {"builder": {"id": RUNNER}}}
    return statement


def component(inst: si.Instance, vendor: Path, name: str, *, built_by: str | None) -> None:
    """A component file, and its provenance bundle beside it when something built it."""
    data = f"{name} contents".encode()
    (vendor / name).write_bytes(data)
    if built_by is None:
        return
    workflow = f"https://github.com/{built_by}/.github/workflows/release.yml@{REF}"
    bundle = si.keyless_bundle(inst, statement=provenance(data, name, built_by),
                               identity=workflow, issuer=si.ISSUER,
                               extensions={"repository": f"https://github.com/{built_by}",
                                           "ref": REF, "workflow": workflow})
    si.write(bundle, vendor / f"{name}.sigstore.json")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vendor/: good (verified), plain (no bundle), evil (built in another repository)."""
    root = tmp_path_factory.mktemp("proj")
    vendor = root / "vendor"
    vendor.mkdir()
    inst = si.make_instance(root)
    component(inst, vendor, "good-1.0.whl", built_by="acme/good")
    component(inst, vendor, "plain-1.0.whl", built_by=None)
    component(inst, vendor, "evil-1.0.whl", built_by="mallory/evil")
    return root


def options(**more: Any) -> dict[str, Any]:
    pins = {f"{n}-*.whl": {"repository": f"acme/{n}", "ref": REF, "issuer": si.ISSUER}
            for n in ("good", "plain", "evil")}
    return {**DepsProvenanceCheck.options, "components": ["vendor/"], "pins": pins,
            "trusted_root": "trusted_root.json", **more}


def run(root: Path, evidence: Path, opts: dict[str, Any]) -> tuple[CheckResult, dict[str, Any]]:
    check = DepsProvenanceCheck()
    ctx = CheckContext(project=discover(root), options=opts, evidence_root=evidence, timeout=60)
    result = check.run(ctx)
    report = json.loads((evidence / result.evidence[0].path).read_text()) \
        if result.evidence else {}
    return result, report


def rows(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in report["components"]}


def test_verified_none_and_failed_components(project: Path, tmp_path: Path) -> None:
    result, report = run(project, tmp_path, options())
    found = rows(report)
    good, plain, evil = found["good-1.0.whl"], found["plain-1.0.whl"], found["evil-1.0.whl"]
    assert good["status"] == "verified"
    assert good["source_repository"] == "https://github.com/acme/good"
    assert good["source_ref"] == REF and good["builder_id"] == RUNNER
    assert isinstance(good["log_index"], int)
    assert good["bundle"] == "vendor/good-1.0.whl.sigstore.json"
    assert good["sha256"] == hashlib.sha256(b"good-1.0.whl contents").hexdigest()
    assert plain["status"] == "none" and plain["bundle"] is None and plain["failure"] is None
    # The certificate names mallory/evil, the pin acme/evil: refused for that reason.
    assert evil["status"] == "failed"
    assert evil["failure"] == BundleFailure.PIN_MISMATCH.value
    assert "mallory/evil" in evil["message"]
    assert evil["message"].startswith("vendor/evil-1.0.whl.sigstore.json: ")
    assert report["trust_root"].endswith("trusted_root.json")
    assert len(found) == 3  # the bundles are not components themselves

    assert result.outcome is Outcome.FAIL
    probes = {p.id: p for p in result.probes}
    assert probes["verified-provenance-percent"].value == pytest.approx(100 / 3)
    assert probes["failed-provenance"].value == 1.0
    assert "evil-1.0.whl: [pin-mismatch]" in probes["failed-provenance"].locations[0]
    assert result.reason == "1 of 3 components (33%) with verified provenance, 1 without, " \
                            "1 failed"


def test_all_verified_passes(project: Path, tmp_path: Path) -> None:
    result, report = run(project, tmp_path, options(components=["vendor/good-*.whl"]))
    assert [r["status"] for r in report["components"]] == ["verified"]
    assert result.outcome is Outcome.PASS
    assert {p.id: p.value for p in result.probes} == {
        "verified-provenance-percent": 100.0, "failed-provenance": 0.0}


def test_a_bundle_without_a_pin_fails_closed(project: Path, tmp_path: Path) -> None:
    pins = {"good-*.whl": {"repository": "acme/good", "issuer": si.ISSUER}}
    _, report = run(project, tmp_path, options(pins=pins))
    evil = rows(report)["evil-1.0.whl"]
    assert evil["status"] == "failed" and evil["failure"] == UNPINNED
    assert evil["message"].startswith("no repository pinned for evil-1.0.whl")
    assert rows(report)["plain-1.0.whl"]["status"] == "none"  # no bundle: nothing to pin


def test_a_wrong_trust_root_fails_every_bundle(project: Path, tmp_path: Path) -> None:
    other = si.make_instance(tmp_path)
    shutil.copy(other.trusted_root, project / "other_root.json")
    _, report = run(project, tmp_path / "ev", options(trusted_root="other_root.json"))
    good = rows(report)["good-1.0.whl"]
    assert good["status"] == "failed"
    assert good["failure"] in {BundleFailure.UNTRUSTED_CERTIFICATE.value,
                               BundleFailure.NO_TRUSTED_TIME.value,
                               BundleFailure.INVALID_SCT.value}


def write_config(root: Path, thresholds: dict[str, float]) -> None:
    opts = options()
    config = {"checks": {"deps.provenance": {"thresholds": thresholds, "options": {
        k: opts[k] for k in ("components", "pins", "trusted_root")}}}}
    (root / ".margo-ssdf.yaml").write_text(json.dumps(config))


@pytest.mark.parametrize(("thresholds", "judged"), [
    ({"min_verified_provenance_percent": 30, "max_failed_provenance": 1}, Judgement.PASS),
    ({"min_verified_provenance_percent": 50, "max_failed_provenance": 1}, Judgement.FAIL),
    ({"min_verified_provenance_percent": 30}, Judgement.FAIL),  # the default: no failure
])
def test_the_policy_judges_the_share_verified(project: Path, tmp_path: Path,
                                              thresholds: dict[str, float],
                                              judged: Judgement) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    write_config(root, thresholds)
    config = load_configuration(root, checks=CHECKS)
    result, _ = run(root, tmp_path / "ev", config.policy.options_for(DepsProvenanceCheck()))
    judgement, reason = check_judgement(result, config.policy)
    assert judgement is judged, reason
    if judged is Judgement.FAIL and "max_failed_provenance" in thresholds:
        assert "policy minimum 50" in reason
    status = {s.task_id: s for s in evaluate(config.policy, {result.check_id: result},
                                             {}).tasks}
    assert "deps.provenance" in status["PW.4.1"].checks
    assert "deps.provenance" in status["PO.3.2"].checks


def test_not_configured_is_skipped_and_sets_no_task(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("a project\n")
    result, report = run(tmp_path, tmp_path / "ev", dict(DepsProvenanceCheck.options))
    assert result.outcome is Outcome.SKIPPED and not result.evidence and report == {}
    assert "no component with provenance is configured" in (result.reason or "")
    config = load_configuration(tmp_path, checks=CHECKS)
    tasks = {s.task_id: s for s in evaluate(config.policy, {result.check_id: result},
                                            {}).tasks}
    # Only the skipped check ran: every task it evidences is left to its other checks.
    assert tasks["PW.4.1"].state is TaskState.NOT_ASSESSED
    assert "deps.provenance: no component" in tasks["PW.4.1"].reason


@pytest.mark.parametrize(("opts", "key"), [
    ({"components": ["vendor/nothing-*.whl"]}, "components"),
    ({"pins": {"good-*.whl": {"repository": "not a repository"}}}, "repository"),
    ({"pins": {"good-*.whl": {"repository": "acme/good", "branch": "main"}}}, "good-*.whl"),
    ({"staging": True}, "staging"),
    ({"trusted_root": "missing.json"}, "trusted_root"),
    ({"digests": {"x": {"sha256": "abc", "bundle": "vendor/good-1.0.whl.sigstore.json"}}},
     "sha256"),
    ({"digests": {"x": {"sha256": BEACON_DIGEST, "bundle": "../outside.json"}}}, "bundle"),
])
def test_configuration_mistakes_name_their_key(project: Path, tmp_path: Path,
                                               opts: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as exc:
        run(project, tmp_path, options(**opts))
    assert exc.value.key is not None and exc.value.key.startswith(
        "checks.deps.provenance.options") and exc.value.key.endswith(key)


def beacon_project(root: Path, repository: str) -> dict[str, Any]:
    bundle = SIGSTORE / "a.dsse.staging-rekor-v2.txt.sigstore.json"
    if not bundle.is_file():
        pytest.skip("../shared/corpora/sigstore is not present")
    shutil.copy(bundle, root / "a.sigstore.json")
    shutil.copy(SIGSTORE / "trusted_root.staging.json", root / "trusted_root.json")
    return {**DepsProvenanceCheck.options, "trusted_root": "trusted_root.json",
            "digests": {"a.txt": {"sha256": BEACON_DIGEST, "bundle": "a.sigstore.json"}},
            "pins": {"a.txt": {"repository": repository}}}


@pytest.mark.corpus
def test_a_real_github_bundle_verifies_by_digest(tmp_path: Path) -> None:
    result, report = run(tmp_path, tmp_path / "ev", beacon_project(tmp_path, BEACON))
    (row,) = report["components"]
    assert row["status"] == "verified", row["message"]
    assert row["file"] is None and row["sha256"] == BEACON_DIGEST
    # Its build type names no source we read: the certificate's repository pin vouches.
    assert row["builder_id"] and isinstance(row["log_index"], int)
    assert result.outcome is Outcome.PASS


@pytest.mark.corpus
def test_a_real_github_bundle_refuses_another_repository(tmp_path: Path) -> None:
    _, report = run(tmp_path, tmp_path / "ev", beacon_project(tmp_path, "acme/beacon"))
    (row,) = report["components"]
    assert row["status"] == "failed"
    assert row["failure"] == BundleFailure.PIN_MISMATCH.value


def test_the_result_is_rederived_from_its_evidence(project: Path, tmp_path: Path) -> None:
    from margo_ssdf import rederive
    from margo_ssdf.models import Probe

    result, _ = run(project, tmp_path, options())
    read = rederive.evidence_reader(tmp_path)
    assert rederive.rederive(result, read, options()).agreement is rederive.Agreement.REDERIVED
    # A record claiming every component verified is contradicted by provenance.json.
    forged = result.model_copy(update={"outcome": Outcome.PASS, "probes": tuple(
        Probe(**{**p.model_dump(), "value": 100.0 if "percent" in p.id else 0.0})
        for p in result.probes)})
    found = rederive.rederive(forged, read, options())
    assert found.agreement is rederive.Agreement.DIFFERS
    assert "outcome recorded pass, re-derived fail" in found.detail


def test_the_auditors_pins_judge_the_recorded_facts(project: Path, tmp_path: Path) -> None:
    """The rows were verified against the producer's pins; another policy's pins are judged on
    what the verified provenance said (repository, ref), so a producer cannot pin itself."""
    from margo_ssdf import rederive
    from margo_ssdf.checks.deps_provenance import provenance_facts, repinned

    result, report = run(project, tmp_path, options())
    verified = [r for r in report["components"] if r["status"] == "verified"]
    assert verified
    same = repinned(report["components"], options())
    assert provenance_facts(same) == provenance_facts(report["components"])
    elsewhere = options(pins={"*.whl": {"repository": "mallory/fork", "ref": REF}})
    moved = {r["name"]: r for r in repinned(report["components"], elsewhere)}
    for row in verified:
        assert moved[row["name"]]["status"] == "failed"
        assert moved[row["name"]]["failure"] == "pin-mismatch"
        assert "not mallory/fork" in moved[row["name"]]["message"]
    other_ref = options(pins={f"{n}-*.whl": {"repository": f"acme/{n}", "ref": "refs/tags/v9"}
                              for n in ("good", "plain", "evil")})
    assert all(r["status"] != "verified" for r in repinned(report["components"], other_ref))
    read = rederive.evidence_reader(tmp_path)
    if result.outcome is Outcome.PASS:
        assert rederive.rederive(result, read, elsewhere).agreement is rederive.Agreement.DIFFERS
    probes = {p.id: p.value for p in provenance_facts(repinned(report["components"],
                                                                elsewhere))[2]}
    assert probes["verified-provenance-percent"] == 0.0


@pytest.mark.parametrize("others", [Outcome.PASS, Outcome.FAIL])
def test_unconfigured_it_leaves_every_task_and_the_verdict_as_before(
        tmp_path: Path, others: Outcome) -> None:
    (tmp_path / "README.md").write_text("a project\n")
    skipped, _ = run(tmp_path, tmp_path / "ev", dict(DepsProvenanceCheck.options))
    policy = load_configuration(tmp_path, checks=CHECKS).policy
    results = {cid: CheckResult(check_id=cid, tasks=CHECKS[cid].tasks, tool=skipped.tool,
                                started_at=skipped.started_at, finished_at=skipped.finished_at,
                                outcome=others, reason=None if others is Outcome.PASS else "r")
               for cid in policy.used_checks(CHECKS) if cid != DepsProvenanceCheck.id}
    with_check = evaluate(policy, {**results, skipped.check_id: skipped}, {})
    before = policy.model_copy(update={"tasks": {
        tid: rule.model_copy(update={"checks": tuple(c for c in rule.checks
                                                     if c != DepsProvenanceCheck.id)})
        for tid, rule in policy.tasks.items()}})
    without = evaluate(before, results, {})
    assert with_check.verdict is without.verdict
    assert [(s.task_id, s.state) for s in with_check.tasks] == \
        [(s.task_id, s.state) for s in without.tasks]
