"""Offline verification of Sigstore bundles with sigstore-python.

A bundle is verified against the trust root its `KeylessSigner` chooses (see `trust_root`), and
its signer must be pinned: a certificate identity (the SAN: an email, or a workflow URI) and the
OIDC issuer that vouched for it, and optionally the source repository, ref and build trigger
of the workflow that signed. Without an identity and issuer any valid Sigstore signature made by
anyone would pass, which proves nothing about who made the release, so verification is refused.

Each failure is a BundleError carrying a `BundleFailure` that names the step that failed.
sigstore-python reports most failures with one exception class, so the step is recognised from
its message, or from the pin that did not hold; a message we do not recognise still fails, as
`verification-failed`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from sigstore.errors import CertValidationError
from sigstore.errors import Error as SigstoreError
from sigstore.hashes import Hashed
from sigstore.models import Bundle, IncompatibleEntry, TrustedRoot
from sigstore.verify import Verifier
from sigstore_models.common.v1 import HashAlgorithm

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.bundle_checks import check_unverified_parts
from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE
from margo_ssdf.attest.errors import BundleError, BundleFailure, first_line
from margo_ssdf.attest.trust import (
    SIGNER_IDENTITY,
    SIGNER_ISSUER,
    KeylessSigner,
    PinCheck,
    PinJudge,
    SignerPolicy,
    SourceFacts,
)
from margo_ssdf.attest.trust_root import load_trusted_root
from margo_ssdf.files import open_input, read_input

BUNDLE_MEDIA_TYPES: Final = frozenset(str(t) for t in Bundle.BundleType)
"""Bundle media types sigstore-python understands (v0.1 to v0.3, both v0.3 spellings)."""

_CHUNK = 1 << 20
_T = TypeVar("_T")


@dataclass(frozen=True)
class VerifiedSigner:
    """What a verified bundle proves about who signed and when."""

    identity: str
    """The pinned certificate identity (a SAN of the signing certificate)."""
    issuer: str
    """The pinned OIDC issuer, as recorded in the signing certificate."""
    trust_root: str
    """'production', 'staging' or the path of the trusted_root.json used."""
    media_type: str
    """The bundle's media type (its format version)."""
    log_index: int
    """Index of the bundle's entry in the transparency log."""
    integrated_time: datetime | None
    """When the log recorded the entry, if the bundle carries a verified inclusion promise."""
    timestamp_times: tuple[datetime, ...]
    """Times in the bundle's RFC 3161 timestamps (Sigstore needs at least one time source to
    verify; these are the timestamp authority's claims)."""
    pins: tuple[PinCheck, ...]
    """Every pin of the signer (identity, issuer, extensions), judged on the certificate."""
    source: SourceFacts
    """Where the signing certificate says it was made (repository, ref, trigger, workflow)."""


@dataclass(frozen=True)
class VerifiedBundle(VerifiedSigner):
    """A verified signature over an artifact."""

    artifact_sha256: str
    """SHA-256 of the artifact whose signature verified."""


@dataclass(frozen=True)
class VerifiedEnvelope(VerifiedSigner):
    """A verified DSSE envelope: its payload, exactly as signed."""

    payload_type: str
    """The envelope's payload type (checked against the expected one)."""
    payload: bytes
    """The signed payload bytes, not re-serialised."""



def verify_bundle(bundle_path: Path, artifact_path: Path, signer: SignerPolicy, *,
                  offline: bool = True) -> VerifiedBundle:
    """Verify a bundle's signature over an artifact, made by the pinned signer."""
    signer.keyless()  # an unpinned signer is refused before the artifact is read
    digest = sha256_of_artifact(artifact_path, bundle_path)
    return verify_digest(bundle_path, digest, signer, offline=offline,
                         artifact=str(artifact_path))


def verify_digest(bundle_path: Path, digest: bytes, signer: SignerPolicy, *,
                  offline: bool = True, artifact: str = "the artifact") -> VerifiedBundle:
    """Verify a bundle's signature over an artifact known by its SHA-256 only.

    `artifact` names it in the error when the digest is not the one signed.
    """
    keyless = signer.keyless()
    root, root_name = load_trusted_root(keyless.trusted_root, staging=keyless.staging,
                                        offline=offline)
    raw, data = read_bundle(bundle_path)
    if "messageSignature" not in data:
        raise BundleError(
            BundleFailure.WRONG_CONTENT,
            "this bundle signs a DSSE envelope, not an artifact" if "dsseEnvelope" in data
            else "this bundle holds no message signature",
            bundle=bundle_path, fix="Verify DSSE bundles with verify_dsse (or verify_any, "
                                    "as `margo-ssdf verify-bundle` does).")
    recorded = _recorded_digest(data)
    if recorded is not None and recorded != digest:
        raise BundleError(
            BundleFailure.ARTIFACT_MISMATCH,
            f"{artifact} has sha256 {digest.hex()}, but the bundle signs "
            f"sha256 {recorded.hex()}", bundle=bundle_path)
    hashed = Hashed(algorithm=HashAlgorithm.SHA2_256, digest=digest)
    _, bundle, pins = _verify_with(
        lambda verifier, bundle, policy: verifier.verify_artifact(hashed, bundle, policy),
        raw, data, keyless, root, bundle_path)
    return VerifiedBundle(**_signer_facts(data, bundle, keyless, root_name), pins=pins,
                          artifact_sha256=digest.hex())


