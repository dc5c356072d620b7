"""Verify any Sigstore bundle over an artifact: a message signature, or a DSSE envelope.

A message-signature bundle signs the artifact's digest itself. A DSSE bundle signs an in-toto
statement (SLSA provenance, a GitHub artifact attestation...): the envelope is verified, the
statement read (v0.1 or v1; any other `_type` is refused) and the artifact's SHA-256 must be
one of its subjects, or the signature says nothing about this artifact.

`verify_any` dispatches on what the bundle holds and returns one `BundleVerification`, the type
`verify-bundle` prints as text or JSON; a failure is a BundleError (fail closed), which
`refusal_json` turns into the same JSON shape for scripts. A key-signed (managed-key) result
fits the same type: the signer is then a key id, with no issuer, certificate or pins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, assert_never

from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE
from margo_ssdf.attest.errors import AttestationError, BundleError, BundleFailure
from margo_ssdf.attest.managed_key import VerifiedKeyBundle, verify_key_bundle
from margo_ssdf.attest.sigstore_verify import (
    VerifiedSigner,
    read_bundle,
    verify_digest,
    verify_dsse,
)
from margo_ssdf.attest.statement import ForeignStatement, read_statement
from margo_ssdf.attest.trust import PinCheck, SignerPolicy, SourceFacts
from margo_ssdf.errors import MargoError, UsageError

_SHA256: Final = re.compile(r"sha256:([0-9a-fA-F]{64})")


class BundleKind(StrEnum):
    """What a bundle signs."""

    MESSAGE_SIGNATURE = "message-signature"
    """The artifact's digest, signed directly."""
    DSSE = "dsse"
    """A DSSE envelope holding an in-toto statement whose subjects name artifacts."""

    @staticmethod
    def of(data: dict[str, Any], bundle: Path) -> BundleKind:
        """The kind of a bundle's JSON; MALFORMED when it holds neither content."""
        if "messageSignature" in data:
            return BundleKind.MESSAGE_SIGNATURE
        if "dsseEnvelope" in data:
            return BundleKind.DSSE
        raise BundleError(BundleFailure.MALFORMED, "the bundle holds neither a message "
                          "signature nor a DSSE envelope", bundle=bundle)


@dataclass(frozen=True)
class BundleVerification:
    """A bundle that verified: who signed, when, over what."""

    kind: BundleKind
    """What the bundle signs."""
    artifact_sha256: str
    """Lowercase hex SHA-256 of the artifact the signature (or a statement subject) covers."""
    identity: str | None
    """The pinned certificate identity (keyless); None for a key-signed bundle."""
    issuer: str | None
    """The pinned OIDC issuer (keyless); None for a key-signed bundle."""
    key_id: str | None
    """The public key's id (key-signed); None for a keyless bundle."""
    trust_root: str
    """'production', 'staging' or the path of the trusted_root.json used."""
    media_type: str
    """The bundle's media type (its format version)."""
    log_index: int
    """Index of the bundle's entry in the transparency log."""
    integrated_time: datetime | None
    """When the log recorded the entry, if the bundle carries a verified inclusion promise."""
    timestamp_times: tuple[datetime, ...]
    """Times in the bundle's RFC 3161 timestamps."""
    pins: tuple[PinCheck, ...]
    """Every pin of a keyless signer, judged on the certificate (none for a key)."""
    source: SourceFacts | None
    """Where the signing certificate says it was made; None for a key-signed bundle."""
    statement: ForeignStatement | None
    """The in-toto statement of a DSSE bundle; None for a message signature."""

    @property
    def signer(self) -> str:
        """Who signed, in words: the identity, or the key id."""
        if self.identity is not None:
            return f"{self.identity} (issuer {self.issuer})"
        return f"the key {self.key_id}"

    def describe(self, artifact_name: str | None = None) -> list[str]:
        """The verification in lines of text, naming the artifact when it was a file."""
        artifact = (f"{artifact_name} (sha256 {self.artifact_sha256})" if artifact_name
                    else f"sha256:{self.artifact_sha256}")
        how = (" signed" if self.kind is BundleKind.MESSAGE_SIGNATURE
               else ", a subject of the DSSE-signed in-toto statement, signed")
        line = (f"VERIFIED: {artifact}{how} by {self.signer}, "
                f"trust root {self.trust_root}, log index {self.log_index}")
        if self.source is not None:
            line += (f"; {self.source.describe()}; pins held: "
                     + ", ".join(p.name for p in self.pins))
        lines = [line]
        if self.statement is not None:
            lines += [f"  statement: {self.statement.type}",
                      f"  predicate type: {self.statement.predicate_type}"]
            lines += [f"  subject: {s.name or '(no name)'} "
                      + ", ".join(f"{alg}:{hex_}" for alg, hex_ in sorted(s.digests.items()))
                      for s in self.statement.subjects]
        return lines

    def as_json(self) -> dict[str, Any]:
        """The verification for scripts (the same keys as `refusal_json`)."""
        return {
            "verified": True, "failure": None, "message": None, "kind": str(self.kind),
            "artifact_sha256": self.artifact_sha256,
            "signer": {"identity": self.identity, "issuer": self.issuer,
                       "key_id": self.key_id, "trust_root": self.trust_root,
                       "media_type": self.media_type, "log_index": self.log_index,
                       "integrated_time": _time(self.integrated_time),
                       "timestamp_times": [_time(t) for t in self.timestamp_times]},
            "source": self.source.as_json() if self.source is not None else None,
            "pins": [p.as_json() for p in self.pins],
            "statement": self.statement.summary() if self.statement is not None else None,
        }


