"""verify-bundle's options and text, and attest/bundle_verify's parts (the corpus cases are in
test_conformance.py)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from margo_ssdf.attest.bundle_verify import (
    BundleKind,
    key_signed,
    parse_sha256,
    refusal_json,
    verify_any,
)
from margo_ssdf.attest.errors import BundleError, BundleFailure, SignatureError
from margo_ssdf.attest.managed_key import VerifiedKeyBundle
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.cli import main
from margo_ssdf.errors import UsageError
from tests.attest.test_statement import A_TXT, payload
from tests.attest.test_trust import ACTIONS, BEACON, corpus_file

DSSE = "a.dsse.staging-rekor-v2.txt.sigstore.json"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def dsse_argv(*extra: str) -> list[str]:
    return ["verify-bundle", str(corpus_file(DSSE)), "--identity", BEACON, "--issuer", ACTIONS,
            "--staging", *extra]


@pytest.mark.parametrize("text", [
    "sha256:abc", "sha256:" + "a" * 63, "sha256:" + "a" * 65, "a" * 64, "sha512:" + "a" * 64,
    "SHA256:" + "a" * 64, "sha256:" + "g" * 64, " sha256:" + "a" * 64, "sha256:" + A_TXT + "\n",
])
def test_a_digest_must_be_sha256_and_64_hex_digits(text: str) -> None:
    with pytest.raises(UsageError, match=r"^--digest .* is not a sha256 digest"):
        parse_sha256(text)


def test_a_digest_in_capitals_is_the_same_digest() -> None:
    assert parse_sha256("sha256:" + A_TXT.upper()) == bytes.fromhex(A_TXT)


@pytest.mark.corpus
def test_dsse_text_names_the_statement_and_its_subjects(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, *dsse_argv("--digest", f"sha256:{A_TXT}"))
    assert code == 0
    first, *rest = out.splitlines()
    assert first.startswith(f"VERIFIED: sha256:{A_TXT}, a subject of the DSSE-signed in-toto "
                            f"statement, signed by {BEACON} (issuer {ACTIONS}), trust root "
                            "staging")
    assert "source repository https://github.com/sigstore-conformance/" in first
    assert first.endswith("pins held: signer identity, signer issuer")
    assert rest == ["  statement: https://in-toto.io/Statement/v1",
                    "  predicate type: https://slsa.dev/provenance/v1",
                    f"  subject: a.txt sha256:{A_TXT}"]


@pytest.mark.corpus
def test_dsse_with_a_file_that_is_not_a_subject(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, *dsse_argv("--artifact",
                                          str(corpus_file("staging-rekor-v2.txt"))))
    assert code == 1 and out.startswith("NOT VERIFIED: ")
    assert "staging-rekor-v2.txt (sha256 15f67246" in out
    assert f"whose subjects are: a.txt sha256:{A_TXT} [subject-mismatch]" in out


@pytest.mark.corpus
def test_a_subject_mismatch_still_reports_the_pins_that_held(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, *dsse_argv("--digest", "sha256:" + "0" * 64, "--format", "json"))
    report = json.loads(out)
    assert code == 1 and report["failure"] == "subject-mismatch" and report["kind"] == "dsse"
    assert [(p["name"], p["ok"]) for p in report["pins"]] == [("signer identity", True),
                                                             ("signer issuer", True)]


@pytest.mark.corpus
@pytest.mark.parametrize("extra, words", [
    ((), "exactly one of --artifact FILE and --digest"),
    (("--digest", f"sha256:{A_TXT}", "--artifact", "x"), "exactly one of --artifact"),
    (("--digest", "sha256:nothex"), "--digest 'sha256:nothex' is not a sha256 digest"),
    (("--digest", f"sha256:{A_TXT}", "--key", "k.pub"), "--key and --identity, --issuer both pin"),
    (("--digest", f"sha256:{A_TXT}", "--bundle", "b.json"), "give the bundle once"),
    (("--digest", f"sha256:{A_TXT}", "--certificate-identity", "mallory@example.org"),
     "--identity and --certificate-identity differ"),
])
def test_usage_errors(extra: tuple[str, ...], words: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, *dsse_argv(*extra))
    assert code == 2 and words in err and out == ""


def test_no_bundle_at_all_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "verify-bundle", "--digest", f"sha256:{A_TXT}",
                       "--identity", "a", "--issuer", "b")
    assert code == 2 and "give the bundle once" in err


@pytest.mark.corpus
def test_the_sigstore_conformance_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["verify-bundle", "--bundle", str(corpus_file(DSSE)), "--certificate-identity",
            BEACON, "--certificate-oidc-issuer", ACTIONS, "--staging"]
    code, out, _ = cli(capsys, *argv, "--digest", f"sha256:{A_TXT}")
    assert code == 0 and out.startswith("VERIFIED")
    code, out, _ = cli(capsys, *argv, "--digest", "sha256:" + "0" * 64)
    assert code == 1 and "[subject-mismatch]" in out
    code, out, _ = cli(capsys, *argv[:-3], "--certificate-oidc-issuer",
                       "https://accounts.google.com", "--staging", "--digest", f"sha256:{A_TXT}")
    assert code == 1 and "[issuer-mismatch]" in out
    code, out, _ = cli(capsys, "verify-bundle", "--help")
    assert "--certificate-identity" not in out and "--digest" in out


@pytest.mark.corpus
def test_a_message_signature_by_digest(capsys: pytest.CaptureFixture[str]) -> None:
    artifact = corpus_file("bundle_v3.txt")
    digest = hashlib.sha256(artifact.read_bytes()).hexdigest()
    argv = ["verify-bundle", str(corpus_file("bundle_v3.txt.sigstore")), "--identity",
            "william@yossarian.net", "--issuer", "https://github.com/login/oauth", "--staging"]
    code, out, _ = cli(capsys, *argv, "--digest", f"sha256:{digest}")
    assert code == 0 and out.startswith(f"VERIFIED: sha256:{digest} signed by william@")
    code, out, _ = cli(capsys, *argv, "--digest", "sha256:" + "1" * 64)
    assert code == 1 and "[artifact-mismatch]" in out
    assert f"the artifact has sha256 {'1' * 64}, but the bundle signs sha256 {digest}" in out


def test_an_unpinned_signer_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="proves nothing"):
        verify_any(tmp_path / "missing", SignerPolicy.from_options(identity="a"),
                   artifact_sha256=bytes(32))


def test_a_bundle_with_neither_content_is_malformed(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}')
    with pytest.raises(BundleError, match="neither a message signature nor a DSSE") as info:
        verify_any(bundle, SignerPolicy.from_options(identity="a", issuer="b"),
                   artifact_sha256=bytes(32))
    assert info.value.failure is BundleFailure.MALFORMED
    report = refusal_json(info.value, bundle_path=bundle, artifact_sha256=bytes(32))
    assert (report["verified"], report["failure"], report["kind"]) == (False, "malformed", None)


def test_refusal_json_of_another_attestation_error(tmp_path: Path) -> None:
    report = refusal_json(SignatureError("bad"), bundle_path=tmp_path / "gone",
                          artifact_sha256=bytes(32))
    assert report["failure"] == "verification-failed" and report["pins"] == []


def key_bundle_result(key_id: str, trust_root: str, media_type: str, log_index: int,
                      integrated_time: datetime | None, timestamp_times: tuple[datetime, ...],
                      payload_type: str | None, payload: bytes | None) -> VerifiedKeyBundle:
    return VerifiedKeyBundle(key_id=key_id, key_hint="", trust_root=trust_root,
                             media_type=media_type, log_index=log_index,
                             integrated_time=integrated_time, timestamp_times=timestamp_times,
                             artifact_sha256=None, payload_type=payload_type, payload=payload)


def test_a_key_signed_result_names_the_key(tmp_path: Path) -> None:
    verified = key_bundle_result("SHA256:abc", "staging", "application/vnd.dev.sigstore.bundle."
                             "v0.3+json", 7, datetime(2025, 1, 2, tzinfo=UTC), (), None, None)
    result = key_signed(verified, artifact_sha256=bytes(32), bundle_path=tmp_path / "b")
    assert result.kind is BundleKind.MESSAGE_SIGNATURE and result.source is None
    assert result.describe("f.bin")[0].startswith(
        f"VERIFIED: f.bin (sha256 {'00' * 32}) signed by the key SHA256:abc, trust root "
        "staging, log index 7")
    assert result.as_json()["signer"] == {
        "identity": None, "issuer": None, "key_id": "SHA256:abc", "trust_root": "staging",
        "media_type": verified.media_type, "log_index": 7,
        "integrated_time": "2025-01-02T00:00:00+00:00", "timestamp_times": []}
    # A script reads the same keys whether or not the bundle verified.
    assert set(result.as_json()) == set(refusal_json(
        SignatureError("x"), bundle_path=tmp_path / "b", artifact_sha256=bytes(32)))


def test_a_key_signed_statement_must_name_the_artifact(tmp_path: Path) -> None:
    verified = key_bundle_result("k", "staging", "m", 1, None, (), "application/vnd.in-toto+json",
                             payload())
    result = key_signed(verified, artifact_sha256=bytes.fromhex(A_TXT),
                        bundle_path=tmp_path / "b")
    assert result.kind is BundleKind.DSSE and result.statement is not None
    with pytest.raises(BundleError) as info:
        key_signed(verified, artifact_sha256=bytes(32), bundle_path=tmp_path / "b")
    assert info.value.failure is BundleFailure.SUBJECT_MISMATCH


def test_every_failure_id_and_json_key_is_documented() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "verify-bundle.md").read_text()
    for failure in BundleFailure:
        assert f"| `{failure}` |" in page, failure
    keys = refusal_json(SignatureError("x"), bundle_path=Path("gone"), artifact_sha256=b"")
    for key in keys:
        assert f"| `{key}` |" in page, key
