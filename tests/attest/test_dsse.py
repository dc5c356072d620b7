"""DSSE v1: the PAE, sign/verify round trips, and tampering of every kind detected."""

from __future__ import annotations

import base64
import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from margo_ssdf.attest.dsse import (
    IN_TOTO_PAYLOAD_TYPE,
    Envelope,
    EnvelopeSignature,
    pae,
    parse_envelope,
    sign,
    sign_statement,
    verify,
)
from margo_ssdf.attest.errors import SignatureError
from margo_ssdf.attest.intoto import ResourceDescriptor, canonical_bytes, parse_statement, statement
from margo_ssdf.attest.keys import KeySigner, PrivateKey, keyid

# RFC 8032 section 7.1, TEST 1: an Ed25519 key whose signatures anyone can recompute.
RFC8032_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
MINIMAL_STATEMENT = b'{"_type":"https://in-toto.io/Statement/v1"}'


def rfc8032_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(RFC8032_SEED)


def new_key(kind: str) -> PrivateKey:
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def release_statement() -> bytes:
    rd = ResourceDescriptor(name="margo-agent_1.0.0_linux_amd64.tar.gz",
                            digest={"sha256": "ab" * 32})
    return canonical_bytes(statement([rd], "https://example.org/compliance/v1",
                                     {"verdict": "compliant"}))


# PAE -------------------------------------------------------------------------------------------

def test_pae_of_the_protocol_example() -> None:
    # The example in the DSSE protocol document.
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world")


def test_pae_of_an_in_toto_payload() -> None:
    assert pae(IN_TOTO_PAYLOAD_TYPE, MINIMAL_STATEMENT) == (
        b"DSSEv1 28 application/vnd.in-toto+json 43 " + MINIMAL_STATEMENT)


def test_pae_of_an_empty_body_keeps_the_last_space() -> None:
    assert pae(IN_TOTO_PAYLOAD_TYPE, b"") == b"DSSEv1 28 application/vnd.in-toto+json 0 "


def test_pae_lengths_count_utf8_bytes_not_characters() -> None:
    assert pae("application/vnd.exämple+json", b"\xff") == (
        b"DSSEv1 29 application/vnd.ex\xc3\xa4mple+json 1 \xff")


def test_pae_lengths_have_no_leading_zeros_and_bodies_are_not_escaped() -> None:
    body = b"x" * 1000 + b" 12 \n"
    assert pae("t", body) == b"DSSEv1 1 t 1005 " + body


# Known answers with the RFC 8032 key ----------------------------------------------------------

def test_ed25519_signature_matches_a_known_answer() -> None:
    envelope = sign(MINIMAL_STATEMENT, IN_TOTO_PAYLOAD_TYPE, KeySigner(rfc8032_key()))
    assert envelope.payload == "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ=="
    assert envelope.signatures[0].sig == (
        "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==")
    assert rfc8032_key().public_key().public_bytes_raw() == RFC8032_PUBLIC


