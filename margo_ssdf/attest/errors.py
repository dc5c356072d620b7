"""Errors of the signing and verification layer.

A failed verification is a finding about the attestation (exit code 1: whatever it vouches for
cannot be trusted), while a key that cannot be loaded is a configuration problem (exit code 2)
and a keyless signature that cannot be made is a step that could not run (exit code 3).
"""

from __future__ import annotations

from margo_ssdf.errors import ExitCode, MargoError


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
