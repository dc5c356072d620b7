"""Keyless signing with Sigstore.

Real keyless signing needs the network (TUF, Fulcio, Rekor) and an OIDC identity, so these tests
replace sigstore-python's signing context with a fake that subclasses the real one. What is
still real and checked: the statement is validated before anything else happens, the exact
statement bytes reach sigstore-python's DSSE signer (no re-serialisation), the identity token
given (or the ambient one) is the one used, the instance chosen is the one asked for, and the
bundle bytes come back and are written unchanged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jwt
import pytest
from sigstore import dsse as sigstore_dsse
from sigstore.errors import NetworkError
from sigstore.oidc import IdentityToken
from sigstore.sign import Signer, SigningContext

from margo_ssdf.attest import sigstore_sign
from margo_ssdf.attest.errors import AttestationError, SigningError
from margo_ssdf.attest.intoto import ResourceDescriptor, canonical_bytes, statement
from margo_ssdf.attest.sigstore_sign import sign_keyless

BUNDLE_JSON = '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","note":"façade"}'


def release_statement() -> bytes:
    rd = ResourceDescriptor(name="agent.tar.gz", digest={"sha256": "cd" * 32})
    return canonical_bytes(statement([rd], "https://example.org/compliance/v1", {"ok": True}))


def oidc_token(identity: str = "release@example.org") -> str:
    now = int(time.time())
    claims = {"iss": "https://issuer.example.org", "sub": identity, "aud": "sigstore",
              "iat": now, "exp": now + 600}
    return jwt.encode(claims, "a test key that is long enough for HS256", algorithm="HS256")


class FakeBundle:
    def to_json(self) -> str:
        return BUNDLE_JSON


class FakeSigner(Signer):
    def __init__(self, token: IdentityToken, log: dict[str, object],
                 error: Exception | None) -> None:
        # No super().__init__: the real one asks Fulcio for a certificate over the network.
        self.token = token
        self.log = log
        self.error = error

    def sign_dsse(self, input_: sigstore_dsse.Statement) -> FakeBundle:  # type: ignore[override]
        if self.error is not None:
            raise self.error
        self.log["statement"] = input_
        self.log["identity"] = self.token.identity
        return FakeBundle()


class FakeContext(SigningContext):
    def __init__(self, log: dict[str, object], error: Exception | None = None) -> None:
        # No super().__init__: it needs Fulcio and Rekor clients.
        self.log = log
        self.error = error

    @contextmanager
    def signer(self, identity_token: IdentityToken, *, cache: bool = True) -> Iterator[Signer]:
        yield FakeSigner(identity_token, self.log, self.error)


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    calls: dict[str, object] = {}

    def fake_context(*, staging: bool) -> SigningContext:
        calls["staging"] = staging
        return FakeContext(calls, calls.get("error"))  # type: ignore[arg-type]

    monkeypatch.setattr(sigstore_sign, "signing_context", fake_context)
    monkeypatch.setattr(sigstore_sign, "detect_credential", lambda: None)
    return calls


def test_exact_statement_bytes_are_signed_and_bundle_returned(log: dict[str, object],
                                                              tmp_path: Path) -> None:
    raw = release_statement()
    out = tmp_path / "out" / "release.sigstore.json"
    result = sign_keyless(raw, oidc_token(), staging=True, output=out)
    assert result == BUNDLE_JSON.encode("utf-8")
    assert out.read_bytes() == result
    stmt = log["statement"]
    assert isinstance(stmt, sigstore_dsse.Statement)
    # sigstore-python signs Statement._contents as the DSSE payload; it must be our bytes.
    assert stmt._contents == raw
    assert log["identity"] == "release@example.org"
    assert log["staging"] is True


def test_pretty_printed_statement_is_signed_as_is(log: dict[str, object]) -> None:
    raw = json.dumps(json.loads(release_statement()), indent=2).encode() + b"\n"
    sign_keyless(raw, oidc_token(), staging=False)
    stmt = log["statement"]
    assert isinstance(stmt, sigstore_dsse.Statement)
    assert stmt._contents == raw
    assert log["staging"] is False


def test_ambient_credential_is_used_when_no_token_is_given(
        log: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sigstore_sign, "detect_credential",
                        lambda: oidc_token("https://github.com/o/r/.github/workflows/r.yml@v1"))
    sign_keyless(release_statement(), None, staging=False)
    assert log["identity"] == "https://github.com/o/r/.github/workflows/r.yml@v1"


def test_no_token_anywhere_is_a_clear_error(log: dict[str, object]) -> None:
    with pytest.raises(SigningError, match="no OIDC identity token") as info:
        sign_keyless(release_statement(), None, staging=False)
    assert "id-token: write" in info.value.diagnostics()
    assert info.value.exit_code == 3
    assert "staging" not in log  # nothing was contacted


def test_malformed_token_is_refused(log: dict[str, object]) -> None:
    with pytest.raises(SigningError, match="identity token is unusable"):
        sign_keyless(release_statement(), "not-a-jwt", staging=False)
    assert "staging" not in log


def test_invalid_statement_is_refused_before_any_network(log: dict[str, object]) -> None:
    weak = json.loads(release_statement())
    weak["subject"][0]["digest"] = {"sha1": "0" * 40}
    with pytest.raises(AttestationError, match="'sha1' is not accepted"):
        sign_keyless(json.dumps(weak).encode(), oidc_token(), staging=False)
    with pytest.raises(AttestationError, match="not valid JSON"):
        sign_keyless(b"{", oidc_token(), staging=False)
    assert log == {}


@pytest.mark.parametrize("error", [NetworkError(), RuntimeError("Fulcio said no")])
def test_sigstore_failures_become_signing_errors_and_write_nothing(
        log: dict[str, object], tmp_path: Path, error: Exception) -> None:
    log["error"] = error
    out = tmp_path / "release.sigstore.json"
    with pytest.raises(SigningError, match="keyless signing failed"):
        sign_keyless(release_statement(), oidc_token(), staging=False, output=out)
    assert not out.exists()