def test_url_safe_base64_is_accepted() -> None:
    key = rfc8032_key()
    payload = bytes([0xFB, 0xFF, 0xBF, 0x3E, 0x3F])  # encodes with both '-' and '_'
    signed = sign(payload, IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    urlsafe = Envelope.model_validate({
        "payload": base64.urlsafe_b64encode(payload).decode(),
        "payloadType": IN_TOTO_PAYLOAD_TYPE,
        "signatures": [{"sig": base64.urlsafe_b64encode(
            base64.b64decode(signed.signatures[0].sig)).decode().rstrip("=")}],
    })
    assert urlsafe.payload == "-_-_Pj8="
    assert verify(urlsafe, key.public_key()) == payload


# Round trips ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["ecdsa-p256", "ed25519"])
def test_round_trip_returns_the_signed_bytes(kind: str) -> None:
    key = new_key(kind)
    payload = release_statement()
    envelope = parse_envelope(sign(payload, IN_TOTO_PAYLOAD_TYPE, KeySigner(key)).to_json())
    assert verify(envelope, key.public_key()) == payload
    assert envelope.signatures[0].keyid == keyid(key.public_key())
    assert envelope.payload_type == IN_TOTO_PAYLOAD_TYPE


@pytest.mark.parametrize("kind", ["ecdsa-p256", "ed25519"])
def test_payload_is_never_reserialised(kind: str) -> None:
    key = new_key(kind)
    odd = json.dumps(json.loads(release_statement()), indent=3).encode() + b"\n\n"
    envelope = parse_envelope(sign(odd, IN_TOTO_PAYLOAD_TYPE, KeySigner(key)).to_json())
    assert verify(envelope, key.public_key()) == odd


def test_sign_statement_signs_its_canonical_bytes() -> None:
    key = new_key("ed25519")
    stmt = parse_statement(release_statement())
    envelope = sign_statement(stmt, KeySigner(key))
    assert verify(envelope, key.public_key()) == canonical_bytes(stmt)
    assert parse_statement(verify(envelope, key.public_key())) == stmt


def test_envelope_json_shape() -> None:
    envelope = sign(b"abc", IN_TOTO_PAYLOAD_TYPE, KeySigner(rfc8032_key()))
    wire = json.loads(envelope.to_json())
    assert set(wire) == {"payload", "payloadType", "signatures"}
    assert wire["payload"] == "YWJj"
    assert set(wire["signatures"][0]) == {"keyid", "sig"}
    only_sig = [{"sig": wire["signatures"][0]["sig"]}]
    no_keyid = Envelope.model_validate({**wire, "signatures": only_sig})
    assert json.loads(no_keyid.to_json())["signatures"] == only_sig


# Tampering ------------------------------------------------------------------------------------

def _with(envelope: Envelope, *, payload: bytes | None = None, sig: bytes | None = None,
          payload_type: str | None = None) -> Envelope:
    return Envelope.model_validate({
        "payload": base64.b64encode(payload).decode() if payload is not None else envelope.payload,
        "payloadType": payload_type if payload_type is not None else envelope.payload_type,
        "signatures": [{"sig": base64.b64encode(sig).decode() if sig is not None
                        else envelope.signatures[0].sig}],
    })


@pytest.mark.parametrize("kind", ["ecdsa-p256", "ed25519"])
def test_every_single_byte_change_of_the_payload_is_detected(kind: str) -> None:
    key = new_key(kind)
    payload = release_statement()
    envelope = sign(payload, IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    for i in range(len(payload)):
        for flip in (0x01, 0x80):
            changed = bytearray(payload)
            changed[i] ^= flip
            with pytest.raises(SignatureError, match="no signature in the DSSE envelope verifies"):
                verify(_with(envelope, payload=bytes(changed)), key.public_key())


@pytest.mark.parametrize("kind", ["ecdsa-p256", "ed25519"])
def test_every_single_byte_change_of_the_signature_is_detected(kind: str) -> None:
    key = new_key(kind)
    envelope = sign(release_statement(), IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    signature = base64.b64decode(envelope.signatures[0].sig)
    for i in range(len(signature)):
        for flip in (0x01, 0x80):
            changed = bytearray(signature)
            changed[i] ^= flip
            with pytest.raises(SignatureError, match="does not verify"):
                verify(_with(envelope, sig=bytes(changed)), key.public_key())


@pytest.mark.parametrize("kind", ["ecdsa-p256", "ed25519"])
def test_every_single_character_change_of_the_encoded_envelope_is_detected(kind: str) -> None:
    """Also the base64 text: no second spelling of the same bytes is accepted."""
    key = new_key(kind)
    envelope = sign(release_statement(), IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    for field in ("payload", "sig"):
        text = envelope.payload if field == "payload" else envelope.signatures[0].sig
        for i, char in enumerate(text):
            replacement = alphabet[(alphabet.index(char) + 1) % len(alphabet)]
            changed = text[:i] + replacement + text[i + 1:]
            tampered = Envelope.model_validate({
                "payload": changed if field == "payload" else envelope.payload,
                "payloadType": envelope.payload_type,
                "signatures": [{"sig": changed if field == "sig" else envelope.signatures[0].sig}],
            })
            with pytest.raises(SignatureError):
                verify(tampered, key.public_key())


@pytest.mark.parametrize("signer_kind, verifier_kind", [
    ("ed25519", "ed25519"), ("ecdsa-p256", "ecdsa-p256"),
    ("ed25519", "ecdsa-p256"), ("ecdsa-p256", "ed25519"),
])
def test_wrong_key_is_refused(signer_kind: str, verifier_kind: str) -> None:
    envelope = sign(release_statement(), IN_TOTO_PAYLOAD_TYPE, KeySigner(new_key(signer_kind)))
    other = new_key(verifier_kind).public_key()
    with pytest.raises(SignatureError, match=f"verifies with key {keyid(other)}") as info:
        verify(envelope, other)
    assert "another key" in info.value.diagnostics()
    assert info.value.exit_code == 1


def test_wrong_payload_type_is_refused() -> None:
    key = new_key("ed25519")
    envelope = sign(release_statement(), "application/json", KeySigner(key))
    with pytest.raises(SignatureError,
                       match=re.escape("payload type is 'application/json', expected "
                                       "'application/vnd.in-toto+json'")):
        verify(envelope, key.public_key())
    # The same envelope verifies when that is the type asked for.
    assert verify(envelope, key.public_key(), payload_type="application/json")


def test_swapped_payload_type_breaks_the_signature() -> None:
    key = new_key("ecdsa-p256")
    envelope = sign(release_statement(), IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    swapped = _with(envelope, payload_type="application/vnd.example.other+json")
    with pytest.raises(SignatureError, match="does not verify"):
        verify(swapped, key.public_key(), payload_type="application/vnd.example.other+json")


def test_keyid_is_a_hint_that_can_only_refuse() -> None:
    key, other = new_key("ed25519"), new_key("ed25519")
    good = sign(b"x", IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    bad = sign(b"x", IN_TOTO_PAYLOAD_TYPE, KeySigner(other))
    unlabelled = good.model_copy(update={"signatures": [
        EnvelopeSignature(sig=good.signatures[0].sig)]})
    assert verify(unlabelled, key.public_key()) == b"x"
    mislabelled = good.model_copy(update={"signatures": [
        EnvelopeSignature(sig=good.signatures[0].sig, keyid="not-the-real-id")]})
    with pytest.raises(SignatureError, match="names keyid not-the-real-id"):
        verify(mislabelled, key.public_key())
    claimed = bad.model_copy(update={"signatures": [
        EnvelopeSignature(sig=bad.signatures[0].sig, keyid=keyid(key.public_key()))]})
    with pytest.raises(SignatureError, match="does not verify"):
        verify(claimed, key.public_key())


def test_unknown_envelope_members_are_refused() -> None:
    key = new_key("ed25519")
    data = json.loads(sign(b"x", IN_TOTO_PAYLOAD_TYPE, KeySigner(key)).to_json())
    data["signatures"][0]["keyie"] = data["signatures"][0].pop("keyid")
    with pytest.raises(SignatureError, match=r"signatures\.0\.keyie: Extra inputs"):
        parse_envelope(json.dumps(data).encode())


def test_any_signature_by_the_key_is_enough() -> None:
    key, other = new_key("ecdsa-p256"), new_key("ed25519")
    mine = sign(b"x", IN_TOTO_PAYLOAD_TYPE, KeySigner(key))
    theirs = sign(b"x", IN_TOTO_PAYLOAD_TYPE, KeySigner(other))
    both = mine.model_copy(update={"signatures": [*theirs.signatures, *mine.signatures]})
    assert verify(both, key.public_key()) == b"x"
    assert verify(both, other.public_key()) == b"x"


def test_no_signatures_is_refused() -> None:
    envelope = Envelope.model_validate(
        {"payload": "YWJj", "payloadType": IN_TOTO_PAYLOAD_TYPE, "signatures": []})
    with pytest.raises(SignatureError, match="has no signatures"):
        verify(envelope, new_key("ed25519").public_key())


@pytest.mark.parametrize("payload, message", [
    ("YWJj!", "not valid base64"),
    ("YW Jj", "not valid base64"),
    ("YWJk+_==", "mixes the standard and URL-safe"),
    ("YWJk", None),  # canonical: accepted by decoding (then the signature fails)
    ("YWI=", None),
    ("YWJ=", "not canonically base64-encoded"),  # same bytes as "YWI=", stray trailing bits
    ("YWI", None),  # unpadded "YWI=" is the same bytes: allowed
])
def test_base64_must_be_canonical(payload: str, message: str | None) -> None:
    key = new_key("ed25519")
    other = sign(b"zz", IN_TOTO_PAYLOAD_TYPE, KeySigner(key)).signatures[0].sig
    envelope = Envelope.model_validate(
        {"payload": payload, "payloadType": IN_TOTO_PAYLOAD_TYPE, "signatures": [{"sig": other}]})
    with pytest.raises(SignatureError, match=message or "does not verify"):
        verify(envelope, key.public_key())


def test_empty_payload_type_cannot_be_signed() -> None:
    with pytest.raises(SignatureError, match="must not be empty"):
        sign(b"x", "", KeySigner(new_key("ed25519")))


@pytest.mark.parametrize("raw, message", [
    (b"not json", "not valid JSON"),
    (b"\xff", "not valid JSON"),
    (b"[]", "must be a JSON object"),
    (b'{"payload":"YWJj","signatures":[]}', "payloadType: Field required"),
    (b'{"payload":"YWJj","payloadType":"t","signatures":[{"keyid":"k"}]}',
     "signatures.0.sig: Field required"),
    (b'{"payload":"YWJj","payload":"eHl6","payloadType":"t","signatures":[]}',
     "duplicate key 'payload'"),
])
def test_parse_envelope_errors(raw: bytes, message: str) -> None:
    with pytest.raises(SignatureError, match=message):
        parse_envelope(raw)
