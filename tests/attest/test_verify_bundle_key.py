"""verify-bundle --key: managed-key bundles, both kinds, through the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from tests.sigstore_instance import (
    Instance,
    key_bundle,
    make_instance,
    new_key,
    public_pem,
    statement_about,
    write,
)

ARTIFACT = b"a release archive\n"


@pytest.fixture
def instance(tmp_path: Path) -> Instance:
    return make_instance(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["verify-bundle", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def key_file(tmp_path: Path, name: str, key: object) -> Path:
    path = tmp_path / name
    path.write_bytes(public_pem(key.public_key()))  # type: ignore[attr-defined]
    return path


def test_a_key_signed_artifact_verifies_with_its_key_only(
        tmp_path: Path, instance: Instance, capsys: pytest.CaptureFixture[str]) -> None:
    key = new_key()
    bundle = write(key_bundle(instance, key, artifact=ARTIFACT, hint="release-2026"),
                   tmp_path / "a.sigstore.json")
    (tmp_path / "a.tar").write_bytes(ARTIFACT)
    argv = [str(bundle), "--artifact", str(tmp_path / "a.tar"),
            "--trusted-root", str(instance.trusted_root)]
    code, out, _ = run(capsys, *argv, "--key", str(key_file(tmp_path, "k.pub", key)),
                       "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["verified"] and report["kind"] == "message-signature"
    assert report["signer"]["key_id"] and report["signer"]["identity"] is None
    code, out, _ = run(capsys, *argv, "--key", str(key_file(tmp_path, "o.pub", new_key())),
                       "--format", "json")
    assert code == 1 and json.loads(out)["failure"] == "wrong-key"


def test_a_key_signed_statement_verifies_by_digest_and_must_name_it(
        tmp_path: Path, instance: Instance, capsys: pytest.CaptureFixture[str]) -> None:
    key = new_key()
    bundle = write(key_bundle(instance, key, statement=statement_about(ARTIFACT),
                              kind="intoto/0.0.2"), tmp_path / "s.sigstore.json")
    argv = [str(bundle), "--trusted-root", str(instance.trusted_root),
            "--key", str(key_file(tmp_path, "k.pub", key))]
    code, out, _ = run(capsys, *argv, "--digest",
                       f"sha256:{hashlib.sha256(ARTIFACT).hexdigest()}")
    assert code == 0 and "https://in-toto.io/Statement/v1" in out
    code, out, _ = run(capsys, *argv, "--digest", "sha256:" + "0" * 64, "--format", "json")
    assert code == 1 and json.loads(out)["failure"] == "subject-mismatch"


def test_a_key_and_an_identity_together_are_a_usage_error(
        tmp_path: Path, instance: Instance, capsys: pytest.CaptureFixture[str]) -> None:
    key = new_key()
    bundle = write(key_bundle(instance, key, artifact=ARTIFACT), tmp_path / "a.sigstore.json")
    code, _, err = run(capsys, str(bundle), "--digest",
                       f"sha256:{hashlib.sha256(ARTIFACT).hexdigest()}",
                       "--key", str(key_file(tmp_path, "k.pub", key)),
                       "--certificate-identity", "someone@example.org",
                       "--trusted-root", str(instance.trusted_root))
    assert code == 2 and "--key and --identity both pin the signer" in err


def test_a_trust_root_for_keys_alone_needs_no_certificate_authority(
        tmp_path: Path, instance: Instance, capsys: pytest.CaptureFixture[str]) -> None:
    # sigstore-conformance's managed-key cases ship roots with logs only (no Fulcio, no CT).
    root = json.loads(instance.trusted_root.read_text())
    root["certificateAuthorities"], root["ctlogs"] = [], []
    logs_only = tmp_path / "logs-only.json"
    logs_only.write_text(json.dumps(root))
    key = new_key()
    bundle = write(key_bundle(instance, key, statement=statement_about(ARTIFACT)),
                   tmp_path / "s.sigstore.json")
    code, out, err = run(capsys, str(bundle), "--trusted-root", str(logs_only),
                         "--key", str(key_file(tmp_path, "k.pub", key)),
                         "--digest", f"sha256:{hashlib.sha256(ARTIFACT).hexdigest()}")
    assert code == 0, err
    assert out.startswith("VERIFIED")
