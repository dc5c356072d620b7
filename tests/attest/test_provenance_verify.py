"""SLSA provenance made by others, verified offline (attest/provenance_verify.py, the
`verify-provenance` command).

A real GitHub-made provenance bundle from ../shared/corpora/sigstore (staging, signed by the
sigstore-conformance beacon workflow; a SLSA v1 predicate with a custom build type), and bundles
made by tests/sigstore_instance.py in the shapes of slsa-github-generator (Statement v0.1, SLSA
v0.2, signed by the generator's reusable workflow) and of GitHub artifact attestations and npm
provenance (Statement v1, SLSA v1, the GitHub workflow build type). Every refusal asserts its
failure id.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.provenance_verify import (
    GITHUB_ACTIONS_ISSUER,
    ProvenancePolicy,
    builder_matches,
    source_uri_forms,
    verify_provenance,
)
from margo_ssdf.attest.slsa_predicate import GITHUB_WORKFLOW_BUILD_TYPE
from margo_ssdf.cli import main
from tests import sigstore_instance as sigstore
from tests.conftest import CORPORA

BEACON_BUNDLE = CORPORA / "sigstore" / "a.dsse.staging-rekor-v2.txt.sigstore.json"
BEACON_REPOSITORY = "sigstore-conformance/extremely-dangerous-public-oidc-beacon"
BEACON_SUBJECT = bytes.fromhex("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")

ARTIFACT = b"widget-1.2.3.tar.gz contents\n"
REPOSITORY = "https://github.com/octo/widget"
REF = "refs/tags/v1.2.3"
COMMIT = "d8b4a6445f38c48b9137a8099706d9b8073146e4"
GENERATOR = ("https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
             "generator_generic_slsa3.yml@refs/tags/v1.9.0")
RELEASE_WORKFLOW = f"{REPOSITORY}/.github/workflows/release.yml@{REF}"
HOSTED = "https://github.com/actions/runner/github-hosted"


def beacon() -> Path:
    if not BEACON_BUNDLE.is_file():
        pytest.skip("../shared/corpora/sigstore is not present")
    return BEACON_BUNDLE


def refused(bundle: Path, digest: bytes, policy: ProvenancePolicy) -> BundleError:
    with pytest.raises(BundleError) as info:
        verify_provenance(bundle, digest, policy)
    return info.value


# ---- the real GitHub-made bundle ----------------------------------------------------------------

@pytest.mark.corpus
def test_real_github_provenance_verifies_and_says_its_predicate_names_no_source() -> None:
    verified = verify_provenance(beacon(), BEACON_SUBJECT,
                                 ProvenancePolicy(BEACON_REPOSITORY, ref="refs/heads/main",
                                                  staging=True))
    assert verified.statement_type == "https://in-toto.io/Statement/v1"
    assert verified.predicate_type == "https://slsa.dev/provenance/v1"
    assert verified.builder_id == "https://github.com/sigstore-conformance/rekor2-dsse-hashedrekord-regen"
    assert verified.source_repository is None  # a custom build type: not guessed
    assert verified.signer_identity.startswith(f"https://github.com/{BEACON_REPOSITORY}/")
    steps = {c.name: c for c in verified.checks}
    assert all(c.ok for c in verified.checks)
    assert {"signature", "source repository", "source ref", "subject", "predicate"} <= set(steps)
    assert "names no source" in steps["predicate source"].detail
    assert verified.as_json()["checks"][0] == {"name": "signature", "ok": True,
                                               "detail": steps["signature"].detail}


@pytest.mark.corpus
@pytest.mark.parametrize("policy, failed_step", [
    (ProvenancePolicy("sigstore-conformance/another-repository", staging=True),
     "source repository"),
    (ProvenancePolicy(BEACON_REPOSITORY, ref="refs/tags/v1.0.0", staging=True), "source ref"),
])
def test_real_provenance_refused_for_another_repository_or_ref(policy: ProvenancePolicy,
                                                               failed_step: str) -> None:
    error = refused(beacon(), BEACON_SUBJECT, policy)
    assert error.failure is BundleFailure.PIN_MISMATCH
    assert [(p.name, p.ok) for p in error.pins][-1] == (failed_step, False)
    assert error.pins[0].name == "signature" and not error.pins[0].ok


@pytest.mark.corpus
def test_real_provenance_refused_for_another_artifact() -> None:
    error = refused(beacon(), hashlib.sha256(b"not a.txt").digest(),
                    ProvenancePolicy(BEACON_REPOSITORY, staging=True))
    assert error.failure is BundleFailure.SUBJECT_MISMATCH
    assert "a.txt sha256:a0cfc712" in error.message
    assert (error.pins[0].name, error.pins[0].ok) == ("signature", True)
    assert (error.pins[-1].name, error.pins[-1].ok) == ("subject", False)  # nothing judged after


@pytest.mark.corpus
def test_real_provenance_refused_for_a_builder_not_pinned() -> None:
    error = refused(beacon(), BEACON_SUBJECT,
                    ProvenancePolicy(BEACON_REPOSITORY, staging=True,
                                     builder_id=GENERATOR.split("@")[0]))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert "builder id" in error.message


# ---- bundles of our own test Sigstore instance --------------------------------------------------

@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> sigstore.Instance:
    # GitHub certificates also carry the source commit (1.13) and the calling workflow (1.18).
    monkeypatch.setitem(sigstore.EXTENSIONS, "digest", "13")
    monkeypatch.setitem(sigstore.EXTENSIONS, "build_config", "18")
    return sigstore.make_instance(tmp_path)


def github_extensions(workflow: str, **overrides: str) -> dict[str, str]:
    return {"repository": REPOSITORY, "ref": REF, "trigger": "push", "workflow": workflow,
            "digest": COMMIT, "build_config": RELEASE_WORKFLOW, **overrides}


def generator_statement(artifact: bytes = ARTIFACT, *, source: str = f"git+{REPOSITORY}@{REF}",
                        builder: str = GENERATOR) -> dict[str, Any]:
    """slsa-github-generator's generic provenance: Statement v0.1, SLSA v0.2."""
    return {"_type": "https://in-toto.io/Statement/v0.1",
            "predicateType": "https://slsa.dev/provenance/v0.2",
            "subject": [{"name": "widget.tar.gz",
                         "digest": {"sha256": hashlib.sha256(artifact).hexdigest()}}],
            "predicate": {
                "builder": {"id": builder},
                "buildType": "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
                "invocation": {"configSource": {"uri": source, "digest": {"sha1": COMMIT},
                                                "entryPoint": ".github/workflows/release.yml"}},
                "metadata": {"reproducible": False}}}


