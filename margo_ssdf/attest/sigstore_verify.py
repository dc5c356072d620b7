"""Offline verification of Sigstore bundles with sigstore-python.

A bundle is verified against a trust root: by default the public-good Sigstore root (production,
or staging when asked) that ships inside the installed sigstore-python wheel, read straight from
the package data so that nothing is fetched and no user cache is consulted; or a
`trusted_root.json` file given by the caller. Only with `offline=False` and no file is the root
refreshed from Sigstore's TUF repository over the network.

The signer must be pinned: a certificate identity (the SAN: an email, or a workflow URI) and the
OIDC issuer that vouched for it. Without them any valid Sigstore signature made by anyone would
pass, which proves nothing about who made the release, so verification is refused.

Each failure is a BundleError carrying a `BundleFailure` that names the step that failed.
sigstore-python reports most failures with one exception class, so the step is recognised from
its message; a message we do not recognise still fails, as `verification-failed`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from sigstore.errors import CertValidationError
from sigstore.errors import Error as SigstoreError
from sigstore.hashes import Hashed
from sigstore.models import Bundle, ClientTrustConfig, IncompatibleEntry, TrustedRoot
from sigstore.verify import Verifier
from sigstore.verify.policy import Identity
from sigstore_models.common.v1 import HashAlgorithm

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.errors import ConfigError, UsageError

PRODUCTION_TUF_URL: Final = "https://tuf-repo-cdn.sigstore.dev"
"""Sigstore public-good TUF repository; sigstore-python ships its trust root under this name."""
STAGING_TUF_URL: Final = "https://tuf-repo-cdn.sigstage.dev"
"""Sigstore staging TUF repository."""

BUNDLE_MEDIA_TYPES: Final = frozenset(str(t) for t in Bundle.BundleType)
"""Bundle media types sigstore-python understands (v0.1 to v0.3, both v0.3 spellings)."""

_CHUNK = 1 << 20


class BundleFailure(StrEnum):
    """The step at which a bundle failed, as a stable id callers and tests can match."""

    UNREADABLE = "unreadable"
    """The bundle or artifact file cannot be read."""
    MALFORMED = "malformed"
    """Not JSON, or not shaped like a Sigstore bundle."""
    UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type"
    """The bundle's mediaType is not a known bundle version."""
    NO_CERTIFICATE = "no-certificate"
    """No signing certificate, or an empty certificate chain."""
    BAD_CERTIFICATE = "bad-certificate"
    """The certificate in the leaf position is not a signing (leaf) certificate."""
    NO_LOG_ENTRY = "no-log-entry"
    """The bundle does not hold exactly one transparency log entry."""
    NO_CHECKPOINT = "no-checkpoint"
    """The log entry's inclusion proof has no signed checkpoint, so it cannot be checked."""
    NO_SIGNED_TIME = "no-signed-time"
    """Neither an inclusion promise nor a signed timestamp says when the signature was made."""
    UNSUPPORTED_LOG_ENTRY = "unsupported-log-entry"
    """The log entry is of a kind or version sigstore-python does not know."""
    NO_TRUSTED_TIME = "no-trusted-time"
    """No time source in the bundle verifies against the trust root (wrong instance?)."""
    INVALID_TIMESTAMP = "invalid-timestamp"
    """An RFC 3161 timestamp is malformed, duplicated, or there are too many."""
    UNTRUSTED_CERTIFICATE = "untrusted-certificate"
    """The signing certificate does not chain to a CA of the trust root at signing time."""
    INVALID_SCT = "invalid-sct"
    """The certificate's transparency timestamp (SCT) does not verify."""
    CERTIFICATE_PROFILE = "certificate-profile"
    """The certificate is not a code-signing certificate."""
    CERTIFICATE_EXPIRED = "certificate-expired"
    """The certificate was not valid at the time the signature was recorded."""
    IDENTITY_MISMATCH = "identity-mismatch"
    """The certificate was issued to another identity than the one pinned."""
    ISSUER_MISMATCH = "issuer-mismatch"
    """The certificate's identity was vouched for by another OIDC issuer than the one pinned."""
    INVALID_LOG_ENTRY = "invalid-log-entry"
    """The inclusion proof, checkpoint or inclusion promise does not verify."""
    LOG_ENTRY_MISMATCH = "log-entry-mismatch"
    """The log entry records something else than the bundle holds (CVE-2022-36056)."""
    ARTIFACT_MISMATCH = "artifact-mismatch"
    """The artifact is not the one that was signed (digest or signature mismatch)."""
    INVALID_SIGNATURE = "invalid-signature"
    """The DSSE envelope's signature does not verify with the certificate's key."""
    WRONG_CONTENT = "wrong-content"
    """A DSSE bundle given for an artifact, or an artifact bundle given for a DSSE envelope."""
    WRONG_PAYLOAD_TYPE = "wrong-payload-type"
    """The DSSE envelope carries another payload type than the one expected."""
    VERIFICATION_FAILED = "verification-failed"
    """Another failure reported by sigstore-python (see the message)."""


