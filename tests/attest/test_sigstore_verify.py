"""Offline verification of real Sigstore bundles (../shared/corpora/sigstore).

Every bundle is checked as LABELS.tsv says; every passing one must also fail against the other
Sigstore instance's trust root and with its artifact changed by one byte. The network is cut off
by tests/conftest.py, so a trust-root download would fail these tests loudly.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from sigstore.models import ClientTrustConfig

from margo_ssdf.attest.bundle_verify import verify_any
from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE
from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.intoto import parse_statement
from margo_ssdf.attest.sigstore_verify import (
    VerifiedBundle,
    VerifiedEnvelope,
    verify_bundle,
    verify_digest,
    verify_dsse,
)
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.attest.trust_root import load_trusted_root
from margo_ssdf.errors import ConfigError, UsageError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "sigstore"

pytestmark = pytest.mark.corpus

# Why each failing bundle must fail: the step, as a BundleFailure.
EXPECTED_FAILURES = {
    "bundle_cve_2022_36056.txt.sigstore": BundleFailure.LOG_ENTRY_MISMATCH,
    "bundle_invalid_version.txt.sigstore": BundleFailure.UNSUPPORTED_MEDIA_TYPE,
    "bundle_no_cert_v1.txt.sigstore": BundleFailure.NO_CERTIFICATE,
    "bundle_no_checkpoint.txt.sigstore": BundleFailure.NO_CHECKPOINT,
    "bundle_no_log_entry.txt.sigstore": BundleFailure.NO_LOG_ENTRY,
    "bundle_v3_no_signed_time.txt.sigstore.json": BundleFailure.NO_SIGNED_TIME,
}
# What a passing bundle fails with on the other instance: Rekor v1 bundles carry a log time,
# so the certificate chain is what fails; Rekor v2 bundles have only a TSA time, and that TSA
# is not in the other root.
WRONG_ROOT_FAILURES = {
    "bundle.txt.sigstore": BundleFailure.UNTRUSTED_CERTIFICATE,
    "bundle_v3.txt.sigstore": BundleFailure.UNTRUSTED_CERTIFICATE,
    "bundle_v3_alt.txt.sigstore": BundleFailure.UNTRUSTED_CERTIFICATE,
    "staging-rekor-v2.txt.sigstore.json": BundleFailure.NO_TRUSTED_TIME,
    "a.dsse.staging-rekor-v2.txt.sigstore.json": BundleFailure.NO_TRUSTED_TIME,
}
# Identity and issuer pinned for failing bundles whose label gives none: the structural
# failures happen before the signer is compared.
SOMEONE = "someone@example.org"
SOME_ISSUER = "https://issuer.example.org"


def labels() -> list[dict[str, str]]:
    path = CORPUS / "LABELS.tsv"
    if not path.is_file():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


ROWS = labels()
PASSING = [r for r in ROWS if r["expected"] == "pass"]
FAILING = [r for r in ROWS if r["expected"] == "fail"]


@pytest.fixture(autouse=True)
def _corpus_present() -> None:
    if not ROWS:
        pytest.skip("../shared/corpora/sigstore is not present")


def _ids(rows: list[dict[str, str]]) -> list[str]:
    return [r["bundle"] for r in rows]


def _other(root: str) -> str:
    return {"production": "staging", "staging": "production"}[root]


def _verify(row: dict[str, str], *, root: str | None = None, root_file: bool = False,
            artifact: Path | None = None, identity: str | None = None,
            issuer: str | None = None) -> VerifiedBundle | VerifiedEnvelope:
    root = root or row["trust_root"]
    kwargs: dict[str, Any] = {
        "identity": identity or (row["identity"] if row["identity"] != "-" else SOMEONE),
        "issuer": issuer or (row["issuer"] if row["issuer"] != "-" else SOME_ISSUER),
    }
    if root_file:
        kwargs["trusted_root"] = CORPUS / f"trusted_root.{root}.json"
    else:
        kwargs["staging"] = root == "staging"
    if row["artifact"] == "-":
        return verify_dsse(CORPUS / row["bundle"], SignerPolicy.from_options(**kwargs))
    return verify_bundle(CORPUS / row["bundle"], artifact or CORPUS / row["artifact"],
                         SignerPolicy.from_options(**kwargs))


def test_the_corpus_is_what_these_tests_expect() -> None:
    assert set(_ids(FAILING)) == set(EXPECTED_FAILURES)
    assert set(_ids(PASSING)) == set(WRONG_ROOT_FAILURES)


@pytest.mark.parametrize("root_file", [False, True], ids=["bundled-root", "root-file"])
@pytest.mark.parametrize("row", PASSING, ids=_ids(PASSING))
def test_passing_bundles_verify_with_their_signer(row: dict[str, str], root_file: bool) -> None:
    result = _verify(row, root_file=root_file)
    assert result.identity == row["identity"]
    assert result.issuer == row["issuer"]
    expected_root = (str(CORPUS / f"trusted_root.{row['trust_root']}.json") if root_file
                     else row["trust_root"])
    assert result.trust_root == expected_root
    assert result.log_index >= 0
    # Every passing bundle established a time (log promise or timestamp authority).
    assert result.integrated_time is not None or result.timestamp_times
    if isinstance(result, VerifiedBundle):
        assert result.artifact_sha256 == hashlib.sha256(
            (CORPUS / row["artifact"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("root_file", [False, True], ids=["bundled-root", "root-file"])
@pytest.mark.parametrize("row", PASSING, ids=_ids(PASSING))
def test_passing_bundles_fail_against_the_other_instance(row: dict[str, str],
                                                         root_file: bool) -> None:
    with pytest.raises(BundleError) as info:
        _verify(row, root=_other(row["trust_root"]), root_file=root_file)
    assert info.value.failure is WRONG_ROOT_FAILURES[row["bundle"]]
    assert "production or staging" in info.value.diagnostics()


@pytest.mark.parametrize("change", ["flip-first", "flip-last", "append", "truncate"])
@pytest.mark.parametrize("row", [r for r in PASSING if r["artifact"] != "-"],
                         ids=_ids([r for r in PASSING if r["artifact"] != "-"]))
def test_passing_bundles_fail_with_a_changed_artifact(row: dict[str, str], change: str,
                                                      tmp_path: Path) -> None:
    data = bytearray((CORPUS / row["artifact"]).read_bytes())
    if change == "flip-first":
        data[0] ^= 0x01
    elif change == "flip-last":
        data[-1] ^= 0x01
    elif change == "append":
        data.append(0x0A)
    else:
        del data[-1]
    changed = tmp_path / row["artifact"]
    changed.write_bytes(bytes(data))
    with pytest.raises(BundleError) as info:
        _verify(row, artifact=changed)
    assert info.value.failure is BundleFailure.ARTIFACT_MISMATCH
    assert "not the one that was signed" in info.value.diagnostics()


DSSE_ROWS = [r for r in PASSING if r["artifact"] == "-"]


@pytest.mark.parametrize("row", DSSE_ROWS, ids=_ids(DSSE_ROWS))
def test_dsse_bundle_yields_the_signed_statement_unchanged(row: dict[str, str]) -> None:
    result = _verify(row)
    assert isinstance(result, VerifiedEnvelope)
    assert result.payload_type == IN_TOTO_PAYLOAD_TYPE
    envelope = json.loads((CORPUS / row["bundle"]).read_bytes())["dsseEnvelope"]
    assert result.payload == base64.b64decode(envelope["payload"])
    stmt = parse_statement(result.payload)
    assert stmt.predicate_type == "https://slsa.dev/provenance/v1"
    assert [s.name for s in stmt.subject] == ["a.txt"]


@pytest.mark.parametrize("part", ["payload", "payloadType"])
@pytest.mark.parametrize("row", DSSE_ROWS, ids=_ids(DSSE_ROWS))
def test_dsse_bundle_with_a_changed_envelope_fails(row: dict[str, str], part: str,
                                                   tmp_path: Path) -> None:
    """The DSSE counterpart of a changed artifact: one byte of the statement, or its type."""
    data = json.loads((CORPUS / row["bundle"]).read_bytes())
    envelope = data["dsseEnvelope"]
    if part == "payload":
        payload = bytearray(base64.b64decode(envelope["payload"]))
        payload[len(payload) // 2] ^= 0x01
        envelope["payload"] = base64.b64encode(bytes(payload)).decode()
    else:
        envelope["payloadType"] = "application/json"
    tampered = tmp_path / row["bundle"]
    tampered.write_text(json.dumps(data))
    with pytest.raises(BundleError) as info:
        verify_dsse(tampered, SignerPolicy.from_options(
            identity=row["identity"], issuer=row["issuer"],
            staging=row["trust_root"] == "staging"))
    assert info.value.failure is BundleFailure.INVALID_SIGNATURE


@pytest.mark.parametrize("row", DSSE_ROWS, ids=_ids(DSSE_ROWS))
def test_dsse_bundle_with_another_payload_type_expected(row: dict[str, str]) -> None:
    with pytest.raises(BundleError) as info:
        verify_dsse(CORPUS / row["bundle"], SignerPolicy.from_options(
            identity=row["identity"], issuer=row["issuer"], staging=True),
            payload_type="application/vnd.example+json")
    assert info.value.failure is BundleFailure.WRONG_PAYLOAD_TYPE


@pytest.mark.parametrize("row", FAILING, ids=_ids(FAILING))
def test_failing_bundles_fail_for_their_reason(row: dict[str, str]) -> None:
    with pytest.raises(BundleError) as info:
        _verify(row)
    assert info.value.failure is EXPECTED_FAILURES[row["bundle"]]
    assert info.value.bundle == CORPUS / row["bundle"]
    assert f"[{info.value.failure}]" in info.value.message
    assert info.value.exit_code == 1


@pytest.mark.parametrize("row", PASSING, ids=_ids(PASSING))
def test_another_identity_or_issuer_is_refused(row: dict[str, str]) -> None:
    with pytest.raises(BundleError) as info:
        _verify(row, identity="mallory@example.org")
    assert info.value.failure is BundleFailure.IDENTITY_MISMATCH
    with pytest.raises(BundleError) as info:
        _verify(row, issuer="https://accounts.google.com")
    assert info.value.failure is BundleFailure.ISSUER_MISMATCH


@pytest.mark.parametrize("identity, issuer, missing", [
    (None, "https://github.com/login/oauth", "identity"),
    ("a@tny.town", None, "OIDC issuer"),
    ("", "", "identity and OIDC issuer"),
])
def test_verification_without_a_pinned_signer_is_refused(identity: str | None,
                                                         issuer: str | None,
                                                         missing: str) -> None:
    with pytest.raises(UsageError, match=f"without the signer's {missing}") as info:
        verify_bundle(CORPUS / "bundle.txt.sigstore", CORPUS / "bundle.txt",
                      SignerPolicy.from_options(identity=identity, issuer=issuer, staging=True))
    assert "proves nothing" in info.value.message
    with pytest.raises(UsageError, match="proves nothing"):
        verify_dsse(CORPUS / "a.dsse.staging-rekor-v2.txt.sigstore.json",
                    SignerPolicy.from_options(identity=identity, issuer=issuer, staging=True))


def test_bundle_kind_must_match_the_call() -> None:
    dsse_row = DSSE_ROWS[0]
    with pytest.raises(BundleError, match="signs a DSSE envelope") as info:
        verify_bundle(CORPUS / dsse_row["bundle"], CORPUS / "bundle.txt",
                      SignerPolicy.from_options(identity=dsse_row["identity"],
                                                issuer=dsse_row["issuer"], staging=True))
    assert info.value.failure is BundleFailure.WRONG_CONTENT
    with pytest.raises(BundleError, match="signs an artifact") as info:
        verify_dsse(CORPUS / "bundle_v3.txt.sigstore", SignerPolicy.from_options(
            identity="william@yossarian.net", issuer="https://github.com/login/oauth",
            staging=True))
    assert info.value.failure is BundleFailure.WRONG_CONTENT


@pytest.mark.parametrize("content, failure", [
    (b"{ not json", BundleFailure.MALFORMED),
    (b"\xff\xfe", BundleFailure.MALFORMED),
    (b"[1, 2]", BundleFailure.MALFORMED),
    (b'{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", '
     b'"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}', BundleFailure.MALFORMED),
    (b'{"mediaType": "application/json"}', BundleFailure.UNSUPPORTED_MEDIA_TYPE),
    (b'{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "messageSignature": {}}',
     BundleFailure.MALFORMED),
])
def test_malformed_bundles(tmp_path: Path, content: bytes, failure: BundleFailure) -> None:
    path = tmp_path / "x.sigstore.json"
    path.write_bytes(content)
    with pytest.raises(BundleError) as info:
        verify_bundle(path, CORPUS / "bundle.txt",
                      SignerPolicy.from_options(identity=SOMEONE, issuer=SOME_ISSUER))
    assert info.value.failure is failure


def test_missing_bundle_or_artifact_is_a_usage_error(tmp_path: Path) -> None:
    # A path the user named that does not exist is a usage error (exit 2), as the README says.
    with pytest.raises(UsageError, match=r"bundle .*missing does not exist"):
        verify_bundle(tmp_path / "missing", CORPUS / "bundle.txt",
                      SignerPolicy.from_options(identity=SOMEONE, issuer=SOME_ISSUER))
    with pytest.raises(UsageError, match=r"--artifact .*missing does not exist"):
        verify_bundle(CORPUS / "bundle.txt.sigstore", tmp_path / "missing",
                      SignerPolicy.from_options(identity=SOMEONE, issuer=SOME_ISSUER,
                                                staging=True))


def test_trusted_root_file_and_staging_flag_conflict() -> None:
    with pytest.raises(UsageError, match="not both"):
        load_trusted_root(CORPUS / "trusted_root.staging.json", staging=True)


def test_bad_trusted_root_file_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "root.json").write_text('{"mediaType": "nope"}')
    with pytest.raises(ConfigError, match="not a Sigstore trusted root"):
        load_trusted_root(tmp_path / "root.json", staging=False)
    with pytest.raises(ConfigError, match="cannot read the trusted root"):
        load_trusted_root(tmp_path / "missing.json", staging=False)


def test_offline_uses_the_root_inside_sigstore_python(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """Neither TUF nor the user's sigstore cache is consulted when verifying offline."""
    def refuse(*args: object, **kwargs: object) -> ClientTrustConfig:
        raise AssertionError("the TUF client must not be used offline")

    monkeypatch.setattr(ClientTrustConfig, "production", refuse)
    monkeypatch.setattr(ClientTrustConfig, "staging", refuse)
    monkeypatch.setattr(ClientTrustConfig, "from_tuf", refuse)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for row in PASSING:
        _verify(row)
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / "data").exists()


