"""The referrers API path. distribution 2.8 has none, so a small in-process proxy in front of
the real registry adds it: it answers GET /v2/<repo>/referrers/<digest> from the manifests
pushed through it and confirms each subject with the `OCI-Subject` header, as an OCI 1.1
registry does. Everything else is the real registry's answer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from margo_ssdf.cli import main
from margo_ssdf.oci import media
from tests.oci.conftest import (
    Answering,
    Release,
    Running,
    push_image,
    serving,
    start_registry,
)

_REFERRERS = re.compile(r"^/v2/(?P<repo>.+)/referrers/(?P<digest>sha256:[0-9a-f]{64})")
_MANIFEST = re.compile(r"^/v2/(?P<repo>.+)/manifests/(?P<ref>[^/?]+)$")


class _Proxy(Answering):
    upstream = ""
    referrers: ClassVar[dict[str, list[dict[str, Any]]]] = {}
    asked: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        found = _REFERRERS.match(self.path)
        if found:
            self.asked.append(found["digest"])
            body = json.dumps({"schemaVersion": 2, "mediaType": media.OCI_INDEX,
                               "manifests": self.referrers.get(found["digest"], [])}).encode()
            self.answer(200, {"Content-Type": media.OCI_INDEX}, body)
            return
        self._forward()

    def do_HEAD(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else None
        keep = ("Content-Type", "Accept", "Authorization")
        answer = requests.request(self.command, self.upstream + self.path, data=data, timeout=30,
                                  headers={k: v for k, v in self.headers.items() if k in keep},
                                  allow_redirects=False)
        headers = {k: v for k, v in answer.headers.items()
                   if k.lower() not in ("transfer-encoding", "connection", "content-length")}
        pushed = _MANIFEST.match(self.path)
        if self.command == "PUT" and pushed and answer.status_code == 201 and data:
            body = json.loads(data)
            subject = (body.get("subject") or {}).get("digest")
            if subject:
                self.referrers.setdefault(subject, []).append({
                    "mediaType": body["mediaType"], "artifactType": body.get("artifactType"),
                    "digest": answer.headers["Docker-Content-Digest"], "size": len(data)})
                headers["OCI-Subject"] = subject
        self.answer(answer.status_code, headers, b"" if self.command == "HEAD" else answer.content)



@pytest.fixture
def with_api(tmp_path: Path) -> Iterator[tuple[Running, type[_Proxy]]]:
    with start_registry(tmp_path / "r") as real:
        handler = type("Handler", (_Proxy,), {"upstream": f"http://{real.host}",
                                              "referrers": {}, "asked": []})
        with serving(handler) as host:
            yield Running(host, real.storage), handler


def test_referrers_api_is_used_when_the_registry_has_it(
        release: Release, with_api: tuple[Running, type[_Proxy]],
        capsys: pytest.CaptureFixture[str]) -> None:
    registry, proxy = with_api
    with registry.client("app") as client:
        assert push_image(client, b"image layer of demo") == release.image
    assert main(["publish", str(release.out), "--to", registry.url("app"), "--plain-http",
                 "--format", "json"]) == 0
    pushed = json.loads(capsys.readouterr().out)
    referrer = next(p for p in pushed if p["subject"] == release.image)
    assert referrer["referrers"] == "api"
    # No tag-schema index was written: the API lists the referrer.
    hexa = release.image.removeprefix("sha256:")
    assert requests.get(f"http://{registry.host}/v2/app/manifests/sha256-{hexa}", timeout=10,
                        headers={"Accept": media.OCI_INDEX}).status_code == 404
    code = main(["audit", f"{registry.url('app')}@{release.image}", "--plain-http",
                 "--key", str(release.pub), "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert proxy.asked == [release.image]
    assert result["verified"] is True and code in (0, 4)
