"""Managed-key bundles (cosign --key): verified with the given key, the log entry and its body.

Every bundle comes from our own Sigstore instance (tests/sigstore_instance.py); each negative
case asserts the step that refused it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from margo_ssdf.attest.errors import BundleError, BundleFailure, KeyFileError
from margo_ssdf.attest.managed_key import VerifiedKeyBundle, verify_key_bundle
from margo_ssdf.errors import UsageError
from tests.sigstore_instance import (
    IN_TOTO,
    Instance,
    Knobs,
    Log,
    PrivateKey,
    key_bundle,
    keyless_bundle,
    make_instance,
    new_key,
    public_pem,
    statement_about,
    write,
)

ARTIFACT = b"a component taken in\n"
DIGEST = hashlib.sha256(ARTIFACT).digest()
MESSAGE_KINDS = ["hashedrekord/0.0.1", "hashedrekord/0.0.2"]
DSSE_KINDS = ["dsse/0.0.1", "intoto/0.0.2", "hashedrekord/0.0.2"]


@pytest.fixture
def inst(tmp_path: Path) -> Instance:
    return make_instance(tmp_path)


@pytest.fixture
def key() -> ec.EllipticCurvePrivateKey:
    return new_key()


def pem_file(tmp_path: Path, key: PrivateKey, name: str = "cosign.pub") -> Path:
    path = tmp_path / name
    path.write_bytes(public_pem(key.public_key()))
    return path


def check(inst: Instance, tmp_path: Path, bundle: dict[str, Any], key: PrivateKey, *,
          digest: bytes | None = DIGEST, public: Path | None = None) -> VerifiedKeyBundle:
    return verify_key_bundle(write(bundle, tmp_path / "b.sigstore.json"),
                             public or pem_file(tmp_path, key), artifact_sha256=digest,
                             trusted_root=inst.trusted_root)


def failure(inst: Instance, tmp_path: Path, bundle: dict[str, Any], key: PrivateKey,
            **options: Any) -> BundleError:
    with pytest.raises(BundleError) as caught:
        check(inst, tmp_path, bundle, key, **options)
    return caught.value


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_message_signature_of_each_entry_kind_verifies(inst: Instance, tmp_path: Path,
                                                       key: ec.EllipticCurvePrivateKey,
                                                       kind: str) -> None:
    result = check(inst, tmp_path, key_bundle(inst, key, artifact=ARTIFACT, kind=kind,
                                              hint="release-key"), key)
    assert result.artifact_sha256 == DIGEST.hex() and result.payload is None
    assert result.key_hint == "release-key"
    assert result.key_id == hashlib.sha256(
        base64.b64decode(b"".join(public_pem(key.public_key()).splitlines()[1:-1]))).hexdigest()
    # Rekor v2 entries carry no inclusion promise, so no log time is claimed for them.
    assert (result.integrated_time is not None) == (kind == "hashedrekord/0.0.1")


@pytest.mark.parametrize("kind", DSSE_KINDS)
def test_dsse_of_each_entry_kind_verifies(inst: Instance, tmp_path: Path,
                                          key: ec.EllipticCurvePrivateKey, kind: str) -> None:
    statement = json.dumps(statement_about(ARTIFACT)).encode()
    result = check(inst, tmp_path, key_bundle(inst, key, statement=statement, kind=kind),
                   key, digest=None)
    assert result.payload == statement and result.payload_type == IN_TOTO
    assert result.artifact_sha256 is None


@pytest.mark.parametrize("make", [lambda: ec.generate_private_key(ec.SECP384R1()),
                                  ed25519.Ed25519PrivateKey.generate],
                         ids=["p384", "ed25519"])
def test_other_key_kinds_sign_dsse(inst: Instance, tmp_path: Path, make: Any) -> None:
    other = make()
    check(inst, tmp_path, key_bundle(inst, other, statement=statement_about(ARTIFACT)),
          other, digest=None)


def test_p384_message_signature_verifies(inst: Instance, tmp_path: Path) -> None:
    other = ec.generate_private_key(ec.SECP384R1())
    check(inst, tmp_path, key_bundle(inst, other, artifact=ARTIFACT), other)


def test_witness_cosignature_first_verifies(inst: Instance, tmp_path: Path,
                                            key: ec.EllipticCurvePrivateKey) -> None:
    check(inst, tmp_path, key_bundle(inst, key, artifact=ARTIFACT,
                                     knobs=Knobs(witnesses=(Log("witness.example"),))), key)


def test_another_public_key_is_wrong_key(inst: Instance, tmp_path: Path,
                                         key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    error = failure(inst, tmp_path, bundle, key, public=pem_file(tmp_path, new_key(), "o.pub"))
    assert error.failure is BundleFailure.WRONG_KEY
    assert "o.pub" in str(error)


@pytest.mark.parametrize("knobs", [Knobs(sign_key=new_key()), Knobs(tamper_signature=True)],
                         ids=["signed-by-another", "tampered"])
@pytest.mark.parametrize("content", ["artifact", "statement"])
def test_signature_not_by_the_key_is_refused(inst: Instance, tmp_path: Path,
                                             key: ec.EllipticCurvePrivateKey, knobs: Knobs,
                                             content: str) -> None:
    if content == "artifact":
        bundle, digest = key_bundle(inst, key, artifact=ARTIFACT, knobs=knobs), DIGEST
    else:
        bundle, digest = key_bundle(inst, key, statement=statement_about(ARTIFACT),
                                    knobs=knobs), None
    assert failure(inst, tmp_path, bundle, key, digest=digest).failure is \
        BundleFailure.WRONG_KEY


def test_other_artifact_is_refused(inst: Instance, tmp_path: Path,
                                   key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    error = failure(inst, tmp_path, bundle, key, digest=hashlib.sha256(b"other").digest())
    assert error.failure is BundleFailure.ARTIFACT_MISMATCH


def test_recorded_digest_of_another_artifact_is_refused(inst: Instance, tmp_path: Path,
                                                        key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT, knobs=Knobs(recorded_digest=b"\1" * 32))
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.ARTIFACT_MISMATCH


def test_message_bundle_without_an_artifact_is_refused(inst: Instance, tmp_path: Path,
                                                       key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    assert failure(inst, tmp_path, bundle, key, digest=None).failure is \
        BundleFailure.WRONG_CONTENT


@pytest.mark.parametrize(("kind", "dsse"), [(kind, False) for kind in MESSAGE_KINDS]
                         + [(kind, True) for kind in DSSE_KINDS])
def test_entry_of_other_content_is_refused(inst: Instance, tmp_path: Path,
                                           key: ec.EllipticCurvePrivateKey, kind: str,
                                           dsse: bool) -> None:
    # The log holds a valid signature by the same key, over something else.
    knobs = Knobs(entry_content=b"something else")
    if dsse:
        bundle = key_bundle(inst, key, statement=statement_about(ARTIFACT), kind=kind,
                            knobs=knobs)
    else:
        bundle = key_bundle(inst, key, artifact=ARTIFACT, kind=kind, knobs=knobs)
    error = failure(inst, tmp_path, bundle, key, digest=None if dsse else DIGEST)
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_entry_recorded_for_another_key_is_refused(inst: Instance, tmp_path: Path,
                                                   key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    other = key_bundle(inst, new_key(), artifact=ARTIFACT)
    bundle["verificationMaterial"]["tlogEntries"] = other["verificationMaterial"]["tlogEntries"]
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_entry_of_another_kind_is_refused(inst: Instance, tmp_path: Path,
                                          key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    bundle["verificationMaterial"]["tlogEntries"][0]["kindVersion"] = {
        "kind": "dsse", "version": "0.0.1"}
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.LOG_ENTRY_MISMATCH


@pytest.mark.parametrize("knobs", [Knobs(checkpoint_signer=Log("rekor.test.example")),
                                   Knobs(signature_lines=())],
                         ids=["forged-checkpoint", "unsigned-checkpoint"])
def test_bad_checkpoint_is_refused(inst: Instance, tmp_path: Path,
                                   key: ec.EllipticCurvePrivateKey, knobs: Knobs) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT, knobs=knobs)
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.INVALID_LOG_ENTRY


def test_log_signature_naming_another_log_is_refused(inst: Instance, tmp_path: Path,
                                                     key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    entry = bundle["verificationMaterial"]["tlogEntries"][0]
    note = entry["inclusionProof"]["checkpoint"]["envelope"].split("\n\n")[0] + "\n"
    entry["inclusionProof"]["checkpoint"]["envelope"] = note + "\n" + \
        inst.log.signature_line(note, name="other.log")
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_forged_inclusion_promise_is_refused(inst: Instance, tmp_path: Path,
                                             key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    entry = bundle["verificationMaterial"]["tlogEntries"][0]
    entry["integratedTime"] = str(int(entry["integratedTime"]) - 3600)
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.INVALID_LOG_ENTRY


def test_inclusion_promise_without_its_time_is_refused(inst: Instance, tmp_path: Path,
                                                       key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    del bundle["verificationMaterial"]["tlogEntries"][0]["integratedTime"]
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_no_inclusion_promise_claims_no_log_time(inst: Instance, tmp_path: Path,
                                                 key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT, knobs=Knobs(inclusion_promise=False))
    bundle["verificationMaterial"]["tlogEntries"][0]["integratedTime"] = "1700000000"
    assert check(inst, tmp_path, bundle, key).integrated_time is None


def test_other_instance_is_refused(inst: Instance, tmp_path: Path,
                                   key: ec.EllipticCurvePrivateKey) -> None:
    (tmp_path / "other").mkdir()
    other = make_instance(tmp_path / "other")
    bundle = key_bundle(other, key, artifact=ARTIFACT)
    assert failure(inst, tmp_path, bundle, key).failure is BundleFailure.INVALID_LOG_ENTRY


@pytest.mark.parametrize(("entries", "expected"), [
    ([], BundleFailure.NO_LOG_ENTRY), (2, BundleFailure.NO_LOG_ENTRY),
    ("no-proof", BundleFailure.NO_CHECKPOINT)])
def test_log_entries_other_than_one_with_proof_are_refused(
        inst: Instance, tmp_path: Path, key: ec.EllipticCurvePrivateKey, entries: Any,
        expected: BundleFailure) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    material = bundle["verificationMaterial"]
    if entries == 2:
        material["tlogEntries"] *= 2
    elif entries == "no-proof":
        del material["tlogEntries"][0]["inclusionProof"]["checkpoint"]
    else:
        material["tlogEntries"] = entries
    assert failure(inst, tmp_path, bundle, key).failure is expected


def test_certificate_bearing_bundle_is_refused(inst: Instance, tmp_path: Path,
                                               key: ec.EllipticCurvePrivateKey) -> None:
    error = failure(inst, tmp_path, keyless_bundle(inst, artifact=ARTIFACT), key)
    assert error.failure is BundleFailure.WRONG_CONTENT
    assert "--identity" in (error.fix or "")


def test_unreadable_key_names_the_file(inst: Instance, tmp_path: Path,
                                       key: ec.EllipticCurvePrivateKey) -> None:
    bundle = key_bundle(inst, key, artifact=ARTIFACT)
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("not a key")
    with pytest.raises(KeyFileError, match=r"garbage\.pub"):
        check(inst, tmp_path, bundle, key, public=garbage)
    with pytest.raises(UsageError, match=r"missing\.pub"):
        check(inst, tmp_path, bundle, key, public=tmp_path / "missing.pub")