_ADVICE: Final[dict[BundleFailure, str]] = {
    BundleFailure.NO_TRUSTED_TIME: (
        "Check that the bundle was made on the Sigstore instance you verify against "
        "(production or staging); a bundle newer than the trust root shipped with "
        "sigstore-python needs a current trusted_root.json (--trusted-root)."
    ),
    BundleFailure.UNTRUSTED_CERTIFICATE: (
        "Check that the bundle was made on the Sigstore instance you verify against "
        "(production or staging), or give a current trusted_root.json (--trusted-root)."
    ),
    BundleFailure.IDENTITY_MISMATCH: (
        "The bundle was signed by someone else than the identity you pinned; do not trust it."
    ),
    BundleFailure.ISSUER_MISMATCH: (
        "The signer's identity was vouched for by another OIDC issuer; do not trust it."
    ),
    BundleFailure.ARTIFACT_MISMATCH: (
        "The file is not the one that was signed; do not trust it."
    ),
    BundleFailure.LOG_ENTRY_MISMATCH: (
        "The bundle has been tampered with; do not trust it."
    ),
}
_DEFAULT_ADVICE: Final = "The bundle cannot be trusted."


class BundleError(AttestationError):
    """A Sigstore bundle is malformed or does not verify."""

    def __init__(self, failure: BundleFailure, message: str, *, bundle: Path | None = None,
                 fix: str | None = None) -> None:
        where = f"{bundle}: " if bundle is not None else ""
        super().__init__(f"{where}{message} [{failure}]",
                         fix=fix or _ADVICE.get(failure, _DEFAULT_ADVICE))
        self.failure = failure
        """Which verification step failed."""
        self.bundle = bundle
        """The bundle file, when known."""


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


def load_trusted_root(
    trusted_root: Path | None, *, staging: bool, offline: bool = True
) -> tuple[TrustedRoot, str]:
    """The trust root to verify against and a name for it ('production', 'staging' or a path).

    A given file wins. Otherwise, offline, the root shipped inside sigstore-python; online, a
    TUF refresh by sigstore-python.
    """
    if trusted_root is not None:
        if staging:
            raise UsageError(
                "give either a trusted root file or the staging flag, not both",
                fix="The file already names the Sigstore instance it trusts.",
            )
        try:
            return TrustedRoot.from_file(str(trusted_root)), str(trusted_root)
        except OSError as exc:
            raise ConfigError(f"cannot read the trusted root: {exc.strerror or exc}",
                              file=str(trusted_root)) from exc
        except Exception as exc:  # sigstore raises pydantic, JSON and its own errors here
            raise ConfigError(f"not a Sigstore trusted root: {_first_line(exc)}",
                              file=str(trusted_root),
                              fix="Give a trusted_root.json (media type application/"
                              "vnd.dev.sigstore.trustedroot+json;version=0.1).") from exc
    name = "staging" if staging else "production"
    if not offline:
        try:
            config = ClientTrustConfig.staging() if staging else ClientTrustConfig.production()
        except SigstoreError as exc:
            raise ConfigError(
                f"cannot refresh the Sigstore {name} trust root over TUF: {_first_line(exc)}",
                fix="Verify offline with the bundled root, or give --trusted-root.",
            ) from exc
        return config.trusted_root, name
    return bundled_trusted_root(staging=staging), name


def bundled_trusted_root(*, staging: bool) -> TrustedRoot:
    """The public-good trust root shipped inside the installed sigstore-python wheel.

    Read from the package data directly: `ClientTrustConfig.production(offline=True)` would
    prefer an unverified copy in the user's cache directory, and write one there first.
    """
    url = STAGING_TUF_URL if staging else PRODUCTION_TUF_URL
    try:
        resource = resources.files("sigstore._store").joinpath(quote(url, safe=""),
                                                                "trusted_root.json")
        with resources.as_file(resource) as path:
            return TrustedRoot.from_file(str(path))
    except (ModuleNotFoundError, OSError) as exc:
        raise ConfigError(
            "the Sigstore trust root shipped with sigstore-python was not found",
            fix="Give a trusted_root.json file (--trusted-root).",
        ) from exc
    except Exception as exc:  # a damaged installation; sigstore's parsers raise many kinds
        raise ConfigError("the Sigstore trust root shipped with sigstore-python is "
                          f"unreadable: {_first_line(exc)}") from exc


