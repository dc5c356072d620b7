"""Our hand-built Sigstore instance (tests/sigstore_instance.py) against sigstore-python.

Its keyless bundles must verify with `verify_bundle` / `verify_dsse` as they stand, and each
knob must break the step it names, so tests built on it refuse for the reason they claim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.sigstore_verify import verify_bundle, verify_dsse
from margo_ssdf.attest.trust import SignerPolicy
from tests.sigstore_instance import (
    IDENTITY,
    ISSUER,
    Instance,
    Knobs,
    Log,
    keyless_bundle,
    make_instance,
    new_key,
    statement_about,
    write,
)

ARTIFACT = b"release artifact\n"


@pytest.fixture
def inst(tmp_path: Path) -> Instance:
    return make_instance(tmp_path)


def policy(inst: Instance, **pins: str) -> SignerPolicy:
    return SignerPolicy.from_options(identity=pins.pop("identity", IDENTITY), issuer=ISSUER,
                                     trusted_root=inst.trusted_root, **pins)


def check_artifact(inst: Instance, tmp_path: Path, bundle: dict[str, Any],
                   **pins: str) -> None:
    artifact = tmp_path / "artifact.bin"
    artifact.write_bytes(ARTIFACT)
    verify_bundle(write(bundle, tmp_path / "b.sigstore.json"), artifact, policy(inst, **pins))


def test_keyless_message_signature_verifies(inst: Instance, tmp_path: Path) -> None:
    artifact = tmp_path / "artifact.bin"
    artifact.write_bytes(ARTIFACT)
    bundle = keyless_bundle(inst, artifact=ARTIFACT, extensions={
        "repository": "https://github.com/o/r", "ref": "refs/tags/v1", "trigger": "release",
        "workflow": "https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1"})
    result = verify_bundle(write(bundle, tmp_path / "b.json"), artifact, policy(
        inst, source_repository="o/r", source_ref="refs/tags/v1", build_trigger="release"))
    assert result.identity == IDENTITY and result.integrated_time is not None
    assert result.source.repository == "https://github.com/o/r"
    assert result.source.trigger == "release"


def test_keyless_uri_identity_and_bigger_tree_verify(inst: Instance, tmp_path: Path) -> None:
    workflow = "https://github.com/o/r/.github/workflows/ci.yml@refs/heads/main"
    bundle = keyless_bundle(inst, artifact=ARTIFACT, identity=workflow,
                            knobs=Knobs(tree_size=7))
    check_artifact(inst, tmp_path, bundle, identity=workflow)


def test_keyless_dsse_verifies(inst: Instance, tmp_path: Path) -> None:
    statement = statement_about(ARTIFACT)
    bundle = write(keyless_bundle(inst, statement=statement), tmp_path / "d.json")
    result = verify_dsse(bundle, policy(inst))
    assert b'"subject"' in result.payload


@pytest.mark.parametrize(("knobs", "failure"), [
    (Knobs(sign_key=new_key()), BundleFailure.ARTIFACT_MISMATCH),
    (Knobs(tamper_signature=True), BundleFailure.ARTIFACT_MISMATCH),
    (Knobs(recorded_digest=b"\x01" * 32), BundleFailure.ARTIFACT_MISMATCH),
    (Knobs(entry_content=b"another artifact"), BundleFailure.LOG_ENTRY_MISMATCH),
    (Knobs(checkpoint_signer=Log("rekor.test.example")), BundleFailure.INVALID_LOG_ENTRY),
    (Knobs(inclusion_promise=False), BundleFailure.NO_SIGNED_TIME),
], ids=["wrong-key", "tampered", "digest", "other-entry", "forged-checkpoint", "no-set"])
def test_each_knob_breaks_its_step(inst: Instance, tmp_path: Path, knobs: Knobs,
                                   failure: BundleFailure) -> None:
    with pytest.raises(BundleError) as caught:
        check_artifact(inst, tmp_path, keyless_bundle(inst, artifact=ARTIFACT, knobs=knobs))
    assert caught.value.failure is failure


def test_forged_set_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    other = keyless_bundle(inst, artifact=ARTIFACT)
    entry = bundle["verificationMaterial"]["tlogEntries"][0]
    entry["inclusionPromise"] = other["verificationMaterial"]["tlogEntries"][0][
        "inclusionPromise"]
    with pytest.raises(BundleError) as caught:
        check_artifact(inst, tmp_path, bundle)
    assert caught.value.failure is BundleFailure.INVALID_LOG_ENTRY


def test_dsse_entry_of_another_payload_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, statement=statement_about(ARTIFACT),
                            knobs=Knobs(entry_content=b"{}"))
    with pytest.raises(BundleError) as caught:
        verify_dsse(write(bundle, tmp_path / "d.json"), policy(inst))
    assert caught.value.failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_pins_and_other_instance_refuse(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT,
                            extensions={"repository": "https://github.com/o/r"})
    with pytest.raises(BundleError) as caught:
        check_artifact(inst, tmp_path, bundle, identity="else@example.org")
    assert caught.value.failure is BundleFailure.IDENTITY_MISMATCH
    with pytest.raises(BundleError) as caught:
        check_artifact(inst, tmp_path, bundle, source_repository="o/other")
    assert caught.value.failure is BundleFailure.PIN_MISMATCH
    (tmp_path / "other").mkdir()
    other = make_instance(tmp_path / "other")
    with pytest.raises(BundleError) as caught:
        check_artifact(other, tmp_path, bundle)
    assert caught.value.failure is BundleFailure.UNTRUSTED_CERTIFICATE
