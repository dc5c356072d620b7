"""Offline verification of managed-key Sigstore bundles (cosign `--key`): no certificate.

sigstore-python 4.5.1 refuses to load a bundle without a signing certificate, so the bundle is
read here and its parts checked one by one: the signature with the public key the verifier
gives, the one transparency log entry with sigstore-python's own inclusion proof, checkpoint
and inclusion promise verification against the trust root's Rekor keys, the entry's body
against the bundle (hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1, intoto 0.0.2), RFC 3161
timestamps against the trust root's timestamp authorities, then `check_unverified_parts`.
The key is what the verifier trusts: nothing in the bundle (its key hint) chooses it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from sigstore.models import TransparencyLogEntry, TrustedRoot
from sigstore.verify import Verifier
from sigstore_models.rekor.v1 import TransparencyLogEntry as _TransparencyLogEntry

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.bundle_checks import check_unverified_parts
from margo_ssdf.attest.dsse import pae
from margo_ssdf.attest.errors import BundleError, BundleFailure, KeyFileError, first_line
from margo_ssdf.attest.trust_root import load_trusted_root
from margo_ssdf.files import read_input

MEDIA_TYPES: Final = frozenset({"application/vnd.dev.sigstore.bundle.v0.3+json",
                                "application/vnd.dev.sigstore.bundle+json;version=0.3",
                                "application/vnd.dev.sigstore.bundle+json;version=0.2"})
"""Bundle versions that can carry a public key hint (v0.2 and later)."""
_MAX_TIMESTAMPS: Final = 32  # as sigstore-python and sigstore-go
_DSSE_HASHES: Final[dict[int, hashes.HashAlgorithm]] = {
    256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}

VerifyingKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey | rsa.RSAPublicKey


@dataclass(frozen=True)
class VerifiedKeyBundle:
    """What a verified managed-key bundle proves: the given key signed, and the log saw it."""

    key_id: str
    """Hex SHA-256 of the public key's DER SubjectPublicKeyInfo."""
    key_hint: str
    """verificationMaterial.publicKey.hint, '' if none (a name, never trusted)."""
    trust_root: str
    """'production', 'staging' or the trusted_root.json path."""
    media_type: str
    """The bundle's media type (its format version)."""
    log_index: int
    """Index of the bundle's entry in the transparency log."""
    integrated_time: datetime | None
    """When the log recorded the entry, only when its inclusion promise verified."""
    timestamp_times: tuple[datetime, ...]
    """Times of the RFC 3161 timestamps, each verified against the trust root."""
    artifact_sha256: str | None
    """SHA-256 of the signed artifact, for message-signature bundles."""
    payload_type: str | None
    """The DSSE envelope's payload type, for DSSE bundles."""
    payload: bytes | None
    """The DSSE payload exactly as signed, for DSSE bundles."""


@dataclass(frozen=True)
class _Signed:
    """The bundle's content: what the key signed and the signature."""

    signature: bytes
    artifact_sha256: bytes | None = None
    payload_type: str | None = None
    payload: bytes | None = None

    def pae(self) -> bytes:
        """What a DSSE signature signs (only called for DSSE content)."""
        return pae(self.payload_type or "", self.payload or b"")


def verify_key_bundle(bundle_path: Path, public_key: Path, *, artifact_sha256: bytes | None,
                      trusted_root: Path | None = None, staging: bool = False,
                      offline: bool = True) -> VerifiedKeyBundle:
    """Verify a managed-key bundle signed by `public_key` (a PEM file).

    A message-signature bundle needs the artifact's SHA-256; a DSSE bundle returns its payload
    for the caller to judge (its payload type is not checked here). Raises BundleError naming
    the failed step, KeyFileError for an unusable key, ConfigError for the trust root.
    """
    root, root_name = load_trusted_root(trusted_root, staging=staging, offline=offline)
    key = load_verifying_key(public_key)
    data = _read_bundle(bundle_path)
    material = data["verificationMaterial"]
    signed = _content(data, bundle_path)
    _verify_signature(key, signed, artifact_sha256, public_key, bundle_path)
    raw_entry, entry = _log_entry(material, bundle_path)
    _verify_entry(entry, root, bundle_path)
    _check_body(raw_entry, key, signed, bundle_path)
    times = _verify_timestamps(material, signed.signature, root, bundle_path)
    check_unverified_parts(data, root, bundle_path)
    integrated = None
    if raw_entry.get("inclusionPromise") and raw_entry.get("integratedTime"):
        integrated = datetime.fromtimestamp(int(raw_entry["integratedTime"]), tz=UTC)
    return VerifiedKeyBundle(
        key_id=hashlib.sha256(_spki(key)).hexdigest(),
        key_hint=str((material.get("publicKey") or {}).get("hint") or ""),
        trust_root=root_name, media_type=data["mediaType"],
        log_index=int(raw_entry["logIndex"]), integrated_time=integrated,
        timestamp_times=times,
        artifact_sha256=signed.artifact_sha256.hex() if signed.artifact_sha256 else None,
        payload_type=signed.payload_type, payload=signed.payload)


