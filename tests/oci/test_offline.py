"""Offline paths never import the registry code nor its HTTP client; references parse strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf.errors import UsageError
from margo_ssdf.oci import media
from margo_ssdf.oci.reference import parse


def test_the_cli_does_not_import_oci() -> None:
    code = ("import sys, margo_ssdf.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('margo_ssdf.oci')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_reference_parts() -> None:
    ref = parse("oci://127.0.0.1:5000/org/app@sha256:" + "a" * 64)
    assert (ref.registry, ref.repository, ref.digest) == ("127.0.0.1:5000", "org/app",
                                                          "sha256:" + "a" * 64)
    assert parse("oci://ghcr.io/org/app:v1.2").tag == "v1.2"
    assert str(ref) == "oci://127.0.0.1:5000/org/app@sha256:" + "a" * 64


@pytest.mark.parametrize(("text", "why"), [
    ("ghcr.io/org/app", "does not start with oci://"),
    ("oci://ghcr.io/org/app@sha256:abc", "is not sha256:<64 hex digits>"),
    ("oci://ghcr.io/Org/App", "is not a repository name"),
    ("oci://ghcr.io/org/app:-bad", "is not a valid tag"),
])
def test_bad_references_say_why(text: str, why: str) -> None:
    with pytest.raises(UsageError, match=why):
        parse(text)


@pytest.mark.parametrize("title", ["/etc/passwd", "../x", "a/../../x", "a//b", "a\\b", "", 3])
def test_layer_titles_cannot_leave_the_directory(title: object) -> None:
    with pytest.raises(UsageError):
        media.safe_title(title)


def test_release_tag_is_a_valid_tag() -> None:
    assert media.release_tag("demo-1.0.0.dsse.json") == "demo-1.0.0.margo-ssdf"
    assert media.release_tag("-x" * 100 + ".sigstore.json").endswith(".margo-ssdf")
    assert len(media.release_tag("y" * 300 + ".dsse.json")) <= 128


def test_credentials_environment_first_then_docker_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from margo_ssdf.oci.credentials import for_registry
    from tests.oci.conftest import docker_config

    monkeypatch.setenv("DOCKER_CONFIG", str(docker_config(tmp_path, "r.example:5000", "u",
                                                          "from-config")))
    monkeypatch.delenv("MARGO_SSDF_REGISTRY_USERNAME", raising=False)
    monkeypatch.delenv("MARGO_SSDF_REGISTRY_PASSWORD", raising=False)
    found = for_registry("r.example:5000")
    assert found is not None and found.password == "from-config"
    assert "from-config" not in repr(found) and str(tmp_path) in found.source
    assert for_registry("other.example") is None
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_USERNAME", "ci")
    monkeypatch.setenv("MARGO_SSDF_REGISTRY_PASSWORD", "from-env")
    found = for_registry("r.example:5000")
    assert found is not None and (found.username, found.password) == ("ci", "from-env")