def verify_any(bundle_path: Path, signer: SignerPolicy, *, artifact_sha256: bytes,
               artifact_name: str = "the artifact", offline: bool = True
               ) -> BundleVerification:
    """Verify a keyless bundle of either kind over the artifact with this SHA-256.

    `artifact_name` names the artifact in errors. Raises BundleError naming the failed step
    (SUBJECT_MISMATCH when a DSSE statement is about other artifacts, UNKNOWN_STATEMENT when
    its payload is not an in-toto statement understood), UsageError for an unpinned signer or
    a bundle path that is not a readable file.
    """
    signer.keyless()  # refuse an unpinned signer before anything is read
    _, data = read_bundle(bundle_path)
    kind = BundleKind.of(data, bundle_path)
    signed: VerifiedSigner
    statement: ForeignStatement | None
    match kind:
        case BundleKind.MESSAGE_SIGNATURE:
            signed = verify_digest(bundle_path, artifact_sha256, signer, offline=offline,
                                   artifact=artifact_name)
            statement = None
        case BundleKind.DSSE:
            signed = envelope = verify_dsse(bundle_path, signer, offline=offline)
            try:
                statement = about(envelope.payload, artifact_sha256, bundle_path,
                                  artifact_name)
            except BundleError as exc:
                exc.pins = envelope.pins  # the signer held; the statement did not
                raise
        case _:
            assert_never(kind)
    return _keyless(kind, signed, artifact_sha256, statement)


def key_signed(verified: VerifiedKeyBundle, *, artifact_sha256: bytes,
               bundle_path: Path) -> BundleVerification:
    """A verified managed-key bundle as a BundleVerification (a DSSE one is read and checked
    like a keyless one: its statement must name the artifact)."""
    statement = None
    if verified.payload_type is not None and verified.payload is not None:
        statement = about(verified.payload, artifact_sha256, bundle_path, "the artifact")
    return BundleVerification(
        kind=BundleKind.MESSAGE_SIGNATURE if statement is None else BundleKind.DSSE,
        artifact_sha256=artifact_sha256.hex(), identity=None, issuer=None,
        key_id=verified.key_id, trust_root=verified.trust_root,
        media_type=verified.media_type, log_index=verified.log_index,
        integrated_time=verified.integrated_time, timestamp_times=verified.timestamp_times,
        pins=(), source=None, statement=statement)