def load_verifying_key(path: Path) -> VerifyingKey:
    """A PEM public key: ECDSA P-256, P-384 or P-521, Ed25519, or RSA of 2048 bits or more."""
    pem = read_input(path, "public key")
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"{path} is not a PEM public key ({first_line(exc)}).",
                           fix="Give the signer's '-----BEGIN PUBLIC KEY-----' file "
                           "(cosign.pub).") from exc
    if isinstance(key, ed25519.Ed25519PublicKey) or (
            isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size in _DSSE_HASHES) \
            or (isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048):
        return key
    raise KeyFileError(f"public key {path} is of a kind Sigstore bundles are not signed with "
                       f"({type(key).__name__}).",
                       fix="Give an ECDSA (P-256, P-384, P-521), Ed25519 or RSA public key.")


def _fail(failure: BundleFailure, message: str, path: Path, fix: str | None = None) -> BundleError:
    return BundleError(failure, message, bundle=path, fix=fix)


def _read_bundle(path: Path) -> dict[str, Any]:
    try:
        data = strict_loads(read_input(path, "bundle"))
    except ValueError as exc:
        raise _fail(BundleFailure.MALFORMED, f"the bundle is not valid JSON: {exc}",
                    path) from exc
    if not isinstance(data, dict) or not isinstance(data.get("verificationMaterial"), dict):
        raise _fail(BundleFailure.MALFORMED, "the bundle is not a JSON object with "
                    "verificationMaterial", path)
    if data.get("mediaType") not in MEDIA_TYPES:
        raise _fail(BundleFailure.UNSUPPORTED_MEDIA_TYPE,
                    f"bundle mediaType {data.get('mediaType')!r} cannot hold a public key; "
                    f"known: {', '.join(sorted(MEDIA_TYPES))}", path)
    material = data["verificationMaterial"]
    if "certificate" in material or "x509CertificateChain" in material:
        raise _fail(BundleFailure.WRONG_CONTENT, "this bundle is signed keyless, with a "
                    "Sigstore certificate, not with a managed key", path,
                    fix="Verify it with --identity and --issuer instead of --key.")
    if not isinstance(material.get("publicKey"), dict):
        raise _fail(BundleFailure.MALFORMED,
                    "verificationMaterial has neither a certificate nor a publicKey", path)
    return data


def _b64(value: object, where: str, path: Path) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _fail(BundleFailure.MALFORMED, f"{where} is not base64", path) from exc


def _content(data: dict[str, Any], path: Path) -> _Signed:
    message, envelope = data.get("messageSignature"), data.get("dsseEnvelope")
    if isinstance(message, dict) and envelope is None:
        digest = message.get("messageDigest") or {}
        if digest.get("algorithm") != "SHA2_256":
            raise _fail(BundleFailure.MALFORMED, "messageSignature.messageDigest is not a "
                        "SHA2_256 digest", path)
        return _Signed(_b64(message.get("signature"), "messageSignature.signature", path),
                       artifact_sha256=_b64(digest.get("digest"), "messageDigest", path))
    if isinstance(envelope, dict) and message is None:
        signatures = envelope.get("signatures")
        if not isinstance(signatures, list) or len(signatures) != 1 or \
                not isinstance(signatures[0], dict):
            raise _fail(BundleFailure.INVALID_SIGNATURE,
                        "the DSSE envelope must hold exactly one signature", path)
        return _Signed(_b64(signatures[0].get("sig"), "dsseEnvelope.signatures[0].sig", path),
                       payload_type=str(envelope.get("payloadType")),
                       payload=_b64(envelope.get("payload"), "dsseEnvelope.payload", path))
    raise _fail(BundleFailure.MALFORMED,
                "the bundle must hold one messageSignature or one dsseEnvelope", path)


