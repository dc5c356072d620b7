"""Errors of the signing and verification layer.

A failed verification is a finding about the attestation (exit code 1: whatever it vouches for
cannot be trusted), while a key that cannot be loaded is a configuration problem (exit code 2)
and a keyless signature that cannot be made is a step that could not run (exit code 3).
A Sigstore bundle that fails says at which step (`BundleFailure`), as a stable id.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final

from margo_ssdf.errors import ExitCode, MargoError

if TYPE_CHECKING:
    from margo_ssdf.attest.trust import PinCheck


class AttestationError(MargoError):
    """A statement, envelope or bundle is malformed or does not verify."""

    exit_code = ExitCode.NOT_COMPLIANT


class SignatureError(AttestationError):
    """A DSSE envelope is malformed or its signature does not verify."""


class KeyFileError(MargoError):
    """A key file cannot be read, decrypted or used, or cannot be written."""

    exit_code = ExitCode.USAGE


class SigningError(MargoError):
    """A keyless signature could not be made (no identity token, Sigstore unreachable...)."""

    exit_code = ExitCode.CHECK_ERROR


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
    PIN_MISMATCH = "pin-mismatch"
    """The certificate's source repository, source ref or build trigger is not the pinned one."""
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
    UNKNOWN_STATEMENT = "unknown-statement"
    """The DSSE payload is not an in-toto statement of a type this verifier understands."""
    SUBJECT_MISMATCH = "subject-mismatch"
    """The artifact's digest is not among the in-toto statement's subjects."""
    WRONG_KEY = "wrong-key"
    """A managed-key bundle's signature does not verify with the public key given."""
    PROVENANCE_MISMATCH = "provenance-mismatch"
    """SLSA provenance names another builder, source repository or ref than the one pinned,
    or its predicate disagrees with the signing certificate."""
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
    BundleFailure.PIN_MISMATCH: (
        "The bundle was signed by another repository, ref or kind of workflow run than the "
        "one you pinned; do not trust it."
    ),
    BundleFailure.ARTIFACT_MISMATCH: (
        "The file is not the one that was signed; do not trust it."
    ),
    BundleFailure.SUBJECT_MISMATCH: (
        "The statement is about other artifacts than the file you gave; do not trust it for "
        "this file."
    ),
    BundleFailure.WRONG_KEY: (
        "The bundle was not signed by the key you gave; do not trust it."
    ),
    BundleFailure.PROVENANCE_MISMATCH: (
        "The artifact was built by another builder, repository or ref than the one you "
        "pinned; do not trust it."
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
        self.pins: tuple[PinCheck, ...] = ()
        """Each pin judged against the signing certificate, when verification got that far."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type when it has none)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
