"""publish -> discover -> audit against a real registry (distribution 2.8, which has no
referrers API, so these exercise the referrers tag schema; test_referrers_api.py covers the
API through a proxy that adds it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from margo_ssdf.cli import main
from margo_ssdf.oci import media
from margo_ssdf.oci.client import DigestMismatch, Registry, RegistryError, sha256
from margo_ssdf.oci.fetch import NoAttestation, pull
from margo_ssdf.oci.publish import publish
from margo_ssdf.oci.reference import parse
from tests.oci.conftest import (
    PASSWORD,
    USER,
    Answering,
    Release,
    Running,
    docker_config,
    push_image,
    serving,
    start_registry,
)


def _json_out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, Any]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def _published(capsys: pytest.CaptureFixture[str], release: Release, url: str,
               *extra: str) -> list[dict[str, Any]]:
    code, pushed = _json_out(capsys, ["publish", str(release.out), "--to", url,
                                      "--plain-http", "--format", "json", *extra])
    assert code == 0
    return pushed  # type: ignore[no-any-return]


def test_audit_from_registry_equals_audit_from_files(
        release: Release, registry: Running, capsys: pytest.CaptureFixture[str]) -> None:
    pushed = _published(capsys, release, registry.url("app"))
    by_subject = {p["subject"]: p for p in pushed}
    # One referrer of the image, one tagged artifact for the plain file.
    assert set(by_subject) == {release.image, None}
    assert by_subject[release.image]["referrers"] == "tag schema"
    assert by_subject[None]["tag"] == media.release_tag(release.signed.name)
    files = _json_out(capsys, ["audit", str(release.signed), "--evidence-dir",
                               str(release.out), "--key", str(release.pub), "--format", "json"])
    assert files[1]["verified"] is True
    for ref, image in ((f"{registry.url('app')}@{release.image}", release.image),
                       (by_subject[release.image]["reference"], release.image),
                       (by_subject[None]["reference"], None)):
        oci = _json_out(capsys, ["audit", ref, "--plain-http", "--key", str(release.pub),
                                 "--format", "json"])[1]
        if image is not None:
            # The registry's subject link is unsigned: the image must be a signed subject.
            bound = [s for s in oci["steps"] if s["name"].startswith("artifact sha256:")]
            assert [(s["ok"], s["detail"]) for s in bound] == [(True, f"{image} is a subject")]
            oci["steps"] = [s for s in oci["steps"] if s not in bound]
            assert oci.pop("artifacts_checked") == 1
            assert oci.pop("verdict_line").endswith("1 artifact(s) checked against the subjects")
            oci["artifacts_checked"] = 0
            oci["verdict_line"] = files[1]["verdict_line"]
        assert oci == files[1], ref


def test_an_attestation_attached_to_another_image_does_not_verify(
        release: Release, registry: Running, capsys: pytest.CaptureFixture[str]) -> None:
    """Replay: whoever can push attaches a compliant release's artifact to an image it never
    attested. The referrer link is the registry's word; the signed subjects decide."""
    from margo_ssdf.oci.publish import _add_to_tag_index, collect, manifest_bytes

    with registry.client("app") as client:
        other = push_image(client, b"an image the release never named")
        layers, _ = collect(release.out)
        for layer in layers:
            client.push_blob(layer.data)
        raw = manifest_bytes(layers, "replayed", client.manifest(other))
        client.put_manifest(raw, media.OCI_MANIFEST, sha256(raw))
        _add_to_tag_index(client, other, {"mediaType": media.OCI_MANIFEST,
                                          "digest": sha256(raw), "size": len(raw),
                                          "artifactType": media.ARTIFACT_TYPE})
    code, oci = _json_out(capsys, ["audit", f"{registry.url('app')}@{other}", "--plain-http",
                                   "--key", str(release.pub), "--format", "json"])
    assert code == 1 and oci["verified"] is False
    failed = [s for s in oci["steps"] if not s["ok"]]
    assert [s["name"] for s in failed] == [f"artifact {other[:19]}..."]
    assert "NOT among the attested subjects" in failed[0]["detail"]