def attestation_statement(artifact: bytes = ARTIFACT, *, repository: str = REPOSITORY,
                          ref: str = REF, commit: str = COMMIT) -> dict[str, Any]:
    """GitHub artifact attestation (actions/attest-build-provenance): Statement v1, SLSA v1."""
    return {"_type": "https://in-toto.io/Statement/v1",
            "predicateType": "https://slsa.dev/provenance/v1",
            "subject": [{"name": "widget.tar.gz",
                         "digest": {"sha256": hashlib.sha256(artifact).hexdigest()}}],
            "predicate": {
                "buildDefinition": {
                    "buildType": GITHUB_WORKFLOW_BUILD_TYPE,
                    "externalParameters": {"workflow": {
                        "ref": ref, "repository": repository,
                        "path": ".github/workflows/release.yml"}},
                    "internalParameters": {"github": {"event_name": "push"}},
                    "resolvedDependencies": [{"uri": f"git+{repository}@{ref}",
                                              "digest": {"gitCommit": commit}}]},
                "runDetails": {"builder": {"id": HOSTED},
                               "metadata": {"invocationId": f"{REPOSITORY}/actions/runs/1"}}}}


def signed(inst: sigstore.Instance, path: Path, statement: dict[str, Any], *,
           identity: str = RELEASE_WORKFLOW, **overrides: str) -> Path:
    bundle = sigstore.keyless_bundle(inst, statement=statement, identity=identity,
                                     issuer=GITHUB_ACTIONS_ISSUER,
                                     extensions=github_extensions(identity, **overrides))
    return sigstore.write(bundle, path)