def test_bundled_roots_are_the_public_good_roots() -> None:
    """The corpus roots were copied from the sigstore 4.5.1 wheel; they must still agree."""
    import sigstore

    if sigstore.__version__ != "4.5.1":
        pytest.skip(f"corpus roots come from sigstore 4.5.1, installed {sigstore.__version__}")
    for name in ("production", "staging"):
        bundled, _ = load_trusted_root(None, staging=name == "staging")
        from_file, _ = load_trusted_root(CORPUS / f"trusted_root.{name}.json", staging=False)
        assert bundled._inner == from_file._inner


def test_online_refresh_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    root_file = CORPUS / "trusted_root.staging.json"

    class Refreshed:
        @property
        def trusted_root(self) -> object:
            return load_trusted_root(root_file, staging=False)[0]

    def staging(*args: object, **kwargs: object) -> Refreshed:
        calls.append("staging")
        return Refreshed()

    monkeypatch.setattr(ClientTrustConfig, "staging", staging)
    row = next(r for r in PASSING if r["bundle"] == "bundle_v3.txt.sigstore")
    verify_bundle(CORPUS / row["bundle"], CORPUS / row["artifact"],
                  SignerPolicy.from_options(identity=row["identity"], issuer=row["issuer"],
                                            staging=True), offline=False)
    assert calls == ["staging"]