def verify_bundle(
    bundle_path: Path,
    artifact_path: Path,
    *,
    identity: str | None,
    issuer: str | None,
    trusted_root: Path | None = None,
    staging: bool = False,
    offline: bool = True,
) -> VerifiedBundle:
    """Verify a bundle's signature over an artifact, made by the pinned identity and issuer."""
    policy = _policy(identity, issuer)
    root, root_name = load_trusted_root(trusted_root, staging=staging, offline=offline)
    raw, data = _read_bundle(bundle_path)
    if "messageSignature" not in data:
        raise BundleError(
            BundleFailure.WRONG_CONTENT,
            "this bundle signs a DSSE envelope, not an artifact" if "dsseEnvelope" in data
            else "this bundle holds no message signature",
            bundle=bundle_path, fix="Verify DSSE bundles with verify_dsse.")
    digest = _sha256_of(artifact_path, bundle_path)
    recorded = _recorded_digest(data)
    if recorded is not None and recorded != digest:
        raise BundleError(
            BundleFailure.ARTIFACT_MISMATCH,
            f"{artifact_path} has sha256 {digest.hex()}, but the bundle signs "
            f"sha256 {recorded.hex()}", bundle=bundle_path)
    bundle = _parse_bundle(raw, bundle_path)
    try:
        verifier = Verifier(trusted_root=root)
        verifier.verify_artifact(Hashed(algorithm=HashAlgorithm.SHA2_256, digest=digest),
                                 bundle, policy)
    except Exception as exc:  # every failure, expected or not, must end as a BundleError
        raise _classify(exc, bundle_path) from exc
    _check_unverified_parts(data, root, bundle_path)
    return VerifiedBundle(**_signer_facts(data, bundle, identity, issuer, root_name),
                          artifact_sha256=digest.hex())


def verify_dsse(
    bundle_path: Path,
    *,
    identity: str | None,
    issuer: str | None,
    trusted_root: Path | None = None,
    staging: bool = False,
    offline: bool = True,
    payload_type: str = IN_TOTO_PAYLOAD_TYPE,
) -> VerifiedEnvelope:
    """Verify a bundle wrapping a DSSE envelope; return its payload exactly as signed."""
    policy = _policy(identity, issuer)
    root, root_name = load_trusted_root(trusted_root, staging=staging, offline=offline)
    raw, data = _read_bundle(bundle_path)
    if "dsseEnvelope" not in data:
        raise BundleError(
            BundleFailure.WRONG_CONTENT,
            "this bundle signs an artifact, not a DSSE envelope"
            if "messageSignature" in data else "this bundle holds no DSSE envelope",
            bundle=bundle_path, fix="Verify artifact bundles with verify_bundle.")
    bundle = _parse_bundle(raw, bundle_path)
    try:
        verifier = Verifier(trusted_root=root)
        found_type, payload = verifier.verify_dsse(bundle, policy)
    except Exception as exc:  # every failure, expected or not, must end as a BundleError
        raise _classify(exc, bundle_path) from exc
    _check_unverified_parts(data, root, bundle_path)
    if found_type != payload_type:
        raise BundleError(BundleFailure.WRONG_PAYLOAD_TYPE,
                          f"the DSSE payload type is {found_type!r}, expected {payload_type!r}",
                          bundle=bundle_path)
    return VerifiedEnvelope(**_signer_facts(data, bundle, identity, issuer, root_name),
                            payload_type=found_type, payload=bytes(payload))


# The bundle's fields that protobuf-specs declares `bytes`, which JSON spells in base64.
_BYTES_FIELDS: Final = frozenset({
    "rawBytes", "digest", "signature", "keyId", "canonicalizedBody", "signedEntryTimestamp",
    "rootHash", "hashes", "signedTimestamp", "payload", "sig"})


