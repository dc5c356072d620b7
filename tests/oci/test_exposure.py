"""Credentials over plain HTTP go only to loopback; redirects and token realms cannot move them.

The review found `--plain-http` sending the registry password (and bearer tokens) to any host
in cleartext, and the token realm, which the registry names, receiving the password wherever it
pointed. The decision is made from the URL before any connection, so the refusals for remote
hosts are tested with the session's transport replaced: nothing leaves the machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from margo_ssdf.cli import main
from margo_ssdf.oci import exposure
from margo_ssdf.oci.client import Registry, sha256
from margo_ssdf.oci.credentials import Credentials
from margo_ssdf.oci.exposure import CredentialsWithheld
from margo_ssdf.oci.reference import parse
from tests.oci.conftest import Answering, serving

CREDS = Credentials("auditor", "s3cret-Pa55", "test")
DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.6.7", "localhost", "LOCALHOST.", "::1",
                                  "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert exposure.is_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "128.0.0.1", "0.0.0.0", "registry.example",
                                  "localhost.example.com", "127.0.0.1.nip.io", "::2", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not exposure.is_loopback(host)


@pytest.mark.parametrize("url", ["https://registry.example/v2/app",
                                 "http://127.0.0.1:5000/v2/app", "http://[::1]:5000/v2/app",
                                 "http://localhost:5000/token"])
def test_private_paths_may_get_credentials(url: str) -> None:
    assert exposure.refusal(url, "credentials") is None


@pytest.mark.parametrize("url", ["http://registry.example:5000/v2/app",
                                 "http://10.0.0.7/v2/app", "http://[fe80::1]:5000/v2/app",
                                 "ftp://127.0.0.1/v2/app"])
def test_cleartext_to_another_host_is_refused_with_the_host_and_the_fix(url: str) -> None:
    refused = exposure.refusal(url, "credentials")
    assert isinstance(refused, CredentialsWithheld)
    _, host, port = exposure.origin(url)
    text = refused.diagnostics()
    assert f"{host}:{port}" in text and "over plain HTTP" in text
    assert "HTTPS (drop --plain-http)" in text and "loopback" in text
    assert "\n" not in text


@pytest.mark.parametrize(("url", "meant_for", "ok"), [
    ("https://r.example/v2/app/blobs/x", "https://r.example/v2/app", True),
    ("http://r.example/v2/app/blobs/x", "https://r.example/v2/app", False),  # downgrade
    ("https://r.example:8443/v2/app", "https://r.example/v2/app", False),  # another port
    ("https://s3.example/blob", "https://r.example/v2/app", False),  # another host
    ("https://r.example/v2/app", "http://r.example/v2/app", False),  # even an upgrade
    ("http://127.0.0.1:5000/v2/x", "http://127.0.0.1:5000/v2/app", True),
    ("http://localhost:5000/v2/x", "http://127.0.0.1:5000/v2/app", False),
])
def test_authorization_stays_with_its_origin(url: str, meant_for: str, ok: bool) -> None:
    assert exposure.may_carry(url, meant_for) is ok


@pytest.mark.parametrize(("realm", "ok"), [
    ("https://auth.example/token", True), ("http://127.0.0.1:5001/token", True),
    ("http://auth.example/token", False)])
def test_a_token_realm_gets_the_password_only_over_a_private_path(realm: str, ok: bool) -> None:
    """A realm is the registry's word (Docker Hub's is another host), never cleartext."""
    assert (exposure.refusal(realm, "token requests") is None) is ok


# -- the client, with its transport replaced: the refusal comes before any credential leaves --


def _answer(status: int, headers: dict[str, str]) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    response.raw = io.BytesIO(b"")
    return response


@dataclass
class _Transport:
    """Every request the client makes (URL and headers), each answered 401 with `challenge`."""

    challenge: str = 'Basic realm="registry"'
    sent: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> _Transport:
    seen = _Transport()

    def request(self: requests.Session, method: str, url: str, **kw: Any) -> requests.Response:
        seen.sent.append((url, dict(kw.get("headers") or {})))
        return _answer(401, {"WWW-Authenticate": seen.challenge})

    monkeypatch.setattr(requests.Session, "request", request)
    return seen


@pytest.mark.parametrize("challenge", [
    'Basic realm="registry"',
    'Bearer realm="http://registry.example:5000/token",service="r",scope="repository:app:pull"',
    'Bearer realm="https://auth.example/token",service="r",scope="repository:app:pull"'])
def test_plain_http_to_a_remote_registry_sends_no_credentials(transport: _Transport,
                                                              challenge: str) -> None:
    transport.challenge = challenge
    registry = Registry(parse("oci://registry.example:5000/app"), plain_http=True,
                        credentials=CREDS)
    with registry, pytest.raises(CredentialsWithheld) as caught:
        registry.manifest(DIGEST)
    assert "registry.example:5000" in caught.value.message
    # One anonymous request, answered 401; no password, no token request, no retry.
    assert [(url, "Authorization" in headers) for url, headers in transport.sent] == [
        (f"http://registry.example:5000/v2/app/manifests/{DIGEST}", False)]


def test_cli_refuses_plain_http_credentials_for_a_remote_host(
        transport: _Transport, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_USERNAME", CREDS.username)
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_PASSWORD", CREDS.password)
    code = main(["fetch", f"oci://10.1.2.3:5000/app@{DIGEST}", "-o", str(tmp_path / "out"),
                 "--plain-http"])
    err = capsys.readouterr().err
    assert code == 3
    assert "10.1.2.3:5000: margo-ssdf does not send credentials" in err
    assert "drop --plain-http" in err and "Traceback" not in err
    assert CREDS.password not in err
    assert all("Authorization" not in headers for _, headers in transport.sent)


# -- redirects on loopback: a real server that moves a blob elsewhere --


class _Recorder(Answering):
    """Loopback registry stand-in: Basic auth, and blobs redirected to `target`."""

    target = ""
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization")
        self.seen.append((self.path, auth))
        if self.path.startswith("/storage/"):
            self.answer(200, {}, b"blob")
        elif auth != CREDS.basic():
            self.answer(401, {"WWW-Authenticate": 'Basic realm="test"'}, b"")
        else:
            self.answer(307, {"Location": self.target + "/storage/blob"}, b"")



@pytest.fixture
def redirecting() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"seen": []})
    with serving(handler) as host:
        yield host, handler


def test_a_redirect_to_another_origin_does_not_carry_the_password(
        redirecting: tuple[str, type[_Recorder]]) -> None:
    host, handler = redirecting
    # The same server under another host name: another origin, so no Authorization there.
    handler.target = f"http://localhost:{host.rsplit(':', 1)[1]}"
    with Registry(parse(f"oci://{host}/app"), plain_http=True, credentials=CREDS) as registry:
        data = registry.blob(sha256(b"blob"), 4)
    assert data == b"blob"
    assert [auth is not None for path, auth in handler.seen if "/v2/" in path] == [False, True]
    assert [auth for path, auth in handler.seen if path.startswith("/storage/")] == [None]
