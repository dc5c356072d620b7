"""A real OCI registry (Debian's docker-registry, the CNCF distribution 2.8) on 127.0.0.1,
and one release attested with a local key over a file and an image pushed to it."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from margo_ssdf.cli import main
from margo_ssdf.oci import media
from margo_ssdf.oci.client import Registry, sha256
from margo_ssdf.oci.credentials import Credentials
from margo_ssdf.oci.reference import Reference
from tests.conftest import make_project

BINARY = Path("/usr/bin/docker-registry")
USER, PASSWORD = "auditor", "s3cret-Pa55"


@dataclass(frozen=True)
class Running:
    host: str
    """127.0.0.1:PORT"""
    storage: Path

    def url(self, repo: str) -> str:
        return f"oci://{self.host}/{repo}"

    def client(self, repo: str, credentials: Credentials | None = None) -> Registry:
        """A client of `repo` (`repo@sha256:...` to name one manifest)."""
        name, _, digest = repo.partition("@")
        return Registry(Reference(self.host, name, digest=digest or None), plain_http=True,
                        credentials=credentials)

    def blob_file(self, digest: str) -> Path:
        hexa = digest.removeprefix("sha256:")
        return self.storage / "docker/registry/v2/blobs/sha256" / hexa[:2] / hexa / "data"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def start_registry(base: Path, *, htpasswd: bool = False) -> Iterator[Running]:
    if not BINARY.exists():
        pytest.skip(f"{BINARY} is not installed (apt-get install docker-registry)")
    storage = base / "storage"
    storage.mkdir(parents=True)
    host = f"127.0.0.1:{_free_port()}"
    auth = ""
    if htpasswd:
        bcrypt = pytest.importorskip("bcrypt")
        line = f"{USER}:{bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()}\n"
        (base / "htpasswd").write_text(line)
        auth = f"auth:\n  htpasswd:\n    realm: test\n    path: {base / 'htpasswd'}\n"
    config = base / "config.yml"
    config.write_text(
        "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: {host}\n  secret: test-only\n" + auth)
    log = (base / "registry.log").open("wb")
    proc = subprocess.Popen([str(BINARY), "serve", str(config)], stdout=log, stderr=log)
    try:
        _wait_ready(host, proc)
        yield Running(host, storage)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _wait_ready(host: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"docker-registry exited with {proc.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"http://{host}/v2/", timeout=2).status_code in (200, 401):
                return
        time.sleep(0.1)
    pytest.fail("docker-registry did not start within 30 s")


def push_image(registry: Registry, content: bytes) -> str:
    """A tiny image (empty config, one layer) pushed by digest; its manifest digest."""
    layer = registry.push_blob(content)
    registry.push_blob(b"{}")
    body = {"schemaVersion": 2, "mediaType": media.OCI_MANIFEST,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": media.EMPTY_DIGEST, "size": 2},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": layer, "size": len(content)}]}
    raw = json.dumps(body).encode()
    registry.put_manifest(raw, media.OCI_MANIFEST, sha256(raw))
    return sha256(raw)


@dataclass(frozen=True)
class Release:
    out: Path
    signed: Path
    pub: Path
    key: Path
    artifact: Path
    image: str
    """The digest of the attested image, in repository `app` of the session registry."""


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with start_registry(tmp_path_factory.mktemp("registry")) as running:
        yield running


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, osv_db: Path,
            registry: Running) -> Iterator[Release]:
    base = tmp_path_factory.mktemp("release")
    with pytest.MonkeyPatch.context() as mp:  # session scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CI", raising=False)
        yield _attest(base, registry)


def _attest(base: Path, registry: Running) -> Release:
    assert main(["keygen", "--out", str(base / "a")]) == 0
    project = make_project(base / "project")
    artifact = base / "demo-1.0.0.tar.gz"
    artifact.write_bytes(b"release file" * 50)
    with registry.client("app") as client:
        image = push_image(client, b"image layer of demo")
    out = base / "out"
    code = main(["attest", str(project), "--artifact", str(artifact), "--subject",
                 f"{registry.host}/app@{image}", "--sign", "key", "--key",
                 str(base / "a.key"), "--out", str(out)])
    assert code in (0, 1), code
    return Release(out, next(out.glob("*.dsse.json")), base / "a.pub", base / "a.key",
                   artifact, image)


def docker_config(directory: Path, host: str, user: str, password: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    (directory / "config.json").write_text(json.dumps({"auths": {host: {"auth": auth}}}))
    return directory


class Answering(BaseHTTPRequestHandler):
    """A test HTTP handler with one way to answer: status, headers, body and its length."""

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """`handler` served on a free loopback port in a thread: yields its host:port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