def verify_dsse(bundle_path: Path, signer: SignerPolicy, *, offline: bool = True,
                payload_type: str = IN_TOTO_PAYLOAD_TYPE) -> VerifiedEnvelope:
    """Verify a bundle wrapping a DSSE envelope; return its payload exactly as signed."""
    keyless = signer.keyless()
    root, root_name = load_trusted_root(keyless.trusted_root, staging=keyless.staging,
                                        offline=offline)
    raw, data = read_bundle(bundle_path)
    if "dsseEnvelope" not in data:
        raise BundleError(
            BundleFailure.WRONG_CONTENT,
            "this bundle signs an artifact, not a DSSE envelope"
            if "messageSignature" in data else "this bundle holds no DSSE envelope",
            bundle=bundle_path, fix="Verify artifact bundles with verify_bundle (or "
                                    "verify_any, as `margo-ssdf verify-bundle` does).")
    (found_type, payload), bundle, pins = _verify_with(
        lambda verifier, bundle, policy: verifier.verify_dsse(bundle, policy),
        raw, data, keyless, root, bundle_path)
    if found_type != payload_type:
        raise BundleError(BundleFailure.WRONG_PAYLOAD_TYPE,
                          f"the DSSE payload type is {found_type!r}, expected {payload_type!r}",
                          bundle=bundle_path)
    return VerifiedEnvelope(**_signer_facts(data, bundle, keyless, root_name), pins=pins,
                            payload_type=found_type, payload=bytes(payload))


def _verify_with(verify: Callable[[Verifier, Bundle, PinJudge], _T], raw: bytes,
                 data: dict[str, Any], signer: KeylessSigner, root: TrustedRoot,
                 path: Path) -> tuple[_T, Bundle, tuple[PinCheck, ...]]:
    """sigstore-python's verification, then ours; every failure ends as a BundleError."""
    bundle = _parse_bundle(raw, path)
    judge = PinJudge(signer)
    try:
        result = verify(Verifier(trusted_root=root), bundle, judge)
    except Exception as exc:  # every failure, expected or not, must end as a BundleError
        raise _classify(exc, path, judge.checks) from exc
    try:
        check_unverified_parts(data, root, path)
    except BundleError as exc:
        exc.pins = judge.checks
        raise
    return result, bundle, judge.checks


def read_bundle(path: Path) -> tuple[bytes, dict[str, Any]]:
    """The bundle's bytes and JSON, refused unless it is an object of a known media type."""
    raw = read_input(path, "bundle")  # missing, unreadable or a FIFO: a usage error
    try:
        data = strict_loads(raw)
    except ValueError as exc:
        raise BundleError(BundleFailure.MALFORMED, f"the bundle is not valid JSON: {exc}",
                          bundle=path) from exc
    if not isinstance(data, dict):
        raise BundleError(BundleFailure.MALFORMED, "the bundle is not a JSON object",
                          bundle=path)
    media_type = data.get("mediaType")
    if not isinstance(media_type, str) or media_type not in BUNDLE_MEDIA_TYPES:
        raise BundleError(BundleFailure.UNSUPPORTED_MEDIA_TYPE,
                          f"unknown bundle mediaType {media_type!r}; known: "
                          f"{', '.join(sorted(BUNDLE_MEDIA_TYPES))}", bundle=path)
    return raw, data


def _parse_bundle(raw: bytes, path: Path) -> Bundle:
    try:
        return Bundle.from_json(raw)
    except Exception as exc:  # sigstore's InvalidBundle, or anything its parsers raise
        raise _classify(exc, path) from exc


def sha256_of_artifact(artifact: Path, bundle: Path) -> bytes:
    """The artifact's SHA-256; UsageError when it is missing or not a regular file."""
    h = hashlib.sha256()
    try:
        with open_input(artifact, "--artifact") as f:
            while block := f.read(_CHUNK):
                h.update(block)
    except OSError as exc:
        raise BundleError(BundleFailure.UNREADABLE,
                          f"cannot read the artifact {artifact}: {exc.strerror or exc}",
                          bundle=bundle) from exc
    return h.digest()


def _recorded_digest(data: dict[str, Any]) -> bytes | None:
    """The SHA-256 the bundle says it signs, when it says so."""
    signature = data.get("messageSignature")
    if not isinstance(signature, dict):
        return None
    digest = signature.get("messageDigest")
    if not isinstance(digest, dict) or digest.get("algorithm") != "SHA2_256":
        return None
    try:
        return base64.b64decode(str(digest.get("digest", "")), validate=True)
    except (binascii.Error, ValueError):
        return None  # sigstore's own parser will report the malformed field


