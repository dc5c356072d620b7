"""Statements, signatures and their verification.

- `intoto`: in-toto Statement v1 models, canonical bytes, strict parsing.
- `dsse`: DSSE v1 envelopes signed and verified with local keys.
- `keys`: ECDSA P-256 and Ed25519 PEM keys (load, generate, key ids).
- `trust`: who must have signed (`SignerPolicy`: a public key, or a pinned Sigstore signer).
- `sigstore_verify`: offline verification of Sigstore bundles (artifact and DSSE), with
  `trust_root` (the trust root to verify against) and `bundle_checks` (what sigstore-python
  lets through).
- `sigstore_sign`: keyless signing of a statement with Sigstore (needs the network).
- `signers`: the signing modes of `attest` and the signer each one builds.

Every name is imported on first use: sigstore-python takes most of a second to import, and the
key and envelope modules (cryptography, pydantic models) a fraction of one, which commands
that never sign or verify (`sbom`, `db`, `practices`) should not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from margo_ssdf.attest.dsse import (
        IN_TOTO_PAYLOAD_TYPE,
        Envelope,
        EnvelopeSignature,
        Signer,
        pae,
        parse_envelope,
        sign,
        sign_statement,
        verify,
    )
    from margo_ssdf.attest.errors import (
        AttestationError,
        BundleError,
        BundleFailure,
        KeyFileError,
        SignatureError,
        SigningError,
    )
    from margo_ssdf.attest.intoto import (
        STATEMENT_TYPE,
        ResourceDescriptor,
        Statement,
        canonical_bytes,
        parse_statement,
        statement,
        subject_for_file,
    )
    from margo_ssdf.attest.keys import (
        PASSWORD_ENV,
        KeyKind,
        KeySigner,
        PrivateKey,
        PublicKey,
        generate,
        keyid,
        load_private_key,
        load_public_key,
    )
    from margo_ssdf.attest.sigstore_sign import sign_keyless
    from margo_ssdf.attest.sigstore_verify import (
        VerifiedBundle,
        VerifiedEnvelope,
        VerifiedSigner,
        verify_bundle,
        verify_dsse,
    )
    from margo_ssdf.attest.trust import (
        KeylessSigner,
        PinCheck,
        PublicKeySigner,
        SignerPolicy,
        Unpinned,
    )
    from margo_ssdf.attest.trust_root import bundled_trusted_root, load_trusted_root

_NAMES = {
    "dsse": ("IN_TOTO_PAYLOAD_TYPE", "Envelope", "EnvelopeSignature", "Signer", "pae",
             "parse_envelope", "sign", "sign_statement", "verify"),
    "errors": ("AttestationError", "BundleError", "BundleFailure", "KeyFileError",
               "SignatureError", "SigningError"),
    "intoto": ("STATEMENT_TYPE", "ResourceDescriptor", "Statement", "canonical_bytes",
               "parse_statement", "statement", "subject_for_file"),
    "keys": ("PASSWORD_ENV", "KeyKind", "KeySigner", "PrivateKey", "PublicKey", "generate",
             "keyid", "load_private_key", "load_public_key"),
    "trust": ("KeylessSigner", "PinCheck", "PublicKeySigner", "SignerPolicy", "Unpinned"),
    "sigstore_sign": ("sign_keyless",),
    "sigstore_verify": ("VerifiedBundle", "VerifiedEnvelope", "VerifiedSigner", "verify_bundle",
                        "verify_dsse"),
    "trust_root": ("bundled_trusted_root", "load_trusted_root"),
}
_LAZY = {name: f"{__name__}.{module}" for module, names in _NAMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "IN_TOTO_PAYLOAD_TYPE",
    "PASSWORD_ENV",
    "STATEMENT_TYPE",
    "AttestationError",
    "BundleError",
    "BundleFailure",
    "Envelope",
    "EnvelopeSignature",
    "KeyFileError",
    "KeyKind",
    "KeySigner",
    "KeylessSigner",
    "PinCheck",
    "PrivateKey",
    "PublicKey",
    "PublicKeySigner",
    "ResourceDescriptor",
    "SignatureError",
    "Signer",
    "SignerPolicy",
    "SigningError",
    "Statement",
    "Unpinned",
    "VerifiedBundle",
    "VerifiedEnvelope",
    "VerifiedSigner",
    "bundled_trusted_root",
    "canonical_bytes",
    "generate",
    "keyid",
    "load_private_key",
    "load_public_key",
    "load_trusted_root",
    "pae",
    "parse_envelope",
    "parse_statement",
    "sign",
    "sign_keyless",
    "sign_statement",
    "statement",
    "subject_for_file",
    "verify",
    "verify_bundle",
    "verify_dsse",
]