def test_fetch_saves_what_audit_accepts(release: Release, registry: Running, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _published(capsys, release, registry.url("app"))
    out = tmp_path / "fetched"
    assert main(["fetch", f"{registry.url('app')}@{release.image}", "--plain-http",
                 "-o", str(out)]) == 0
    attestation = Path(capsys.readouterr().out.strip())
    assert attestation.read_bytes() == release.signed.read_bytes()
    argv = ["--key", str(release.pub), "--format", "json"]
    fetched = _json_out(capsys, ["audit", str(attestation), "--evidence-dir", str(out), *argv])
    files = _json_out(capsys, ["audit", str(release.signed), "--evidence-dir",
                               str(release.out), *argv])
    assert fetched == files and files[1]["verified"] is True


def test_tag_schema_lists_each_referrer_once(release: Release, registry: Running,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    first = _published(capsys, release, registry.url("app"))
    again = _published(capsys, release, registry.url("app"))
    assert first == again  # no timestamp: the same directory is the same artifact
    hexa = release.image.removeprefix("sha256:")
    base = f"http://{registry.host}/v2/app"
    # distribution 2.8 has no referrers API: that is why the tag schema is used.
    assert requests.get(f"{base}/referrers/{release.image}", timeout=10).status_code == 404
    index = requests.get(f"{base}/manifests/sha256-{hexa}", timeout=10,
                         headers={"Accept": media.OCI_INDEX}).json()
    referrer = next(p["reference"] for p in first if p["subject"])
    assert [m["digest"] for m in index["manifests"]] == [referrer.rsplit("@", 1)[1]]
    assert index["manifests"][0]["artifactType"] == media.ARTIFACT_TYPE


def test_tampered_blob_is_refused(release: Release, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    with start_registry(tmp_path / "r") as fresh:
        with fresh.client("app") as client:
            image = push_image(client, b"image layer of demo")
            assert image == release.image
        _published(capsys, release, fresh.url("app"))
        summary = (release.out / "summary.json").read_bytes()
        from margo_ssdf.oci.client import sha256

        fresh.blob_file(sha256(summary)).write_bytes(summary.replace(b"{", b"[", 1))
        code = main(["audit", f"{fresh.url('app')}@{image}", "--plain-http",
                     "--key", str(release.pub)])
        err = capsys.readouterr().err
        assert code == 1
        assert f"blob {sha256(summary)} has digest" in err and "changed in the registry" in err
        (tmp_path / "pulled").mkdir()
        with fresh.client(f"app@{image}") as client, pytest.raises(DigestMismatch):
            pull(client, tmp_path / "pulled")


def test_image_without_attestation_is_a_clear_error(registry: Running, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with registry.client("app") as client:
        lonely = push_image(client, b"an image nobody attested")
    code = main(["audit", f"{registry.url('app')}@{lonely}", "--plain-http",
                 "--key", str(tmp_path / "unused.pub")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"no margo-ssdf attestation refers to {lonely}" in err
    assert "Traceback" not in err
    with registry.client(f"app@{lonely}") as client, pytest.raises(NoAttestation):
        pull(client, tmp_path)


def test_basic_auth_with_docker_config(release: Release, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("MARGO_SSDF_REGISTRY_USERNAME", "MARGO_SSDF_REGISTRY_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with start_registry(tmp_path / "r", htpasswd=True) as locked:
        monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "nobody"))
        code = main(["publish", str(release.out), "--to", locked.url("app"), "--plain-http"])
        err = capsys.readouterr().err
        assert code == 3 and "refused access to app (HTTP 401) with no credentials" in err
        monkeypatch.setenv("DOCKER_CONFIG", str(docker_config(tmp_path / "docker", locked.host,
                                                              USER, "wrong")))
        code = main(["publish", str(release.out), "--to", locked.url("app"), "--plain-http"])
        err = capsys.readouterr().err
        assert code == 3 and "with the credentials from" in err and "wrong" not in err
        docker_config(tmp_path / "docker", locked.host, USER, PASSWORD)
        with locked.client("app", credentials=_creds()) as client:
            push_image(client, b"image layer of demo")
        pushed = _published(capsys, release, locked.url("app"))
        code, result = _json_out(capsys, ["audit", pushed[0]["reference"], "--plain-http",
                                          "--key", str(release.pub), "--format", "json"])
        assert result["verified"] is True and pushed[0]["subject"] == release.image
        assert PASSWORD not in json.dumps(result)


def _creds() -> Any:
    from margo_ssdf.oci.credentials import Credentials

    return Credentials(USER, PASSWORD, "test")


def test_a_registry_that_is_not_there(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      release: Release) -> None:
    from tests.oci.conftest import _free_port

    code = main(["publish", str(release.out), "--to", f"oci://127.0.0.1:{_free_port()}/app",
                 "--plain-http"])
    err = capsys.readouterr().err
    assert code == 3 and "failed: ConnectionError" in err and "--plain-http" in err


def test_unsigned_directory_is_refused(tmp_path: Path, registry: Running) -> None:
    (tmp_path / "summary.json").write_text("{}")
    with registry.client("app") as client, pytest.raises(Exception) as caught:
        publish(tmp_path, client)
    assert "0 signed attestations" in str(caught.value)
    assert not isinstance(caught.value, RegistryError)


def test_a_file_named_also_as_a_directory_is_refused_not_a_crash(
        registry: Running, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Layer titles come from the registry: `d` and `d/b` cannot both be written."""
    def layer(title: str, media_type: str) -> dict[str, Any]:
        data = title.encode()
        return {"mediaType": media_type, "digest": client.push_blob(data), "size": len(data),
                "annotations": {media.TITLE: title}}

    with registry.client("app") as client:
        client.push_blob(b"{}")
        signed = sorted(media.SIGNED)[0]
        body = {"schemaVersion": 2, "mediaType": media.OCI_MANIFEST,
                "artifactType": media.ARTIFACT_TYPE,
                "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                           "digest": media.EMPTY_DIGEST, "size": 2},
                "layers": [layer("a.dsse.json", signed), layer("d", "application/json"),
                           layer("d/b", "application/json")]}
        raw = json.dumps(body).encode()
        client.put_manifest(raw, media.OCI_MANIFEST, sha256(raw))
    code = main(["audit", f"{registry.url('app')}@{sha256(raw)}", "--plain-http",
                 "--key", str(tmp_path / "unused.pub")])
    err = capsys.readouterr().err
    assert code == 3 and "names d both as a file and as a directory" in err, err
    assert "Traceback" not in err and "internal error" not in err


class _KeepAlive(Answering):
    """An upload endpoint that keeps connections open, recording the client's ports."""

    protocol_version = "HTTP/1.1"
    ports: ClassVar[set[int]] = set()

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.ports.add(self.client_address[1])
        self.answer(404, {}, b"")

    def do_POST(self) -> None:
        self.ports.add(self.client_address[1])
        self.answer(202, {"Location": "/v2/app/blobs/uploads/u1"}, b"{}")

    def do_PUT(self) -> None:
        self.ports.add(self.client_address[1])
        self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(201, {}, b"{}")


def test_uploads_reuse_one_connection() -> None:
    """Each answer is closed once read, so its connection serves the next request (over
    HTTPS every new connection is a TLS handshake)."""
    with serving(_KeepAlive) as host, \
            Registry(parse(f"oci://{host}/app"), plain_http=True) as registry:
        for n in range(5):
            registry.push_blob(b"blob %d" % n)
    assert len(_KeepAlive.ports) == 1