def _verify_signature(key: VerifyingKey, signed: _Signed, artifact_sha256: bytes | None,
                      key_path: Path, path: Path) -> None:
    if signed.payload is None:
        if artifact_sha256 is None:
            raise _fail(BundleFailure.WRONG_CONTENT, "this bundle signs an artifact: give "
                        "the artifact (or its sha256 digest) to verify it against", path)
        if artifact_sha256 != signed.artifact_sha256:
            raise _fail(BundleFailure.ARTIFACT_MISMATCH,
                        f"the artifact has sha256 {artifact_sha256.hex()}, but the bundle "
                        f"signs sha256 {(signed.artifact_sha256 or b'').hex()}", path)
    try:
        _verify_raw(key, signed, path)
    except InvalidSignature:
        raise _fail(BundleFailure.WRONG_KEY, f"the bundle's signature does not verify with "
                    f"the public key {key_path}", path) from None


def _verify_raw(key: VerifyingKey, signed: _Signed, path: Path) -> None:
    """Raises InvalidSignature unless `key` made the signature."""
    if signed.payload is None:
        digest = signed.artifact_sha256 or b""
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signed.signature, digest, ec.ECDSA(Prehashed(hashes.SHA256())))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signed.signature, digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
        else:  # Ed25519 signs the artifact itself, which a digest cannot check
            raise _fail(BundleFailure.WRONG_CONTENT, "an Ed25519 signature over an artifact "
                        "cannot be checked against its digest alone", path)
        return
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signed.signature, signed.pae(),
                   ec.ECDSA(_DSSE_HASHES[key.curve.key_size]))
    elif isinstance(key, rsa.RSAPublicKey):
        key.verify(signed.signature, signed.pae(), padding.PKCS1v15(), hashes.SHA256())
    else:
        key.verify(signed.signature, signed.pae())


def _log_entry(material: dict[str, Any],
               path: Path) -> tuple[dict[str, Any], TransparencyLogEntry]:
    entries = material.get("tlogEntries")
    if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], dict):
        raise _fail(BundleFailure.NO_LOG_ENTRY,
                    "the bundle must hold exactly one transparency log entry", path)
    try:
        inner = _TransparencyLogEntry.from_dict(entries[0])
    except Exception as exc:  # pydantic's validation errors, of several kinds
        raise _fail(BundleFailure.MALFORMED,
                    f"tlogEntries[0] is malformed: {first_line(exc)}", path) from exc
    try:
        return entries[0], TransparencyLogEntry(inner)
    except Exception as exc:  # sigstore's InvalidBundle: no inclusion proof or checkpoint
        raise _fail(BundleFailure.NO_CHECKPOINT, first_line(exc), path) from exc


def _verify_entry(entry: TransparencyLogEntry, root: TrustedRoot, path: Path) -> None:
    from sigstore._internal.trust import KeyringPurpose

    try:  # inclusion proof, checkpoint signature and root, inclusion promise if present
        entry._verify(root.rekor_keyring(KeyringPurpose.VERIFY))
    except Exception as exc:  # VerificationError, or a parser's error on edited fields
        raise _fail(BundleFailure.INVALID_LOG_ENTRY,
                    f"the transparency log entry does not verify: {first_line(exc)}",
                    path) from exc


def _check_body(raw: dict[str, Any], key: VerifyingKey, signed: _Signed, path: Path) -> None:
    """The log recorded this signature, by this key, over this content (CVE-2022-36056)."""
    kind = raw.get("kindVersion") or {}
    name = f"{kind.get('kind')}/{kind.get('version')}"
    try:
        body = strict_loads(_b64(raw.get("canonicalizedBody"), "canonicalizedBody", path))
        if not isinstance(body, dict) or (body.get("kind"), body.get("apiVersion")) != (
                kind.get("kind"), kind.get("version")):
            raise ValueError(f"the entry body is not a {name} entry")
        check = _BODY_CHECKS.get((name, signed.payload is not None))
        if check is None:
            raise ValueError(f"a {name} entry cannot record a "
                             f"{'DSSE envelope' if signed.payload else 'message signature'}")
        check(body["spec"], _spki(key), signed)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise _fail(BundleFailure.LOG_ENTRY_MISMATCH, f"the transparency log entry does not "
                    f"record this bundle's signature: {first_line(exc)}", path) from exc


def _same(found: object, expected: object, what: str) -> None:
    if found != expected:
        raise ValueError(f"its {what} is not the bundle's")


def _key_of_pem(text: object) -> bytes:
    """The DER SubjectPublicKeyInfo of a base64 PEM public key in an entry."""
    pem = base64.b64decode(str(text), validate=True)
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise ValueError("its public key is not a PEM public key") from exc
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def _hashedrekord_v001(spec: dict[str, Any], key: bytes, signed: _Signed) -> None:
    digest = signed.artifact_sha256 or b""
    _same(spec["data"]["hash"], {"algorithm": "sha256", "value": digest.hex()}, "digest")
    _same(base64.b64decode(spec["signature"]["content"], validate=True), signed.signature,
          "signature")
    _same(_key_of_pem(spec["signature"]["publicKey"]["content"]), key, "public key")