def _check_unverified_parts(data: dict[str, Any], root: TrustedRoot, path: Path) -> None:
    """Refuse edits that sigstore-python's verification lets through (found by the tamper suite).

    They change nothing it verifies, but a verified bundle should have one spelling only:
    base64 with stray trailing bits, a log id naming no log of the trust root, a Rekor v2
    entry index that is not its proof's, a checkpoint whose log signature names another log
    than its origin line. Still not covered: witness cosignatures in a checkpoint (the trust
    root has no witness keys) and parts of an RFC 3161 token its verification ignores.
    """
    for where, text in _byte_strings(data, "bundle"):
        try:
            canonical = base64.b64encode(base64.b64decode(text, validate=True)).decode()
        except (binascii.Error, ValueError):
            canonical = None
        if canonical != text:
            raise BundleError(BundleFailure.MALFORMED, f"{where} is not canonically "
                              "base64-encoded: it was edited after signing", bundle=path)
    known = {base64.b64encode(t.log_id.key_id).decode()
             for t in root._inner.tlogs}  # sigstore has no public accessor
    for n, entry in enumerate(data["verificationMaterial"].get("tlogEntries") or []):
        log_id = (entry.get("logId") or {}).get("keyId")
        if log_id not in known:
            raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                              f"tlogEntries[{n}].logId names no log of the trust root",
                              bundle=path)
        proof = entry.get("inclusionProof") or {}
        if (entry.get("kindVersion") or {}).get("version") == "0.0.2" and \
                str(entry.get("logIndex")) != str(proof.get("logIndex")):
            # Rekor v2 logs are not sharded: only the inclusion proof's index is verified, and
            # the entry's own must be the same.
            raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                              f"tlogEntries[{n}].logIndex is not the index its inclusion "
                              "proof verifies", bundle=path)
        note = (proof.get("checkpoint") or {}).get("envelope")
        if isinstance(note, str) and "\n\n" in note:
            body, signatures = note.split("\n\n", 1)
            log = body.split("\n", 1)[0].split(" - ", 1)[0]
            first = signatures.split("\n", 1)[0].split(" ")
            if len(first) != 3 or first[0] != "\u2014" or first[1] != log:
                raise BundleError(
                    BundleFailure.LOG_ENTRY_MISMATCH,
                    f"tlogEntries[{n}]: the checkpoint's first signature does not name the "
                    f"log {log!r} its origin line names", bundle=path)


def _byte_strings(node: Any, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _BYTES_FIELDS:
                values = value if isinstance(value, list) else [value]
                found += [(f"{where}.{key}", v) for v in values if isinstance(v, str)]
            else:
                found += _byte_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _byte_strings(value, f"{where}[{i}]")
    return found


def _policy(identity: str | None, issuer: str | None) -> Identity:
    if not identity or not issuer:
        missing = " and ".join(
            name for name, value in (("identity", identity), ("OIDC issuer", issuer))
            if not value)
        raise UsageError(
            f"refusing to verify a Sigstore bundle without the signer's {missing}: without "
            "pinning who signed, any valid Sigstore signature by anyone would pass, which "
            "proves nothing.",
            fix="Give the expected certificate identity (e.g. the release workflow's URI) and "
            "its OIDC issuer (e.g. https://token.actions.githubusercontent.com); to check a "
            "signature made with a local key, verify the DSSE envelope with the public key.",
        )
    return Identity(identity=identity, issuer=issuer)


def _read_bundle(path: Path) -> tuple[bytes, dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(BundleFailure.UNREADABLE, f"cannot read the bundle: "
                          f"{exc.strerror or exc}", bundle=path) from exc
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


def _sha256_of(artifact: Path, bundle: Path) -> bytes:
    h = hashlib.sha256()
    try:
        with artifact.open("rb") as f:
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
    (BundleFailure.IDENTITY_MISMATCH, ("SANs do not match",)),
    (BundleFailure.ISSUER_MISMATCH, ("OIDCIssuer",)),
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


def _classify(exc: BaseException, bundle: Path) -> BundleError:
    """Turn whatever sigstore-python raised into a BundleError naming the failed step."""
    if isinstance(exc, BundleError):
        return exc
    message = _first_line(exc)
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


def _signer_facts(data: dict[str, Any], bundle: Bundle, identity: str | None,
                  issuer: str | None, root_name: str) -> dict[str, Any]:
    # Read from the bundle JSON that sigstore has just verified, not re-derived.
    entry = data["verificationMaterial"]["tlogEntries"][0]
    integrated: datetime | None = None
    if entry.get("inclusionPromise") and entry.get("integratedTime"):
        integrated = datetime.fromtimestamp(int(entry["integratedTime"]), tz=UTC)
    tsa = bundle.verification_material.timestamp_verification_data
    times = tuple(ts.tst_info.gen_time for ts in tsa.rfc3161_timestamps) if tsa else ()
    return {
        "identity": identity,
        "issuer": issuer,
        "trust_root": root_name,
        "media_type": data["mediaType"],
        "log_index": int(entry["logIndex"]),
        "integrated_time": integrated,
        "timestamp_times": times,
    }


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