# (failure, fragments of sigstore-python's messages that identify it), first match wins.
_MESSAGES: Final[tuple[tuple[BundleFailure, tuple[str, ...]], ...]] = (
    (BundleFailure.UNSUPPORTED_MEDIA_TYPE, ("unsupported bundle format",)),
    (BundleFailure.NO_CERTIFICATE, ("expected certificate", "non-empty certificate chain")),
    (BundleFailure.BAD_CERTIFICATE, ("leaf or non-leaf certificate",)),
    (BundleFailure.NO_LOG_ENTRY, ("exactly one log entry",)),
    (BundleFailure.NO_CHECKPOINT, ("with checkpoint", "checkpoint in inclusion proof")),
    (BundleFailure.NO_SIGNED_TIME, ("inclusion promise or signed timestamp",
                                    "must contain an inclusion promise")),
    (BundleFailure.MALFORMED, ("failed to load bundle",)),
    (BundleFailure.NO_TRUSTED_TIME, ("not enough sources of verified time",
                                     "no Timestamp Authorities")),
    (BundleFailure.INVALID_TIMESTAMP, ("Invalid Timestamp Response", "too many signed timestamp",
                                       "duplicate timestamp")),
    (BundleFailure.INVALID_SCT, ("SCT",)),
    (BundleFailure.CERTIFICATE_PROFILE, ("Key usage", "Extended usage")),
    (BundleFailure.CERTIFICATE_EXPIRED, ("expired at time of signing",)),
    (BundleFailure.INVALID_LOG_ENTRY, ("invalid log entry", "invalid inclusion promise",
                                       "checkpoint", "inclusion proof")),
    (BundleFailure.LOG_ENTRY_MISMATCH, ("inconsistent with other materials",
                                        "log entry payload hash", "log entry signatures",
                                        "Expected entry type", "log entry type",
                                        "hashedrekord version", "invalid DSSE log entry")),
    (BundleFailure.ARTIFACT_MISMATCH, ("message digest mismatch", "invalid for input",
                                       "Missing bundle message signature")),
    (BundleFailure.INVALID_SIGNATURE, ("DSSE: invalid signature", "DSSE: exactly 1 signature",
                                       "envelope must contain exactly one signature",
                                       "envelope signature must be non-empty")),
)


# A pin that did not hold decides the failure, in the order sigstore-python's policy checks
# them: the issuer before the identity (as its Identity does), then the certificate extensions.
_PIN_FAILURES: Final = ((SIGNER_ISSUER, BundleFailure.ISSUER_MISMATCH),
                        (SIGNER_IDENTITY, BundleFailure.IDENTITY_MISMATCH))


def _classify(exc: BaseException, bundle: Path,
              pins: tuple[PinCheck, ...] = ()) -> BundleError:
    """Turn whatever sigstore-python raised into a BundleError naming the failed step."""
    if isinstance(exc, BundleError):
        return exc
    error = _classified(exc, bundle, pins)
    error.pins = pins
    return error


def _classified(exc: BaseException, bundle: Path, pins: tuple[PinCheck, ...]) -> BundleError:
    message = first_line(exc)
    failed = {pin.name for pin in pins if not pin.ok}
    if failed:  # the policy raised: sigstore-python judged the certificate and stopped there
        failure = next((f for name, f in _PIN_FAILURES if name in failed),
                       BundleFailure.PIN_MISMATCH)
        return BundleError(failure, message, bundle=bundle)
    if isinstance(exc, CertValidationError):
        return BundleError(BundleFailure.UNTRUSTED_CERTIFICATE,
                           f"the signing certificate does not chain to the trust root: "
                           f"{message}", bundle=bundle)
    if isinstance(exc, IncompatibleEntry):
        return BundleError(BundleFailure.UNSUPPORTED_LOG_ENTRY, message, bundle=bundle)
    for failure, fragments in _MESSAGES:
        if any(fragment in message for fragment in fragments):
            return BundleError(failure, message, bundle=bundle)
    kind = "" if isinstance(exc, SigstoreError) else f"{type(exc).__name__}: "
    return BundleError(BundleFailure.VERIFICATION_FAILED, f"{kind}{message}", bundle=bundle)


def _signer_facts(data: dict[str, Any], bundle: Bundle, signer: KeylessSigner,
                  root_name: str) -> dict[str, Any]:
    # Read from the bundle JSON that sigstore has just verified, not re-derived.
    entry = data["verificationMaterial"]["tlogEntries"][0]
    integrated: datetime | None = None
    if entry.get("inclusionPromise") and entry.get("integratedTime"):
        integrated = datetime.fromtimestamp(int(entry["integratedTime"]), tz=UTC)
    tsa = bundle.verification_material.timestamp_verification_data
    times = tuple(ts.tst_info.gen_time for ts in tsa.rfc3161_timestamps) if tsa else ()
    return {
        "identity": signer.identity,
        "issuer": signer.issuer,
        "trust_root": root_name,
        "media_type": data["mediaType"],
        "log_index": int(entry["logIndex"]),
        "integrated_time": integrated,
        "timestamp_times": times,
        "source": SourceFacts.of(bundle.signing_certificate),
    }
