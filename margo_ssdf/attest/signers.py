"""How `attest` signs a release's compliance statement: the signing modes and their signers.

Every signer takes the statement's canonical bytes and returns the file that carries the
signature, under a name suffix of its own:
- `KeyStatementSigner`: a DSSE envelope signed offline with a local key (`.dsse.json`);
- `SigstoreStatementSigner`: a Sigstore bundle signed keylessly (`.sigstore.json`, network).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Protocol, assert_never

from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE
from margo_ssdf.attest.dsse import sign as dsse_sign
from margo_ssdf.attest.keys import KeySigner, load_private_key
from margo_ssdf.errors import UsageError


class StatementSigner(Protocol):
    """Signs an in-toto statement into the bytes of a signed-attestation file."""

    @property
    def suffix(self) -> str:
        """What the signed file's name ends with, e.g. `.dsse.json`."""
        ...

    def sign(self, statement: bytes) -> bytes:
        """Sign the statement's bytes as they are; return the signed file's content."""
        ...


@dataclass(frozen=True)
class KeyStatementSigner:
    """Offline: a DSSE envelope signed with a local private key."""

    key: KeySigner
    suffix: ClassVar[str] = ".dsse.json"

    def sign(self, statement: bytes) -> bytes:
        """The DSSE envelope of the statement, as JSON."""
        return dsse_sign(statement, IN_TOTO_PAYLOAD_TYPE, self.key).to_json()


@dataclass(frozen=True)
class SigstoreStatementSigner:
    """Keyless: a Sigstore bundle bound to an OIDC identity (needs the network)."""

    identity_token: str | None
    """A raw OIDC token; None takes the CI's ambient credential."""
    staging: bool
    """Sign with Sigstore's staging instance instead of production."""
    suffix: ClassVar[str] = ".sigstore.json"

    def sign(self, statement: bytes) -> bytes:
        """The Sigstore bundle of the statement, as JSON."""
        # Imported here: sigstore-python takes most of a second to import.
        from margo_ssdf.attest.sigstore_sign import sign_keyless

        return sign_keyless(statement, self.identity_token, self.staging)


class SignMode(StrEnum):
    """How `attest` signs: the values of its --sign option."""

    SIGSTORE = "sigstore"
    KEY = "key"
    NONE = "none"

    def signer(self, *, key: Path | None = None, identity_token: str | None = None,
               staging: bool = False) -> StatementSigner | None:
        """The signer of this mode (None: unsigned); a key is loaded now, before any work."""
        match self:
            case SignMode.KEY:
                if key is None:
                    raise UsageError("--sign key needs --key PRIVATE_KEY.",
                                     fix="Create one with `margo-ssdf keygen`.")
                return KeyStatementSigner(KeySigner(load_private_key(key)))
            case SignMode.SIGSTORE:
                return SigstoreStatementSigner(identity_token, staging)
            case SignMode.NONE:
                return None
            case _:
                assert_never(self)