def _hashedrekord_v002(spec: dict[str, Any], key: bytes, signed: _Signed) -> None:
    # Rekor v2 records a DSSE envelope as the digest of its PAE (rekor-v2 spec).
    digest = signed.artifact_sha256 if signed.payload is None else \
        hashlib.sha256(signed.pae()).digest()
    record = spec["hashedRekordV002"]
    _same(record["data"], {"algorithm": "SHA2_256",
                           "digest": base64.b64encode(digest or b"").decode()}, "digest")
    _same(base64.b64decode(record["signature"]["content"], validate=True), signed.signature,
          "signature")
    _same(base64.b64decode(record["signature"]["verifier"]["publicKey"]["rawBytes"],
                           validate=True), key, "public key")


def _dsse_v001(spec: dict[str, Any], key: bytes, signed: _Signed) -> None:
    _same(spec["payloadHash"], {"algorithm": "sha256",
                                "value": hashlib.sha256(signed.payload or b"").hexdigest()},
          "payload hash")
    [recorded] = spec["signatures"]  # one signature, as in the envelope
    _same(base64.b64decode(recorded["signature"], validate=True), signed.signature,
          "signature")
    _same(_key_of_pem(recorded["verifier"]), key, "public key")


def _intoto_v002(spec: dict[str, Any], key: bytes, signed: _Signed) -> None:
    content = spec["content"]
    _same(content["payloadHash"], {"algorithm": "sha256",
                                   "value": hashlib.sha256(signed.payload or b"").hexdigest()},
          "payload hash")
    envelope = content["envelope"]
    _same(envelope["payloadType"], signed.payload_type, "payload type")
    if "payload" in envelope:  # the canonical entry usually keeps only the payload's hash
        _same(base64.b64decode(envelope["payload"], validate=True),
              base64.b64encode(signed.payload or b""), "payload")
    # Rekor stores each DSSE signature as the envelope's base64 text, base64-encoded again.
    [recorded] = envelope["signatures"]
    _same(base64.b64decode(recorded["sig"], validate=True),
          base64.b64encode(signed.signature), "signature")
    _same(_key_of_pem(recorded["publicKey"]), key, "public key")


_BODY_CHECKS: Final = {
    ("hashedrekord/0.0.1", False): _hashedrekord_v001,
    ("hashedrekord/0.0.2", False): _hashedrekord_v002,
    ("hashedrekord/0.0.2", True): _hashedrekord_v002,
    ("dsse/0.0.1", True): _dsse_v001,
    ("intoto/0.0.2", True): _intoto_v002,
}
"""The entry kinds that can record each content: (kind/version, is DSSE) -> its check."""


def _verify_timestamps(material: dict[str, Any], signature: bytes, root: TrustedRoot,
                       path: Path) -> tuple[datetime, ...]:
    from rfc3161_client import decode_timestamp_response

    stamps = (material.get("timestampVerificationData") or {}).get("rfc3161Timestamps") or []
    if len(stamps) > _MAX_TIMESTAMPS or len({str(s) for s in stamps}) != len(stamps):
        raise _fail(BundleFailure.INVALID_TIMESTAMP,
                    "too many or duplicate RFC 3161 timestamps", path)
    times: list[datetime] = []
    if not stamps:
        return ()
    # Verifier's constructor wants Fulcio CAs, which a trust root for keys alone need not
    # have; its timestamp check reads only the root's timestamp authorities.
    verifier = Verifier.__new__(Verifier)
    verifier._trusted_root = root
    for n, stamp in enumerate(stamps):
        where = f"timestampVerificationData.rfc3161Timestamps[{n}]"
        try:
            response = decode_timestamp_response(
                _b64((stamp or {}).get("signedTimestamp"), where, path))
            result = verifier._verify_signed_timestamp(response, signature)
        except (ValueError, AttributeError) as exc:
            raise _fail(BundleFailure.INVALID_TIMESTAMP, f"{where} is malformed", path) from exc
        if result is None:
            raise _fail(BundleFailure.INVALID_TIMESTAMP, f"{where} does not verify against "
                        "a timestamp authority of the trust root", path)
        times.append(result.time)
    return tuple(times)


def _spki(key: VerifyingKey) -> bytes:
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)
