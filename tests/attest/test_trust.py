"""Who must have signed (attest/trust.py): the policy built from the options, and its pins.

The pins are judged against real Fulcio certificates from ../shared/corpora/sigstore (see its
README: the rfc8785 wheel was signed by a GitHub release workflow whose certificate carries the
source repository, ref and build trigger extensions); those tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.x509 import Certificate
from sigstore.errors import VerificationError
from sigstore.models import Bundle

from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.sigstore_verify import verify_bundle
from margo_ssdf.attest.trust import (
    KeylessSigner,
    PinCheck,
    PublicKeySigner,
    SignerPolicy,
    SourceFacts,
    Unpinned,
    WorkflowPin,
    repository_uri,
    workflow_forms,
)
from margo_ssdf.errors import UsageError
from tests.conftest import CORPORA

CORPUS = CORPORA / "sigstore"
WORKFLOW = "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2"
ACTIONS = "https://token.actions.githubusercontent.com"
REPOSITORY = "https://github.com/trailofbits/rfc8785.py"
BEACON = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpora/sigstore is not present")
    return path


def certificate(bundle: str) -> Certificate:
    return Bundle.from_json(corpus_file(bundle).read_bytes()).signing_certificate


def github(**pins: str) -> KeylessSigner:
    signer = SignerPolicy.from_options(identity=WORKFLOW, issuer=ACTIONS, **pins)
    assert isinstance(signer, KeylessSigner)
    return signer


# ---- from_options -------------------------------------------------------------------------------

def test_a_key_gives_a_public_key_signer_and_wins_over_sigstore_options() -> None:
    assert SignerPolicy.from_options(key=Path("k.pub")) == PublicKeySigner(Path("k.pub"))
    assert SignerPolicy.from_options(key=Path("k.pub"), identity="a@example.org",
                                     issuer=ACTIONS, staging=True,
                                     trusted_root=Path("root.json")) == PublicKeySigner(
        Path("k.pub"))


def test_certificate_pins_with_a_key_are_refused() -> None:
    with pytest.raises(UsageError, match="source ref, build trigger: these pin a Sigstore"):
        SignerPolicy.from_options(key=Path("k.pub"), source_ref="refs/tags/v1",
                                  build_trigger="push")


def test_identity_and_issuer_give_a_keyless_signer_with_its_pins() -> None:
    signer = SignerPolicy.from_options(identity=WORKFLOW, issuer=ACTIONS, staging=True,
                                       source_repository=REPOSITORY, build_trigger="release")
    assert signer == KeylessSigner(WORKFLOW, ACTIONS, source_repository=REPOSITORY,
                                   build_trigger="release", staging=True)
    assert signer.keyless() is signer


@pytest.mark.parametrize("identity, issuer, missing", [
    (None, ACTIONS, "identity"),
    ("a@example.org", None, "OIDC issuer"),
    (None, None, "identity and OIDC issuer"),
    ("", "", "identity and OIDC issuer"),
])
def test_without_identity_and_issuer_nobody_is_pinned(identity: str | None, issuer: str | None,
                                                      missing: str) -> None:
    signer = SignerPolicy.from_options(identity=identity, issuer=issuer, staging=True,
                                       trusted_root=Path("root.json"))
    assert isinstance(signer, Unpinned)
    with pytest.raises(UsageError, match=f"without the signer's {missing}: .* proves nothing"):
        signer.keyless()
    with pytest.raises(UsageError, match=f"without the signer's {missing}"):
        KeylessSigner(identity or "", issuer or "")


def test_a_public_key_is_no_sigstore_signer() -> None:
    with pytest.raises(UsageError, match="without the signer's identity and OIDC issuer"):
        PublicKeySigner(Path("k.pub")).keyless()


def test_trusted_root_file_and_staging_flag_conflict() -> None:
    with pytest.raises(UsageError, match="not both"):
        SignerPolicy.from_options(identity=WORKFLOW, issuer=ACTIONS, staging=True,
                                  trusted_root=Path("root.json"))


def test_auditing_with_nobody_pinned_names_what_the_file_needs(tmp_path: Path) -> None:
    (tmp_path / "a.dsse.json").write_text('{"payloadType": "x", "payload": "", '
                                          '"signatures": []}')
    with pytest.raises(UsageError, match="key-signed: pass --key"):
        audit(tmp_path / "a.dsse.json", Unpinned())
    (tmp_path / "b.sigstore.json").write_text('{"dsseEnvelope": {}}')
    with pytest.raises(UsageError, match="Sigstore bundle: pass --identity and --issuer"):
        audit(tmp_path / "b.sigstore.json", Unpinned(identity="a@example.org"))


# ---- the pins, judged against real certificates -------------------------------------------------

@pytest.mark.corpus
def test_each_pin_is_judged_on_its_own_with_the_certificates_value() -> None:
    cert = certificate("bundle_v3_github.whl.sigstore")
    checks = github(source_repository=REPOSITORY, source_ref="refs/tags/v9.9.9").judge(cert)
    assert checks == (
        PinCheck("signer identity", True, f"the certificate says {WORKFLOW}"),
        PinCheck("signer issuer", True, f"the certificate says {ACTIONS}"),
        PinCheck("source repository", True, f"the certificate says {REPOSITORY}"),
        PinCheck("source ref", False,
                 "the certificate says refs/tags/v0.1.2, not the pinned refs/tags/v9.9.9"),
    )


@pytest.mark.corpus
def test_matching_pins_pass_sigstores_policy_and_a_wrong_one_fails_it() -> None:
    cert = certificate("bundle_v3_github.whl.sigstore")
    good = github(source_repository=REPOSITORY, source_ref="refs/tags/v0.1.2",
                  build_trigger="release")
    good.policy().verify(cert)
    assert all(check.ok for check in good.judge(cert))
    with pytest.raises(VerificationError, match="OIDCBuildTrigger does not match"):
        github(build_trigger="push").policy().verify(cert)


@pytest.mark.corpus
def test_a_pin_the_certificate_has_no_extension_for_fails() -> None:
    cert = certificate("bundle.txt.sigstore")  # an email identity: no workflow extensions
    signer = KeylessSigner("a@tny.town", "https://github.com/login/oauth",
                           source_repository=REPOSITORY)
    assert signer.judge(cert)[-1] == PinCheck(
        "source repository", False,
        f"the certificate says nothing (no such extension), not the pinned {REPOSITORY}")


@pytest.mark.corpus
def test_another_identity_is_judged_with_the_certificates_identities() -> None:
    cert = certificate("bundle_v3_github.whl.sigstore")
    identity, issuer = KeylessSigner("mallory@example.org", ACTIONS).judge(cert)
    assert identity == PinCheck("signer identity", False, f"the certificate says {WORKFLOW}, "
                                "not the pinned mallory@example.org")
    assert issuer.ok


# ---- the pins through verification and audit ----------------------------------------------------

@pytest.mark.corpus
def test_verify_bundle_reports_every_pin_and_refuses_a_wrong_one() -> None:
    bundle, wheel = (corpus_file("bundle_v3_github.whl.sigstore"),
                     corpus_file("bundle_v3_github.whl"))
    verified = verify_bundle(bundle, wheel, github(source_repository=REPOSITORY,
                                                   build_trigger="release"))
    assert [(p.name, p.ok) for p in verified.pins] == [
        ("signer identity", True), ("signer issuer", True), ("source repository", True),
        ("build trigger", True)]
    with pytest.raises(BundleError, match=r"OIDCSourceRepositoryRef does not match") as info:
        verify_bundle(bundle, wheel, github(source_ref="refs/heads/main"))
    assert info.value.failure is BundleFailure.PIN_MISMATCH
    assert [(p.name, p.ok) for p in info.value.pins][-1] == ("source ref", False)


@pytest.mark.corpus
def test_audit_gives_each_pin_its_own_step() -> None:
    bundle = corpus_file("a.dsse.staging-rekor-v2.txt.sigstore.json")
    signer = SignerPolicy.from_options(
        identity=BEACON, issuer=ACTIONS, staging=True,
        source_repository="https://github.com/sigstore-conformance/"
                          "extremely-dangerous-public-oidc-beacon",
        build_trigger="push")
    result = audit(bundle, signer)
    steps = {s.name: s for s in result.steps}
    assert [s.name for s in result.steps][:5] == [
        "signature", "signer identity", "signer issuer", "source repository", "build trigger"]
    assert not steps["signature"].ok and "[pin-mismatch]" in steps["signature"].detail
    assert steps["source repository"].ok
    assert not steps["build trigger"].ok
    assert steps["build trigger"].detail == ("the certificate says workflow_dispatch, "
                                             "not the pinned push")


@pytest.mark.corpus
def test_audit_of_a_keyless_signature_keeps_its_signature_step() -> None:
    bundle = corpus_file("a.dsse.staging-rekor-v2.txt.sigstore.json")
    result = audit(bundle, SignerPolicy.from_options(identity=BEACON, issuer=ACTIONS,
                                                     staging=True))
    assert [(s.name, s.ok) for s in result.steps][:4] == [
        ("signature", True), ("signer identity", True), ("signer issuer", True),
        ("statement type", False)]  # the corpus statement is SLSA provenance, not ours
    assert result.signer == f"{BEACON} (issuer {ACTIONS})"


# ---- repository spelling, the workflow pin and the certificate's source facts -------------------

@pytest.mark.parametrize("given, pinned", [
    ("trailofbits/rfc8785.py", REPOSITORY),
    (REPOSITORY, REPOSITORY),
    (REPOSITORY + "/", REPOSITORY),
    ("https://gitlab.com/group/project", "https://gitlab.com/group/project"),
])
def test_a_repository_is_owner_name_or_a_url(given: str, pinned: str) -> None:
    assert repository_uri(given) == pinned
    signer = github(source_repository=given)
    assert signer.source_repository == pinned


@pytest.mark.parametrize("bad", ["rfc8785.py", "a/b/c", "git@github.com:a/b.git", "https://"])
def test_anything_else_is_no_repository(bad: str) -> None:
    with pytest.raises(UsageError, match="neither OWNER/NAME nor a URL"):
        SignerPolicy.from_options(identity=WORKFLOW, issuer=ACTIONS, source_repository=bad)


def test_a_workflow_pin_with_a_key_is_refused() -> None:
    with pytest.raises(UsageError, match="workflow: these pin a Sigstore"):
        SignerPolicy.from_options(key=Path("k.pub"), workflow=".github/workflows/x.yml")


def test_the_spellings_of_a_workflow() -> None:
    assert workflow_forms(WORKFLOW) == {
        WORKFLOW, WORKFLOW.split("@")[0], ".github/workflows/release.yml"}
    gitlab = "https://gitlab.com/group/project//.gitlab-ci.yml@refs/heads/main"
    assert workflow_forms(gitlab) == {gitlab, gitlab.split("@")[0]}


@pytest.mark.corpus
def test_the_workflow_pin_is_judged_like_the_others() -> None:
    cert = certificate("bundle_v3_github.whl.sigstore")
    good = github(workflow=".github/workflows/release.yml")
    good.policy().verify(cert)
    assert good.judge(cert)[-1] == PinCheck("workflow", True, f"the certificate says {WORKFLOW}")
    bad = github(workflow=".github/workflows/other.yml")
    assert bad.judge(cert)[-1] == PinCheck(
        "workflow", False,
        f"the certificate says {WORKFLOW}, not the pinned .github/workflows/other.yml")
    with pytest.raises(VerificationError, match="build signer workflow does not match"):
        bad.policy().verify(cert)
    email = certificate("bundle.txt.sigstore")
    with pytest.raises(VerificationError, match="does not contain the build signer URI"):
        WorkflowPin(WORKFLOW).verify(email)


@pytest.mark.corpus
def test_source_facts_are_the_extensions_tsv_values() -> None:
    import csv

    [row] = [r for r in csv.DictReader(corpus_file("EXTENSIONS.tsv").open(), delimiter="\t")
             if r["bundle"] == "bundle_v3_github.whl.sigstore"]
    facts = SourceFacts.of(certificate("bundle_v3_github.whl.sigstore"))
    assert (facts.repository, facts.ref, facts.trigger) == (
        row["source_repository"], row["source_ref"], row["build_trigger"])
    assert facts.workflow == facts.caller == row["identity"]
    assert facts.describe() == (f"source repository {REPOSITORY}, ref refs/tags/v0.1.2, "
                                f"trigger release, workflow {WORKFLOW}")
    assert facts.as_json()["build_config"] == WORKFLOW


@pytest.mark.corpus
def test_an_email_certificate_names_no_source() -> None:
    facts = SourceFacts.of(certificate("bundle.txt.sigstore"))
    assert facts == SourceFacts(None, None, None, None, None)
    assert facts.describe() == ("the certificate names no source repository, ref, trigger "
                                "or workflow")


@pytest.mark.corpus
def test_a_verified_bundle_carries_its_source_facts() -> None:
    verified = verify_bundle(corpus_file("bundle_v3_github.whl.sigstore"),
                             corpus_file("bundle_v3_github.whl"), github())
    assert verified.source.repository == REPOSITORY
