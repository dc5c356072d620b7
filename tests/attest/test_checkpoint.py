"""The checks on a log entry's checkpoint that we add to sigstore-python's (bundle_checks).

A checkpoint is a C2SP signed note (tlog-checkpoint): origin, tree size and root hash, a blank
line, then signature lines '— NAME base64(keyhint || signature)' in no fixed order: witness
cosignatures may come before the log's own. sigstore-python finds the log's signature by key
hint only and reads the rest leniently; each case here is one thing it lets through or one
valid spelling it must keep accepting. Bundles come from our own instance (sigstore_instance).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.sigstore_verify import verify_bundle
from margo_ssdf.attest.trust import SignerPolicy
from tests.sigstore_instance import (
    IDENTITY,
    ISSUER,
    LOG_NAME,
    Instance,
    Knobs,
    Log,
    keyless_bundle,
    make_instance,
    note_of,
    write,
)

ARTIFACT = b"checkpoint test artifact\n"
WITNESS = Log("witness.example/w1")


@pytest.fixture
def inst(tmp_path: Path) -> Instance:
    return make_instance(tmp_path)


def verify(inst: Instance, tmp_path: Path, bundle: dict[str, Any]) -> None:
    artifact = tmp_path / "artifact.bin"
    artifact.write_bytes(ARTIFACT)
    verify_bundle(write(bundle, tmp_path / "b.sigstore.json"), artifact,
                  SignerPolicy.from_options(identity=IDENTITY, issuer=ISSUER,
                                            trusted_root=inst.trusted_root))


def refused(inst: Instance, tmp_path: Path, bundle: dict[str, Any]) -> BundleError:
    with pytest.raises(BundleError) as caught:
        verify(inst, tmp_path, bundle)
    return caught.value


def with_lines(inst: Instance, *lines: str) -> dict[str, Any]:
    """A bundle whose checkpoint carries these signature lines (made over its own note)."""
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    return set_envelope(bundle, note + "\n" + "".join(
        line(note) if callable(line) else line for line in lines))


def set_envelope(bundle: dict[str, Any], envelope: str) -> dict[str, Any]:
    bundle["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["checkpoint"][
        "envelope"] = envelope
    return bundle


def log_line(inst: Instance, note: str, name: str = LOG_NAME) -> str:
    return inst.log.signature_line(note, name=name)


def test_witness_cosignature_before_the_log_signature_verifies(inst: Instance,
                                                                tmp_path: Path) -> None:
    verify(inst, tmp_path, keyless_bundle(inst, artifact=ARTIFACT, knobs=Knobs(
        witnesses=(WITNESS, Log("witness.example/w2")))))


def test_witness_cosignature_after_the_log_signature_verifies(inst: Instance,
                                                               tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    verify(inst, tmp_path, set_envelope(
        bundle, note + "\n" + log_line(inst, note) + WITNESS.signature_line(note)))


def test_rekor_v2_origin_without_tree_id_verifies(inst: Instance, tmp_path: Path) -> None:
    verify(inst, tmp_path, keyless_bundle(inst, artifact=ARTIFACT,
                                          knobs=Knobs(origin=LOG_NAME, tree_size=6)))


def test_no_log_signature_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(bundle, note + "\n" +
                                                 WITNESS.signature_line(note)))
    assert error.failure is BundleFailure.INVALID_LOG_ENTRY  # sigstore finds no log signature


def test_log_signature_naming_another_log_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    # The log's valid signature, under a witness's name; nothing names the origin's log.
    error = refused(inst, tmp_path, set_envelope(
        bundle, note + "\n" + log_line(inst, note, name="witness.example/w1")))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH
    assert "names 'witness.example/w1'" in str(error)


def test_log_signature_under_another_name_beside_a_good_one_is_refused(
        inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(
        bundle, note + "\n" + log_line(inst, note, name="other.log") + log_line(inst, note)))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_signature_in_the_logs_name_by_an_unknown_key_is_refused(inst: Instance,
                                                                  tmp_path: Path) -> None:
    impostor = Log(LOG_NAME)
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(
        bundle, note + "\n" + impostor.signature_line(note) + log_line(inst, note)))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH
    assert "by no log of the trust root" in str(error)


@pytest.mark.parametrize("bad", [
    "\u2014 witness.example\n",                      # no signature
    "- witness.example AAAAAAAA\n",                  # hyphen, not em dash
    "\u2014  witness.example AAAAAAAA\n",            # two spaces
    "\u2014 witness+x AAAAAAAA\n",                   # '+' is not allowed in key names
    "\u2014 witness.example AAAAAAAA extra\n",       # trailing field
    "\u2014 witness.example AAAA!AAAA\n",            # not base64 (sigstore drops the !)
    "some text between signatures\n",               # sigstore-python skips this
], ids=["no-sig", "hyphen", "two-spaces", "plus", "extra-field", "not-base64", "free-text"])
def test_malformed_signature_line_is_refused(inst: Instance, tmp_path: Path, bad: str) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(bundle, note + "\n" + bad +
                                                 log_line(inst, note)))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH
    assert "signature line" in str(error)


def test_signature_of_only_a_key_hint_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(
        bundle, note + "\n\u2014 witness.example AAAAAA==\n" + log_line(inst, note)))
    assert error.failure is BundleFailure.INVALID_LOG_ENTRY  # sigstore-python refuses it


def test_edited_base64_of_the_log_signature_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    line = log_line(inst, note)
    while not line.rstrip("\n").endswith("="):  # only padded base64 has spare bits to edit
        line = log_line(inst, note)
    head, text = line.rstrip("\n").rsplit(" ", 1)
    edited = respelled(text)
    error = refused(inst, tmp_path, set_envelope(bundle, note + "\n" + f"{head} {edited}\n"))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH


def respelled(text: str) -> str:
    """The same bytes in non-canonical base64: a spare bit of the last character set."""
    body = text.rstrip("=")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    edited = body[:-1] + alphabet[alphabet.index(body[-1]) ^ 1] + text[len(body):]
    assert edited != text and base64.b64decode(edited) == base64.b64decode(text)
    return edited


def resigned(inst: Instance, bundle: dict[str, Any], note: str) -> dict[str, Any]:
    return set_envelope(bundle, note + "\n" + log_line(inst, note))


def test_checkpoint_size_other_than_the_proofs_is_refused(inst: Instance,
                                                          tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT, knobs=Knobs(tree_size=3))
    origin, _, root = note_of(bundle).split("\n")[:3]
    error = refused(inst, tmp_path, resigned(inst, bundle, f"{origin}\n4\n{root}\n"))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH
    assert "tree size" in str(error)


def test_root_hash_spelled_otherwise_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    origin, size, root = note_of(bundle).split("\n")[:3]
    error = refused(inst, tmp_path, resigned(inst, bundle,
                                               f"{origin}\n{size}\n{respelled(root)}\n"))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_extension_lines_in_the_checkpoint_body_verify(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    verify(inst, tmp_path, resigned(inst, bundle, note_of(bundle) + "Timestamp: 1682468469\n"))


def test_control_character_in_the_note_is_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    error = refused(inst, tmp_path, resigned(inst, bundle, note_of(bundle) + "x\ty\n"))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH


def test_too_many_signature_lines_are_refused(inst: Instance, tmp_path: Path) -> None:
    bundle = keyless_bundle(inst, artifact=ARTIFACT)
    note = note_of(bundle)
    error = refused(inst, tmp_path, set_envelope(
        bundle, note + "\n" + WITNESS.signature_line(note) * 100 + log_line(inst, note)))
    assert error.failure is BundleFailure.LOG_ENTRY_MISMATCH
