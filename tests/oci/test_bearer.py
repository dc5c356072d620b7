"""The Bearer token flow, against the real registry behind a token gate.

Configuring distribution's own token auth needs a signing certificate chain; a small gate in
front of the real docker-registry does what it would: it answers 401 with
`WWW-Authenticate: Bearer realm=...,service=...,scope=...` until a request carries a token the
token server (http.server on loopback) issued, then forwards to the real registry. The token
server issues a token only for the right Basic credentials (or, when told, anonymously).
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from margo_ssdf.cli import main
from margo_ssdf.oci.credentials import for_registry
from tests.oci.conftest import (
    PASSWORD,
    USER,
    Answering,
    Release,
    Running,
    push_image,
    serving,
    start_registry,
)
from tests.oci.test_referrers_api import _Proxy

SERVICE = "test-registry"


class _Tokens(Answering):
    """GET /token: a fresh token for the right Basic credentials, else 401."""

    issued: ClassVar[set[str]] = set()
    asked: ClassVar[list[tuple[dict[str, list[str]], str | None]]] = []
    anonymous = False

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization")
        self.asked.append((parse_qs(urlsplit(self.path).query), auth))
        if auth != _basic() and not (self.anonymous and auth is None):
            self._json(401, {"errors": [{"message": "bad credentials"}]})
            return
        token = secrets.token_hex(16)
        self.issued.add(token)
        self._json(200, {"token": token})

    def _json(self, status: int, body: dict[str, object]) -> None:
        self.answer(status, {"Content-Type": "application/json"}, json.dumps(body).encode())


class _Gate(_Proxy):
    """The real registry, reachable only with a token `tokens` issued."""

    tokens: ClassVar[type[_Tokens]]
    realm = ""
    bearers: ClassVar[list[str]] = []

    def _allowed(self) -> bool:
        auth = self.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ")
        if auth.startswith("Bearer ") and token in self.tokens.issued:
            self.bearers.append(token)
            return True
        scope = f"repository:{self.path.split('/')[2]}:pull,push"
        challenge = f'Bearer realm="{self.realm}",service="{SERVICE}",scope="{scope}"'
        self.answer(401, {"WWW-Authenticate": challenge, "Content-Type": "application/json"},
                     b'{"errors":[{"code":"UNAUTHORIZED"}]}')
        return False

    def do_GET(self) -> None:
        if self._allowed():
            self._forward()

    def do_HEAD(self) -> None:
        if self._allowed():
            self._forward()

    def do_POST(self) -> None:
        if self._allowed():
            self._forward()

    def do_PUT(self) -> None:
        if self._allowed():
            self._forward()


@dataclass(frozen=True)
class Gated:
    running: Running
    """The gate's address, with the real registry's storage."""
    tokens: type[_Tokens]
    gate: type[_Gate]


@contextlib.contextmanager
def _gated(base: Path, *, realm_host: str, anonymous: bool = False) -> Iterator[Gated]:
    tokens = type("Tokens", (_Tokens,), {"issued": set(), "asked": [], "anonymous": anonymous})
    with start_registry(base) as real, serving(tokens) as token_host:
        realm = f"http://{realm_host}:{token_host.rsplit(':', 1)[1]}/token"
        gate = type("Gate", (_Gate,), {"upstream": f"http://{real.host}", "referrers": {},
                                       "asked": [], "tokens": tokens, "realm": realm,
                                       "bearers": []})
        with serving(gate) as gate_host:
            yield Gated(Running(gate_host, real.storage), tokens, gate)


def _login(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_USERNAME", USER)
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_PASSWORD", PASSWORD)
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "no-docker-config"))


def _publish_and_audit(release: Release, gated: Gated,
                       capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    # The attested image first, through the same token flow, with what the CLI would read.
    with gated.running.client("app", for_registry(gated.running.host)) as client:
        assert push_image(client, b"image layer of demo") == release.image
    assert main(["publish", str(release.out), "--to", gated.running.url("app"), "--plain-http",
                 "--format", "json"]) == 0
    pushed = json.loads(capsys.readouterr().out)
    main(["audit", pushed[0]["reference"], "--plain-http", "--key", str(release.pub),
          "--format", "json"])
    out = capsys.readouterr().out
    assert PASSWORD not in out
    return json.loads(out)  # type: ignore[no-any-return]


def test_bearer_token_from_a_realm_on_the_registry_host(
        release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _login(monkeypatch, tmp_path)
    with _gated(tmp_path / "r", realm_host="127.0.0.1") as gated:
        result = _publish_and_audit(release, gated, capsys)
    assert result["verified"] is True
    assert gated.gate.bearers, "the registry was never reached with a token"
    params = gated.tokens.asked[0][0]
    assert params["service"] == [SERVICE] and params["scope"] == ["repository:app:pull,push"]
    assert {auth for _, auth in gated.tokens.asked} == {_basic()}


def test_wrong_password_at_the_realm_is_refused_without_showing_it(
        release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _login(monkeypatch, tmp_path)
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_PASSWORD", "wrong-one")
    with _gated(tmp_path / "r", realm_host="127.0.0.1") as gated:
        code = main(["publish", str(release.out), "--to", gated.running.url("app"),
                     "--plain-http"])
    err = capsys.readouterr().err
    assert code == 3 and "refused access to app (HTTP 401) with the credentials from" in err
    assert "wrong-one" not in err and not gated.gate.bearers


def test_a_realm_on_another_host_gets_the_password_as_docker_sends_it(
        release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The realm is the registry's word (Docker Hub's is auth.docker.io): `localhost` is
    another host than 127.0.0.1, and loopback is a private path."""
    _login(monkeypatch, tmp_path)
    with _gated(tmp_path / "r", realm_host="localhost") as gated:
        result = _publish_and_audit(release, gated, capsys)
    assert result["verified"] is True and gated.gate.bearers
    assert gated.tokens.asked and all(auth == _basic() for _, auth in gated.tokens.asked)


def test_a_realm_on_another_host_serves_anonymous_tokens(
        release: Release, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with _gated(tmp_path / "r", realm_host="localhost", anonymous=True) as gated:
        result = _publish_and_audit(release, gated, capsys)
    assert result["verified"] is True and gated.gate.bearers
    assert all(auth is None for _, auth in gated.tokens.asked)


def _basic() -> str:
    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