def policy(inst: sigstore.Instance, **pins: Any) -> ProvenancePolicy:
    return ProvenancePolicy(**{"repository": "octo/widget", "trusted_root": inst.trusted_root,
                               **pins})


DIGEST = hashlib.sha256(ARTIFACT).digest()


def test_slsa_github_generator_provenance_verifies(instance: sigstore.Instance,
                                                   tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "widget.intoto.sigstore", generator_statement(),
                    identity=GENERATOR)
    verified = verify_provenance(bundle, DIGEST, policy(
        instance, ref=REF, builder_id=GENERATOR.split("@")[0],
        source_uri="github.com/octo/widget"))
    assert (verified.statement_type, verified.predicate_type) == (
        "https://in-toto.io/Statement/v0.1", "https://slsa.dev/provenance/v0.2")
    assert (verified.builder_id, verified.source_repository, verified.source_ref,
            verified.source_digest) == (GENERATOR, REPOSITORY, REF, COMMIT)
    assert verified.signer_identity == GENERATOR
    steps = {c.name: c.detail for c in verified.checks}
    assert steps["builder and signer"] == (f"the certificate was issued to the builder "
                                           f"{GENERATOR}")
    assert steps["predicate source digest"] == f"the predicate and the certificate say {COMMIT}"
    assert "source uri" in steps


def test_github_artifact_attestation_verifies(instance: sigstore.Instance,
                                              tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "widget.sigstore.json", attestation_statement())
    verified = verify_provenance(bundle, DIGEST, policy(instance, ref=REF, builder_id=HOSTED))
    assert (verified.builder_id, verified.build_type) == (HOSTED, GITHUB_WORKFLOW_BUILD_TYPE)
    assert (verified.source_repository, verified.source_ref, verified.source_digest) == (
        REPOSITORY, REF, COMMIT)
    assert all(c.ok for c in verified.checks)


