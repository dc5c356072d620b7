"""Keyless signing with Sigstore: an in-toto statement into a DSSE bundle (v0.3).

This is the one part of the package that needs the network: sigstore-python refreshes the trust
configuration over TUF, asks Fulcio for a short-lived certificate bound to an OIDC identity, and
records the signature in Rekor. The identity token is the one given, or the ambient one the CI
provides (GitHub Actions with `id-token: write`, and the other providers sigstore-python's
`detect_credential` knows).

The statement is checked here before anything leaves the machine, and its bytes are signed as
they are: sigstore-python's DSSE statement keeps the exact bytes it is given.
"""

from __future__ import annotations

from pathlib import Path

from sigstore import dsse as sigstore_dsse
from sigstore.errors import Error as SigstoreError
from sigstore.models import ClientTrustConfig
from sigstore.oidc import IdentityToken, detect_credential
from sigstore.sign import SigningContext

from margo_ssdf.attest.errors import SigningError
from margo_ssdf.attest.intoto import parse_statement
from margo_ssdf.files import write_atomic


def signing_context(*, staging: bool) -> SigningContext:
    """A signing context for Sigstore production or staging, refreshed over TUF (network)."""
    config = ClientTrustConfig.staging() if staging else ClientTrustConfig.production()
    return SigningContext.from_trust_config(config)


def sign_keyless(
    statement_bytes: bytes,
    identity_token: str | None,
    staging: bool,
    *,
    output: Path | None = None,
) -> bytes:
    """Sign an in-toto statement keylessly and return the Sigstore bundle's JSON bytes.

    `identity_token` is a raw OIDC token; when None, the CI's ambient credential is used. With
    `output`, the bundle is also written there atomically, byte for byte as returned.
    """
    parse_statement(statement_bytes)  # refuse a bad statement before touching the network
    token = _identity(identity_token)
    instance = "staging" if staging else "production"
    try:
        context = signing_context(staging=staging)
        with context.signer(token, cache=True) as signer:
            bundle = signer.sign_dsse(sigstore_dsse.Statement(statement_bytes))
        bundle_bytes = bundle.to_json().encode("utf-8")
    except Exception as exc:  # sigstore's Fulcio, Rekor and TSA clients raise plain Exceptions
        details = exc.diagnostics() if isinstance(exc, SigstoreError) else str(exc)
        raise SigningError(
            f"Sigstore {instance} keyless signing failed: "
            f"{_first_line(details or type(exc).__name__)}",
            fix="Check network access to Sigstore (TUF, Fulcio, Rekor) and that the identity "
            "token is fresh; sign offline with a local key otherwise.",
        ) from exc
    if output is not None:
        write_atomic(output, bundle_bytes)
    return bundle_bytes


def _identity(identity_token: str | None) -> IdentityToken:
    raw = identity_token
    if raw is None:
        try:
            raw = detect_credential()
        except SigstoreError as exc:
            raise SigningError(
                f"ambient OIDC credential detection failed: {_first_line(exc.diagnostics())}",
                fix="In GitHub Actions, grant the job `permissions: id-token: write`.",
            ) from exc
    if not raw:
        raise SigningError(
            "no OIDC identity token for keyless signing: none was given and no ambient "
            "credential was found.",
            fix="Run in CI with an OIDC provider (GitHub Actions: `permissions: id-token: "
            "write`), pass an identity token, or sign offline with a local key.",
        )
    try:
        return IdentityToken(raw)
    except SigstoreError as exc:
        raise SigningError(f"the OIDC identity token is unusable: {_first_line(str(exc))}",
                           fix="Get a fresh token whose audience is 'sigstore'.") from exc


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:3]) if lines else "no details"
