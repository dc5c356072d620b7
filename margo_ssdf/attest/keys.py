"""Local signing keys for offline signing: ECDSA P-256 or Ed25519, in PEM files.

Only two kinds of key are accepted, so that every verifier knows exactly which algorithm a
signature uses: ECDSA over NIST P-256 with SHA-256 (signature DER-encoded), and Ed25519 (signing
the message itself). Anything else (RSA, DSA, other curves) is refused with the kind found.

A private key's password is read from an environment variable, never from the command line,
where it would end up in shell history and in the process list.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, get_args

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519

from margo_ssdf.attest.errors import KeyFileError
from margo_ssdf.errors import UsageError
from margo_ssdf.files import open_regular

PASSWORD_ENV: Final = "MARGO_SSDF_KEY_PASSWORD"  # noqa: S105 (a variable name, not a secret)
"""Environment variable holding the private key's password, unless another name is given."""

KeyKind = Literal["ecdsa-p256", "ed25519"]
"""The kinds of key margo-ssdf signs and verifies with."""

KEY_KINDS: Final[tuple[str, ...]] = get_args(KeyKind)

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
"""A private key of an accepted kind (ECDSA keys are always on P-256)."""

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
"""A public key of an accepted kind (ECDSA keys are always on P-256)."""

_CURVE_NAMES: Final = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


def load_private_key(path: Path, *, password_env: str = PASSWORD_ENV) -> PrivateKey:
    """Load a PEM private key, decrypting it with the password in `password_env` if encrypted."""
    pem = _read(path, "private key")
    password_text = os.environ.get(password_env) or None
    encrypted = (b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in pem
                 or b"Proc-Type: 4,ENCRYPTED" in pem)
    if encrypted and password_text is None:
        raise KeyFileError(
            f"private key {path} is encrypted and {password_env} is not set.",
            fix=f"Put the key's password in the environment variable {password_env}.",
        )
    if not encrypted and password_text is not None:
        raise KeyFileError(
            f"{password_env} is set but private key {path} is not encrypted.",
            fix=f"Check that this is the intended key file, or unset {password_env}.",
        )
    password = password_text.encode("utf-8") if password_text is not None else None
    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except ValueError as exc:
        if encrypted:
            raise KeyFileError(
                f"cannot decrypt private key {path}: the password in {password_env} is wrong "
                "or the file is damaged.",
                fix=f"Set {password_env} to the password the key was encrypted with.",
            ) from exc
        raise KeyFileError(
            f"{path} is not a PEM private key ({_first_line(exc)}).",
            fix="Give a PKCS#8 or traditional PEM file, or create one with `generate`.",
        ) from exc
    except (TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"cannot load private key {path}: {exc}") from exc
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise KeyFileError(
        f"private key {path} is {describe_key(key)}; only ECDSA P-256 and Ed25519 keys are "
        "accepted.",
        fix="Create a supported key with `generate` (ecdsa-p256 or ed25519).",
    )


def load_public_key(path: Path) -> PublicKey:
    """Load a PEM public key (SubjectPublicKeyInfo) of an accepted kind."""
    pem = _read(path, "public key")
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(
            f"{path} is not a PEM public key ({_first_line(exc)}).",
            fix="Give the '-----BEGIN PUBLIC KEY-----' file written next to the private key.",
        ) from exc
    if isinstance(key, ed25519.Ed25519PublicKey):
        return key
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise KeyFileError(
        f"public key {path} is {describe_key(key)}; only ECDSA P-256 and Ed25519 keys are "
        "accepted."
    )


