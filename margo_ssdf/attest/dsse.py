"""DSSE v1 envelopes: sign bytes with a payload type, verify them back to the same bytes.

Spec: https://github.com/secure-systems-lab/dsse (protocol.md, envelope.md). What is signed is
the pre-authentication encoding

    PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body

with LEN the byte length in ASCII decimal, so the type cannot be swapped and the body is never
re-serialised: `verify` returns the payload bytes exactly as they were signed.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Final, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.errors import SignatureError
from margo_ssdf.attest.intoto import Statement, canonical_bytes
from margo_ssdf.attest.keys import PublicKey, keyid, verify_bytes

IN_TOTO_PAYLOAD_TYPE: Final = "application/vnd.in-toto+json"
"""The payload type of an envelope carrying an in-toto statement."""


class Signer(Protocol):
    """Anything that can sign the PAE bytes: a local key now, other signers later."""

    @property
    def keyid(self) -> str:
        """A hint naming the key: it cannot make a signature valid, but a wrong one is refused."""
        ...

    def sign(self, message: bytes) -> bytes:
        """Sign `message` and return the raw signature bytes."""
        ...


class EnvelopeSignature(BaseModel):
    """One signature in an envelope."""

    # Nothing unsigned may ride along: an unknown member is refused, not ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")

    sig: str
    """Base64 of the signature over PAE(payloadType, payload)."""
    keyid: str | None = None
    """Hint naming the signing key: unauthenticated, so it only ever causes a refusal."""


class Envelope(BaseModel):
    """The DSSE JSON envelope."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True
    )

    payload: str
    """Base64 of the signed bytes."""
    payload_type: str = Field(alias="payloadType")
    """How to interpret the payload; authenticated by the signature."""
    signatures: list[EnvelopeSignature]
    """One or more signatures over the same PAE."""

    def payload_bytes(self) -> bytes:
        """The payload, decoded. Not yet verified: use `verify` to get trusted bytes."""
        return _b64decode(self.payload, "payload")

    def to_json(self) -> bytes:
        """The envelope as compact JSON (keyid omitted where there is none)."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")


def pae(payload_type: str, payload: bytes) -> bytes:
    """The DSSE v1 pre-authentication encoding of a payload type and payload."""
    type_bytes = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(payload), payload)


def sign(payload: bytes, payload_type: str, signer: Signer) -> Envelope:
    """Sign `payload` as `payload_type` and wrap both in an envelope."""
    if not payload_type:
        raise SignatureError("a DSSE payload type must not be empty")
    signature = signer.sign(pae(payload_type, payload))
    return Envelope(
        payload=base64.b64encode(payload).decode("ascii"),
        payloadType=payload_type,
        signatures=[EnvelopeSignature(
            sig=base64.b64encode(signature).decode("ascii"), keyid=signer.keyid
        )],
    )


def sign_statement(stmt: Statement, signer: Signer) -> Envelope:
    """Sign an in-toto statement's canonical bytes with the in-toto payload type."""
    return sign(canonical_bytes(stmt), IN_TOTO_PAYLOAD_TYPE, signer)


def parse_envelope(raw: bytes) -> Envelope:
    """Read a DSSE JSON envelope; malformed input raises SignatureError saying what is wrong."""
    try:
        data = strict_loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise SignatureError(f"the DSSE envelope is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SignatureError("the DSSE envelope must be a JSON object")
    try:
        return Envelope.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False)
        )
        raise SignatureError(f"the DSSE envelope is malformed: {problems}") from exc


def verify(
    envelope: Envelope, public_key: PublicKey, *, payload_type: str = IN_TOTO_PAYLOAD_TYPE
) -> bytes:
    """Check that `public_key` signed the envelope and that it carries `payload_type`.

    Returns the payload bytes exactly as signed. Follows the DSSE protocol: the signature is
    checked over PAE(payloadType, payload) first, then the payload type must be the one
    expected. Any signature in the envelope made by the key is enough; keyids are hints, but
    one that names another key than the one that verified is refused (it was edited).
    """
    payload = _b64decode(envelope.payload, "payload")
    if not envelope.signatures:
        raise SignatureError("the DSSE envelope has no signatures")
    message = pae(envelope.payload_type, payload)
    expected_id = keyid(public_key)
    problems: list[str] = []
    for index, entry in enumerate(envelope.signatures):
        try:
            signature = _b64decode(entry.sig, f"signature {index}")
        except SignatureError as exc:
            problems.append(exc.message)
            continue
        if verify_bytes(public_key, signature, message):
            if entry.keyid and entry.keyid != expected_id:
                # A hint is not authenticated, but a wrong one means the envelope was edited.
                raise SignatureError(
                    f"signature {index} verifies with key {expected_id} but names keyid "
                    f"{entry.keyid}: the envelope was changed after signing")
            break
        hint = f" (keyid {entry.keyid})" if entry.keyid else ""
        problems.append(f"signature {index}{hint} does not verify")
    else:
        raise SignatureError(
            f"no signature in the DSSE envelope verifies with key {expected_id}: "
            + "; ".join(problems),
            fix="The envelope or its payload was changed after signing, or it was signed with "
            "another key: check that you were given the right public key.",
        )
    if envelope.payload_type != payload_type:
        raise SignatureError(
            f"the DSSE payload type is {envelope.payload_type!r}, expected {payload_type!r}",
            fix="The envelope carries something other than what was asked for; it is refused.",
        )
    return payload


def _b64decode(text: str, what: str) -> bytes:
    """Decode standard or URL-safe base64 (DSSE allows both); only the canonical encoding.

    Padding may be left out. Non-canonical spellings (stray trailing bits, mixed alphabets) are
    refused so that one byte sequence has exactly one accepted encoding.
    """
    urlsafe = "-" in text or "_" in text
    if urlsafe and ("+" in text or "/" in text):
        raise SignatureError(f"the DSSE {what} mixes the standard and URL-safe base64 alphabets")
    standard = text.replace("-", "+").replace("_", "/") if urlsafe else text
    if len(standard) % 4:
        standard += "=" * (-len(standard) % 4)
    try:
        data = base64.b64decode(standard, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(f"the DSSE {what} is not valid base64: {exc}") from exc
    if base64.b64encode(data).decode("ascii") != standard:
        raise SignatureError(f"the DSSE {what} is not canonically base64-encoded")
    return data