def test_bundle_v02_with_a_certificate_chain_verifies(instance: sigstore.Instance,
                                                      tmp_path: Path) -> None:
    """npm provenance: bundle v0.2, whose certificate sits in x509CertificateChain."""
    bundle = sigstore.keyless_bundle(
        instance, statement=attestation_statement(), identity=RELEASE_WORKFLOW,
        issuer=GITHUB_ACTIONS_ISSUER, extensions=github_extensions(RELEASE_WORKFLOW))
    material = bundle["verificationMaterial"]
    material["x509CertificateChain"] = {"certificates": [material.pop("certificate")]}
    bundle["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.2"
    path = sigstore.write(bundle, tmp_path / "npm.sigstore")
    verified = verify_provenance(path, DIGEST, policy(instance, ref=REF))
    assert verified.source_repository == REPOSITORY


def test_predicate_repository_disagreeing_with_the_certificate_is_refused(
        instance: sigstore.Instance, tmp_path: Path) -> None:
    statement = attestation_statement(repository="https://github.com/evil/widget")
    bundle = signed(instance, tmp_path / "b.json", statement)
    error = refused(bundle, DIGEST, policy(instance))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert (f"the predicate says https://github.com/evil/widget, but the certificate says "
            f"{REPOSITORY}") in error.message
    assert [(p.name, p.ok) for p in error.pins if not p.ok] == [
        ("predicate source repository", False)]


def test_predicate_ref_disagreeing_with_the_certificate_is_refused(
        instance: sigstore.Instance, tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "b.json",
                    generator_statement(source=f"git+{REPOSITORY}@refs/heads/main"),
                    identity=GENERATOR)
    error = refused(bundle, DIGEST, policy(instance))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert "refs/heads/main" in error.message and REF in error.message


def test_predicate_commit_disagreeing_with_the_certificate_is_refused(
        instance: sigstore.Instance, tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "b.json", attestation_statement(commit="1" * 40))
    error = refused(bundle, DIGEST, policy(instance))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert error.message.startswith(f"{tmp_path / 'b.json'}: predicate source digest")


def test_wrong_ref_is_refused_by_the_certificate_pin(instance: sigstore.Instance,
                                                     tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "b.json", attestation_statement())
    error = refused(bundle, DIGEST, policy(instance, ref="refs/tags/v9.9.9"))
    assert error.failure is BundleFailure.PIN_MISMATCH
    assert [(p.name, p.ok) for p in error.pins][-1] == ("source ref", False)


@pytest.mark.parametrize("builder_id", [
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "generator_container_slsa3.yml",
    GENERATOR.replace("v1.9.0", "v1.10.0"),
])
def test_wrong_builder_id_is_refused(instance: sigstore.Instance, tmp_path: Path,
                                     builder_id: str) -> None:
    bundle = signed(instance, tmp_path / "b.json", generator_statement(), identity=GENERATOR)
    error = refused(bundle, DIGEST, policy(instance, builder_id=builder_id))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert f"not the pinned {builder_id}" in error.message


def test_builder_workflow_that_did_not_sign_is_refused(instance: sigstore.Instance,
                                                       tmp_path: Path) -> None:
    """A repository's own workflow cannot pass off its provenance as the generator's."""
    bundle = signed(instance, tmp_path / "b.json", generator_statement())
    error = refused(bundle, DIGEST, policy(instance, builder_id=GENERATOR))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert [p.name for p in error.pins if not p.ok] == ["builder and signer"]


def test_source_uri_pin_is_checked(instance: sigstore.Instance, tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "b.json", attestation_statement())
    error = refused(bundle, DIGEST, policy(instance, source_uri="github.com/octo/other"))
    assert error.failure is BundleFailure.PROVENANCE_MISMATCH
    assert "source uri" in error.message


def test_another_predicate_type_is_wrong_content(instance: sigstore.Instance,
                                                 tmp_path: Path) -> None:
    bundle = signed(instance, tmp_path / "b.json", sigstore.statement_about(ARTIFACT))
    error = refused(bundle, DIGEST, policy(instance))
    assert error.failure is BundleFailure.WRONG_CONTENT
    assert error.pins[-1].name == "predicate" and not error.pins[-1].ok


def test_jsonl_with_two_bundles_verifies_the_one_naming_the_artifact(
        instance: sigstore.Instance, tmp_path: Path) -> None:
    other = sigstore.keyless_bundle(
        instance, statement=attestation_statement(b"another artifact"),
        identity=RELEASE_WORKFLOW, issuer=GITHUB_ACTIONS_ISSUER,
        extensions=github_extensions(RELEASE_WORKFLOW, ref="refs/heads/main"))
    mine = sigstore.keyless_bundle(
        instance, statement=generator_statement(), identity=GENERATOR,
        issuer=GITHUB_ACTIONS_ISSUER, extensions=github_extensions(GENERATOR))
    path = tmp_path / "multiple.intoto.jsonl"
    path.write_text(f"{json.dumps(other)}\n\n{json.dumps(mine)}\n")
    verified = verify_provenance(path, DIGEST, policy(instance, ref=REF))
    assert verified.builder_id == GENERATOR and verified.bundle == path
    error = refused(path, hashlib.sha256(b"neither").digest(), policy(instance))
    assert error.failure is BundleFailure.SUBJECT_MISMATCH


def test_jsonl_line_that_fails_is_named_by_file_and_line(instance: sigstore.Instance,
                                                         tmp_path: Path) -> None:
    other = sigstore.keyless_bundle(instance, statement=attestation_statement(b"x"),
                                    identity=RELEASE_WORKFLOW, issuer=GITHUB_ACTIONS_ISSUER,
                                    extensions=github_extensions(RELEASE_WORKFLOW))
    mine = sigstore.keyless_bundle(instance, statement=attestation_statement(),
                                   identity=RELEASE_WORKFLOW, issuer=GITHUB_ACTIONS_ISSUER,
                                   extensions=github_extensions(RELEASE_WORKFLOW))
    path = tmp_path / "p.intoto.jsonl"
    path.write_text(f"{json.dumps(other)}\n{json.dumps(mine)}\n")
    error = refused(path, DIGEST, policy(instance, ref="refs/heads/main"))
    assert error.failure is BundleFailure.PIN_MISMATCH
    assert f"{path} (line 2)" in error.message


def legacy_envelope(statement: dict[str, Any]) -> dict[str, Any]:
    payload = base64.b64encode(json.dumps(statement).encode()).decode()
    return {"payloadType": "application/vnd.in-toto+json", "payload": payload,
            "signatures": [{"keyid": "", "sig": base64.b64encode(b"sig").decode()}]}


@pytest.mark.parametrize("lines", [1, 2])
def test_legacy_envelope_without_a_bundle_is_refused(instance: sigstore.Instance,
                                                     tmp_path: Path, lines: int) -> None:
    path = tmp_path / "legacy.intoto.jsonl"
    path.write_text("\n".join([json.dumps(legacy_envelope(generator_statement()))] * lines))
    error = refused(path, DIGEST, policy(instance))
    assert error.failure is BundleFailure.NO_LOG_ENTRY
    assert "bare DSSE envelope" in error.message and "offline" in error.message


def test_legacy_envelope_naming_the_artifact_beside_bundles_is_refused(
        instance: sigstore.Instance, tmp_path: Path) -> None:
    other = sigstore.keyless_bundle(instance, statement=attestation_statement(b"x"),
                                    identity=RELEASE_WORKFLOW, issuer=GITHUB_ACTIONS_ISSUER,
                                    extensions=github_extensions(RELEASE_WORKFLOW))
    path = tmp_path / "mixed.intoto.jsonl"
    path.write_text(f"{json.dumps(other)}\n{json.dumps(legacy_envelope(generator_statement()))}")
    assert refused(path, DIGEST, policy(instance)).failure is BundleFailure.NO_LOG_ENTRY


def test_key_signed_bundle_is_refused(instance: sigstore.Instance, tmp_path: Path) -> None:
    bundle = sigstore.write(sigstore.key_bundle(instance, sigstore.new_key(),
                                                statement=attestation_statement()),
                            tmp_path / "k.json")
    error = refused(bundle, DIGEST, policy(instance))
    assert error.failure is BundleFailure.NO_CERTIFICATE
    assert "not a Sigstore (keyless) certificate" in error.message


def test_tampered_payload_is_refused_by_the_signature(instance: sigstore.Instance,
                                                      tmp_path: Path) -> None:
    bundle = sigstore.keyless_bundle(instance, statement=attestation_statement(b"x"),
                                     identity=RELEASE_WORKFLOW, issuer=GITHUB_ACTIONS_ISSUER,
                                     extensions=github_extensions(RELEASE_WORKFLOW))
    forged = copy.deepcopy(bundle)
    forged["dsseEnvelope"]["payload"] = base64.b64encode(
        json.dumps(attestation_statement()).encode()).decode()
    error = refused(sigstore.write(forged, tmp_path / "f.json"), DIGEST, policy(instance))
    assert error.failure in (BundleFailure.INVALID_SIGNATURE, BundleFailure.LOG_ENTRY_MISMATCH)


# ---- the rules of the pins ----------------------------------------------------------------------

@pytest.mark.parametrize("pinned, ok", [
    (GENERATOR, True), (GENERATOR.split("@")[0], True),
    (GENERATOR.replace("v1.9.0", "v1.8.0"), False), (GENERATOR.split("@")[0] + "x", False)])
def test_builder_id_matches_with_or_without_its_version(pinned: str, ok: bool) -> None:
    assert builder_matches(GENERATOR, pinned) is ok


def test_source_uri_forms() -> None:
    assert source_uri_forms(f"git+{REPOSITORY}@{REF}") == {
        f"git+{REPOSITORY}@{REF}", f"git+{REPOSITORY}", "github.com/octo/widget"}


# ---- the command --------------------------------------------------------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["verify-provenance", *args])
    return code, capsys.readouterr().out


def test_cli_verifies_and_prints_every_step(instance: sigstore.Instance, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bundle = signed(instance, tmp_path / "b.json", attestation_statement())
    artifact = tmp_path / "widget.tar.gz"
    artifact.write_bytes(ARTIFACT)
    code, out = run_cli(capsys, str(artifact), "--bundle", str(bundle), "--repository",
                        "octo/widget", "--ref", REF, "--trusted-root", str(instance.trusted_root))
    assert code == 0
    assert out.startswith(f"VERIFIED: widget.tar.gz (sha256 {DIGEST.hex()}) was built by "
                          f"{HOSTED} from {REPOSITORY}@{REF}")
    assert f"  ok   predicate source repository: the predicate and the certificate say " \
           f"{REPOSITORY}" in out


def test_cli_json_refusal(instance: sigstore.Instance, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    bundle = signed(instance, tmp_path / "b.json", generator_statement(), identity=GENERATOR)
    artifact = tmp_path / "widget.tar.gz"
    artifact.write_bytes(ARTIFACT)
    code, out = run_cli(capsys, str(artifact), "--bundle", str(bundle), "--repository",
                        "octo/widget", "--builder-id", HOSTED, "--trusted-root",
                        str(instance.trusted_root), "--format", "json")
    assert code == 1
    result = json.loads(out)
    assert (result["verified"], result["failure"]) == (False, "provenance-mismatch")
    assert [c["name"] for c in result["checks"] if not c["ok"]] == ["builder id"]


def test_cli_json_verified(instance: sigstore.Instance, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    bundle = signed(instance, tmp_path / "b.json", generator_statement(), identity=GENERATOR)
    artifact = tmp_path / "widget.tar.gz"
    artifact.write_bytes(ARTIFACT)
    code, out = run_cli(capsys, str(artifact), "--bundle", str(bundle), "--repository",
                        REPOSITORY, "--trusted-root", str(instance.trusted_root),
                        "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert (result["verified"], result["source_repository"], result["source_digest"]) == (
        True, REPOSITORY, COMMIT)


@pytest.mark.corpus
def test_cli_refuses_a_file_the_real_provenance_is_not_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    artifact = tmp_path / "a.txt"
    artifact.write_bytes(b"something else")
    code, out = run_cli(capsys, str(artifact), "--bundle", str(beacon()), "--repository",
                        BEACON_REPOSITORY, "--staging")
    assert code == 1
    assert out.startswith("NOT VERIFIED:") and "[subject-mismatch]" in out
    assert "  FAIL subject: the artifact's sha256" in out


@pytest.mark.parametrize("args", [
    ["--repository", "not a repository"],
    ["--repository", "octo/widget", "--staging", "--trusted-root", "root.json"],
])
def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          args: list[str]) -> None:
    artifact = tmp_path / "a.bin"
    artifact.write_bytes(b"a")
    bundle = tmp_path / "b.json"
    bundle.write_text("{}")
    assert main(["verify-provenance", str(artifact), "--bundle", str(bundle), *args]) == 2