def keyid(public_key: PublicKey) -> str:
    """The key's id: lowercase hex SHA-256 of its DER SubjectPublicKeyInfo."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def kind_of(key: PrivateKey | PublicKey) -> KeyKind:
    """Which accepted kind a key is."""
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "ed25519"
    return "ecdsa-p256"


def sign_bytes(private_key: PrivateKey, message: bytes) -> bytes:
    """Sign: ECDSA P-256 over SHA-256 (DER signature), or Ed25519 over the message itself."""
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return private_key.sign(message)
    return private_key.sign(message, ec.ECDSA(hashes.SHA256()))


def verify_bytes(public_key: PublicKey, signature: bytes, message: bytes) -> bool:
    """Whether `signature` is a valid signature of `message` by `public_key`."""
    try:
        if isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, message)
        else:
            public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class KeySigner:
    """Signs with a local private key; what `dsse.sign` is given for offline signing."""

    private_key: PrivateKey
    """The key that signs."""

    @property
    def keyid(self) -> str:
        """Id of the matching public key, recorded as the envelope signature's keyid hint."""
        return keyid(self.private_key.public_key())

    def sign(self, message: bytes) -> bytes:
        """Sign the message (for DSSE, the PAE bytes)."""
        return sign_bytes(self.private_key, message)


def generate(
    kind: KeyKind, private_path: Path, public_path: Path, password: bytes | None
) -> str:
    """Create a key pair; the private key file gets mode 0600, the public one 0644.

    Neither file may exist already: a key is never overwritten. Returns the new key's id.
    """
    private_key: PrivateKey
    if kind == "ecdsa-p256":
        private_key = ec.generate_private_key(ec.SECP256R1())
    elif kind == "ed25519":
        private_key = ed25519.Ed25519PrivateKey.generate()
    else:
        raise UsageError(f"unknown key kind {kind!r}; choose one of {', '.join(KEY_KINDS)}")
    if password is not None and not password:
        raise UsageError("an empty password cannot encrypt a key; give None for no encryption")
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password is not None
        else serialization.NoEncryption()
    )
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # Check both first so a refusal leaves nothing behind; O_EXCL still guards against races.
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise KeyFileError(
                f"{path} already exists; refusing to overwrite a key file.",
                fix="Choose another path, or move the old key away first.",
            )
    _create_exclusive(private_path, private_pem, 0o600)
    try:
        _create_exclusive(public_path, public_pem, 0o644)
    except BaseException:
        private_path.unlink(missing_ok=True)
        raise
    return keyid(private_key.public_key())


def describe_key(key: object) -> str:
    """Name a key's kind in words, e.g. 'an RSA key (2048 bits)'."""
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return f"an RSA key ({key.key_size} bits)"
    if isinstance(key, dsa.DSAPrivateKey | dsa.DSAPublicKey):
        return f"a DSA key ({key.key_size} bits)"
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        name = key.curve.name
        return f"an ECDSA key on curve {_CURVE_NAMES.get(name, name)} ({name})"
    if isinstance(key, ed448.Ed448PrivateKey | ed448.Ed448PublicKey):
        return "an Ed448 key"
    if isinstance(key, x25519.X25519PrivateKey | x25519.X25519PublicKey):
        return "an X25519 key (key agreement only, it cannot sign)"
    if isinstance(key, x448.X448PrivateKey | x448.X448PublicKey):
        return "an X448 key (key agreement only, it cannot sign)"
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "an Ed25519 key"
    return f"a {type(key).__name__} key"


def _read(path: Path, what: str) -> bytes:
    # A FIFO or device given as the key is refused before it is read: it could block forever.
    try:
        with open_regular(path) as f:
            return f.read()
    except OSError as exc:
        raise KeyFileError(f"cannot read {what} {path}: {exc.strerror or exc}.",
                           fix="Give the PEM file `margo-ssdf keygen` wrote.") from exc


def _create_exclusive(path: Path, data: bytes, mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError as exc:
        raise KeyFileError(
            f"{path} already exists; refusing to overwrite a key file.",
            fix="Choose another path, or move the old key away first.",
        ) from exc
    except OSError as exc:
        raise KeyFileError(f"cannot create {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            # The umask may have narrowed the mode given to open(); set exactly what we mean.
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KeyFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _first_line(exc: Exception) -> str:
    return str(exc).split(". ")[0].strip()
