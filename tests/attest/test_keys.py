"""Local keys: only ECDSA P-256 and Ed25519, passwords from the environment, safe files."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from margo_ssdf.attest.errors import KeyFileError
from margo_ssdf.attest.keys import (
    PASSWORD_ENV,
    KeyKind,
    KeySigner,
    generate,
    keyid,
    kind_of,
    load_private_key,
    load_public_key,
    sign_bytes,
    verify_bytes,
)
from margo_ssdf.errors import UsageError

KINDS: tuple[KeyKind, ...] = ("ecdsa-p256", "ed25519")


@pytest.fixture(autouse=True)
def _no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_generate_writes_private_0600_and_public_0644(tmp_path: Path, kind: KeyKind, mask: int,
                                                      umask: None) -> None:
    os.umask(mask)
    kid = generate(kind, tmp_path / "key.pem", tmp_path / "key.pub", b"pw")
    assert mode(tmp_path / "key.pem") == 0o600
    assert mode(tmp_path / "key.pub") == 0o644
    assert kid == keyid(load_public_key(tmp_path / "key.pub"))


@pytest.mark.parametrize("kind", KINDS)
def test_generated_keys_load_and_match(tmp_path: Path, kind: KeyKind,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    generate(kind, tmp_path / "key.pem", tmp_path / "key.pub", b"s3cret")
    assert b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in (tmp_path / "key.pem").read_bytes()
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    private = load_private_key(tmp_path / "key.pem")
    public = load_public_key(tmp_path / "key.pub")
    assert kind_of(private) == kind_of(public) == kind
    assert keyid(private.public_key()) == keyid(public)


def test_unencrypted_generation(tmp_path: Path) -> None:
    generate("ed25519", tmp_path / "k", tmp_path / "k.pub", None)
    assert b"-----BEGIN PRIVATE KEY-----" in (tmp_path / "k").read_bytes()
    assert kind_of(load_private_key(tmp_path / "k")) == "ed25519"


def test_generate_refuses_to_overwrite_a_private_key(tmp_path: Path) -> None:
    (tmp_path / "key.pem").write_bytes(b"precious")
    with pytest.raises(KeyFileError, match="already exists; refusing to overwrite"):
        generate("ed25519", tmp_path / "key.pem", tmp_path / "key.pub", None)
    assert (tmp_path / "key.pem").read_bytes() == b"precious"
    assert not (tmp_path / "key.pub").exists()


def test_generate_refuses_to_overwrite_a_public_key_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "key.pub").write_bytes(b"precious")
    with pytest.raises(KeyFileError, match="already exists"):
        generate("ecdsa-p256", tmp_path / "key.pem", tmp_path / "key.pub", None)
    assert (tmp_path / "key.pub").read_bytes() == b"precious"
    assert not (tmp_path / "key.pem").exists()


def test_generate_does_not_follow_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "key.pem").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(KeyFileError, match="already exists"):
        generate("ed25519", tmp_path / "key.pem", tmp_path / "key.pub", None)
    assert not (tmp_path / "elsewhere").exists()


def test_generate_rejects_unknown_kind_and_empty_password(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown key kind 'rsa'"):
        generate("rsa", tmp_path / "k", tmp_path / "k.pub", None)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="empty password"):
        generate("ed25519", tmp_path / "k", tmp_path / "k.pub", b"")
    assert not list(tmp_path.iterdir())


def test_password_comes_from_the_environment(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    generate("ecdsa-p256", tmp_path / "k", tmp_path / "k.pub", "pässword".encode())
    with pytest.raises(KeyFileError, match=f"encrypted and {PASSWORD_ENV} is not set"):
        load_private_key(tmp_path / "k")
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    with pytest.raises(KeyFileError, match=f"the password in {PASSWORD_ENV} is wrong"):
        load_private_key(tmp_path / "k")
    monkeypatch.setenv(PASSWORD_ENV, "pässword")
    assert kind_of(load_private_key(tmp_path / "k")) == "ecdsa-p256"


def test_password_variable_name_can_be_chosen(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    generate("ed25519", tmp_path / "k", tmp_path / "k.pub", b"pw")
    monkeypatch.setenv(PASSWORD_ENV, "not this one")
    monkeypatch.setenv("RELEASE_KEY_PW", "pw")
    assert kind_of(load_private_key(tmp_path / "k", password_env="RELEASE_KEY_PW")) == "ed25519"
    monkeypatch.delenv("RELEASE_KEY_PW")
    with pytest.raises(KeyFileError, match="RELEASE_KEY_PW is not set"):
        load_private_key(tmp_path / "k", password_env="RELEASE_KEY_PW")


def test_password_set_for_an_unencrypted_key_is_refused(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    generate("ed25519", tmp_path / "k", tmp_path / "k.pub", None)
    monkeypatch.setenv(PASSWORD_ENV, "pw")
    with pytest.raises(KeyFileError, match=r"is set but private key .* is not encrypted"):
        load_private_key(tmp_path / "k")


def test_traditional_encrypted_pem_is_understood(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.BestAvailableEncryption(b"pw"))
    assert b"Proc-Type: 4,ENCRYPTED" in pem
    (tmp_path / "k").write_bytes(pem)
    with pytest.raises(KeyFileError, match="is not set"):
        load_private_key(tmp_path / "k")
    monkeypatch.setenv(PASSWORD_ENV, "pw")
    assert keyid(load_private_key(tmp_path / "k").public_key()) == keyid(key.public_key())


def _pems(key: object) -> tuple[bytes, bytes]:
    private = key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    public = key.public_key().public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


@pytest.mark.parametrize("make, named", [
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
     "an RSA key (2048 bits)"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "an ECDSA key on curve P-384 (secp384r1)"),
    (lambda: ec.generate_private_key(ec.SECP256K1()), "an ECDSA key on curve secp256k1"),
    (lambda: dsa.generate_private_key(key_size=2048), "a DSA key (2048 bits)"),
    (lambda: ed448.Ed448PrivateKey.generate(), "an Ed448 key"),
], ids=["rsa", "p384", "secp256k1", "dsa", "ed448"])
def test_other_key_types_are_refused_naming_the_type(tmp_path: Path, make: object,
                                                     named: str) -> None:
    private, public = _pems(make())  # type: ignore[operator]
    (tmp_path / "k").write_bytes(private)
    (tmp_path / "k.pub").write_bytes(public)
    with pytest.raises(KeyFileError, match="only ECDSA P-256 and Ed25519") as info:
        load_private_key(tmp_path / "k")
    assert named in info.value.message
    with pytest.raises(KeyFileError, match="only ECDSA P-256 and Ed25519") as info:
        load_public_key(tmp_path / "k.pub")
    assert named in info.value.message


def test_files_that_are_not_keys(tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("hello\n")
    with pytest.raises(KeyFileError, match="is not a PEM private key"):
        load_private_key(tmp_path / "junk")
    with pytest.raises(KeyFileError, match="is not a PEM public key"):
        load_public_key(tmp_path / "junk")
    with pytest.raises(KeyFileError, match="cannot read private key"):
        load_private_key(tmp_path / "missing")
    with pytest.raises(KeyFileError, match="cannot read public key"):
        load_public_key(tmp_path / "missing")
    generate("ed25519", tmp_path / "k", tmp_path / "k.pub", None)
    with pytest.raises(KeyFileError, match="is not a PEM public key"):
        load_public_key(tmp_path / "k")  # a private key given where the public one belongs
    with pytest.raises(KeyFileError, match="is not a PEM private key"):
        load_private_key(tmp_path / "k.pub")


@pytest.mark.parametrize("kind", KINDS)
def test_keyid_is_sha256_of_the_spki_der(tmp_path: Path, kind: KeyKind) -> None:
    kid = generate(kind, tmp_path / "k", tmp_path / "k.pub", None)
    # Decode the PEM by hand rather than asking cryptography for the DER again.
    lines = (tmp_path / "k.pub").read_text().strip().splitlines()
    assert lines[0] == "-----BEGIN PUBLIC KEY-----" and lines[-1] == "-----END PUBLIC KEY-----"
    der = base64.b64decode("".join(lines[1:-1]))
    assert kid == hashlib.sha256(der).hexdigest()
    assert len(kid) == 64


def test_ecdsa_signs_der_over_sha256_and_ed25519_signs_the_message() -> None:
    message = b"DSSEv1 3 abc 3 xyz"
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_sig = sign_bytes(ec_key, message)
    assert ec_sig[0] == 0x30  # an ASN.1 SEQUENCE: DER, not raw r||s
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
    ec_key.public_key().verify(ec_sig, hashlib.sha256(message).digest(),
                               ec.ECDSA(Prehashed(hashes.SHA256())))
    ed_key = ed25519.Ed25519PrivateKey.generate()
    ed_sig = sign_bytes(ed_key, message)
    assert len(ed_sig) == 64
    ed_key.public_key().verify(ed_sig, message)
    assert verify_bytes(ec_key.public_key(), ec_sig, message)
    assert verify_bytes(ed_key.public_key(), ed_sig, message)
    assert not verify_bytes(ec_key.public_key(), ec_sig, message + b"!")
    assert not verify_bytes(ed_key.public_key(), ed_sig, message + b"!")
    assert not verify_bytes(ed_key.public_key(), b"short", message)
    assert not verify_bytes(ec_key.public_key(), b"\x30\x00", message)


def test_key_signer_names_its_public_key() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    signer = KeySigner(key)
    assert signer.keyid == keyid(key.public_key())
    assert verify_bytes(key.public_key(), signer.sign(b"m"), b"m")