def test_unrecognised_sigstore_failures_still_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure whose message we do not know is reported as such, never passed."""
    from sigstore.errors import VerificationError
    from sigstore.verify import Verifier

    def broken(self: Verifier, *args: object) -> None:
        raise VerificationError("a brand new kind of failure")

    monkeypatch.setattr(Verifier, "verify_artifact", broken)
    row = next(r for r in PASSING if r["bundle"] == "bundle_v3.txt.sigstore")
    with pytest.raises(BundleError, match="a brand new kind of failure") as info:
        _verify(row)
    assert info.value.failure is BundleFailure.VERIFICATION_FAILED

    def crash(self: Verifier, *args: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(Verifier, "verify_artifact", crash)
    with pytest.raises(BundleError, match="KeyError") as info:
        _verify(row)
    assert info.value.failure is BundleFailure.VERIFICATION_FAILED


def test_offline_is_the_default() -> None:
    # A caller that forgets the flag does not reach the network.
    for function in (verify_bundle, verify_digest, verify_dsse, verify_any, load_trusted_root):
        assert inspect.signature(function).parameters["offline"].default is True


@pytest.mark.parametrize("row", [r for r in PASSING if r["artifact"] != "-"],
                         ids=_ids([r for r in PASSING if r["artifact"] != "-"]))
def test_a_digest_verifies_like_its_file(row: dict[str, str]) -> None:
    """verify_digest is verify_bundle without the file: the same signer, the same digest."""
    signer = SignerPolicy.from_options(identity=row["identity"], issuer=row["issuer"],
                                       staging=row["trust_root"] == "staging")
    digest = hashlib.sha256((CORPUS / row["artifact"]).read_bytes()).digest()
    by_digest = verify_digest(CORPUS / row["bundle"], digest, signer)
    assert by_digest == verify_bundle(CORPUS / row["bundle"], CORPUS / row["artifact"], signer)
    with pytest.raises(BundleError) as info:
        verify_digest(CORPUS / row["bundle"], bytes(32), signer, artifact="release.tar.gz")
    assert info.value.failure is BundleFailure.ARTIFACT_MISMATCH
    assert f"release.tar.gz has sha256 {'00' * 32}, but the bundle signs" in info.value.message