def verify_with_key(bundle_path: Path, public_key: Path, *, artifact_sha256: bytes,
                    trusted_root: Path | None = None, staging: bool = False,
                    offline: bool = True) -> BundleVerification:
    """Verify a managed-key bundle of either kind over the artifact with this SHA-256.

    The key replaces the certificate, nothing else: the log entry, its checkpoint and any
    timestamps are verified against the trust root as for a keyless bundle.
    """
    verified = verify_key_bundle(bundle_path, public_key, artifact_sha256=artifact_sha256,
                                 trusted_root=trusted_root, staging=staging, offline=offline)
    if verified.payload_type not in (None, IN_TOTO_PAYLOAD_TYPE):
        raise BundleError(BundleFailure.WRONG_PAYLOAD_TYPE,
                          f"the DSSE payload type is {verified.payload_type!r}, expected "
                          f"{IN_TOTO_PAYLOAD_TYPE!r}", bundle=bundle_path)
    return key_signed(verified, artifact_sha256=artifact_sha256, bundle_path=bundle_path)


def about(payload: bytes, artifact_sha256: bytes, bundle: Path,
          artifact_name: str) -> ForeignStatement:
    """The signed in-toto statement, required to name the artifact among its subjects."""
    statement = read_statement(payload, bundle=bundle)
    if statement.subject_for("sha256", artifact_sha256.hex()) is None:
        named = ", ".join(f"{s.name or '(no name)'} sha256:{s.digests.get('sha256', '(none)')}"
                          for s in statement.subjects)
        raise BundleError(
            BundleFailure.SUBJECT_MISMATCH,
            f"{artifact_name} (sha256 {artifact_sha256.hex()}) is not a subject of the "
            f"signed statement, whose subjects are: {named}", bundle=bundle)
    return statement


def _keyless(kind: BundleKind, signed: VerifiedSigner, artifact_sha256: bytes,
             statement: ForeignStatement | None) -> BundleVerification:
    return BundleVerification(
        kind=kind, artifact_sha256=artifact_sha256.hex(), identity=signed.identity,
        issuer=signed.issuer, key_id=None, trust_root=signed.trust_root,
        media_type=signed.media_type, log_index=signed.log_index,
        integrated_time=signed.integrated_time, timestamp_times=signed.timestamp_times,
        pins=signed.pins, source=signed.source, statement=statement)


def parse_sha256(text: str, option: str = "--digest") -> bytes:
    """The bytes of `sha256:HEX` (64 hex digits); UsageError naming the option otherwise."""
    found = _SHA256.fullmatch(text)
    if found is None:
        raise UsageError(f"{option} {text!r} is not a sha256 digest.",
                         fix="Give sha256: followed by the 64 hexadecimal digits of the "
                             "artifact's SHA-256, e.g. from `sha256sum FILE`.")
    return bytes.fromhex(found.group(1))


def refusal_text(exc: AttestationError) -> str:
    """A failed verification in one line, with every pin that did not hold."""
    pins = exc.pins if isinstance(exc, BundleError) else ()
    wrong = "".join(f" {p.name}: {p.detail}." for p in pins if not p.ok)
    return f"NOT VERIFIED: {exc.diagnostics()}{wrong}"


def refusal_json(exc: AttestationError, *, bundle_path: Path,
                 artifact_sha256: bytes) -> dict[str, Any]:
    """A failed verification with the keys of `BundleVerification.as_json`."""
    failure = exc.failure if isinstance(exc, BundleError) else BundleFailure.VERIFICATION_FAILED
    pins = exc.pins if isinstance(exc, BundleError) else ()
    return {"verified": False, "failure": str(failure), "message": exc.diagnostics(),
            "kind": _kind_if_known(bundle_path), "artifact_sha256": artifact_sha256.hex(),
            "signer": None, "source": None, "pins": [p.as_json() for p in pins],
            "statement": None}


def _kind_if_known(bundle_path: Path) -> str | None:
    try:
        return str(BundleKind.of(read_bundle(bundle_path)[1], bundle_path))
    except MargoError:
        return None  # unreadable or malformed: the failure already says so


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
