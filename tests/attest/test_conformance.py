"""Conformance harness: every bundle of ../shared/corpora/sigstore, each as its label says,
and DSSE bundles made here on the hand-built Sigstore instance of tests/sigstore_instance.py.

One table of cases is built from LABELS.tsv and EXTENSIONS.tsv: every bundle as labelled, and
every passing bundle again against the other trust root, with its artifact changed by one byte
(for the DSSE bundle, its subject digest), with another identity or issuer, and (for the
GitHub-signed ones) with each certificate pin given another value. Each case names the outcome
it must have: pass, or the BundleFailure it must fail with, so that a refusal for the wrong
reason fails the harness. Every case runs through the library (`verify_any`) and through the
CLI (`margo-ssdf verify-bundle --format json`, whose JSON is checked), so the two cannot drift.
The CLI is driven through `main(argv)`, as the other CLI tests do (click's CliRunner would
hide the exit code the command returns).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.bundle_verify import BundleKind, parse_sha256, verify_any
from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.cli import main
from tests.conftest import CORPORA
from tests.sigstore_instance import (
    IDENTITY,
    ISSUER,
    Instance,
    Knobs,
    keyless_bundle,
    make_instance,
    new_key,
    statement_about,
    write,
)

CORPUS = CORPORA / "sigstore"


F = BundleFailure
# Per bundle: its outcome as labelled (None: it verifies), and for a passing one the failure
# against the other instance's trust root. Rekor v1 bundles carry a log time, so the
# certificate chain is what fails there; Rekor v2 ones have only a TSA time, whose authority
# the other root does not hold. Each negative's id is the reason its LABELS note gives.
OUTCOMES: dict[str, tuple[BundleFailure | None, BundleFailure | None]] = {
    "bundle.txt.sigstore": (None, F.UNTRUSTED_CERTIFICATE),
    "bundle_v3.txt.sigstore": (None, F.UNTRUSTED_CERTIFICATE),
    "bundle_v3_alt.txt.sigstore": (None, F.UNTRUSTED_CERTIFICATE),
    "staging-rekor-v2.txt.sigstore.json": (None, F.NO_TRUSTED_TIME),
    "a.dsse.staging-rekor-v2.txt.sigstore.json": (None, F.NO_TRUSTED_TIME),
    "bundle_v3_github.whl.sigstore": (None, F.UNTRUSTED_CERTIFICATE),
    # "log entry inconsistent with the other materials (CVE-2022-36056)"
    "bundle_cve_2022_36056.txt.sigstore": (F.LOG_ENTRY_MISMATCH, None),
    # "unknown bundle mediaType"
    "bundle_invalid_version.txt.sigstore": (F.UNSUPPORTED_MEDIA_TYPE, None),
    # "empty certificate chain"
    "bundle_no_cert_v1.txt.sigstore": (F.NO_CERTIFICATE, None),
    # "inclusion proof without checkpoint: must fail offline"
    "bundle_no_checkpoint.txt.sigstore": (F.NO_CHECKPOINT, None),
    # "no transparency log entry"
    "bundle_no_log_entry.txt.sigstore": (F.NO_LOG_ENTRY, None),
    # "neither inclusion promise nor signed timestamp"
    "bundle_v3_no_signed_time.txt.sigstore.json": (F.NO_SIGNED_TIME, None),
}
# The DSSE bundle signs no file: its statement's one subject is a.txt with this digest.
DSSE_SUBJECTS = {"a.dsse.staging-rekor-v2.txt.sigstore.json":
                 ("a.txt", "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")}
# The DSSE bundle's certificate extensions (it was signed by a GitHub workflow too).
DSSE_REPOSITORY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon"
# Bundles whose label gives no signer fail before the signer is compared.
SOMEONE, SOME_ISSUER = "someone@example.org", "https://issuer.example.org"
PIN_OPTIONS = {"source_repository": "--repository", "source_ref": "--ref",
               "build_trigger": "--trigger"}
OTHER_PIN_VALUES = {"source_repository": ("https://github.com/evil-fork/rfc8785.py",
                                          "trailofbits/rfc8785"),
                    "source_ref": ("refs/tags/v0.1.3", "refs/heads/main"),
                    "build_trigger": ("push", "workflow_dispatch")}


@dataclass(frozen=True)
class Case:
    """One verification and the outcome it must have."""

    id: str
    bundle: str
    root: str
    identity: str
    issuer: str
    expected: BundleFailure | None
    artifact: str | None = None
    """A corpus file the bundle signs; None for a DSSE bundle, given by `digest`."""
    digest: str | None = None
    """sha256:HEX of the DSSE statement's subject."""
    pins: dict[str, str] = field(default_factory=dict)
    root_file: bool = False
    """Give the trust root as a file (--trusted-root) rather than the bundled one."""
    change_artifact: bool = False
    """Flip one bit of the artifact (or of the digest) first."""


def _rows(name: str) -> list[dict[str, str]]:
    path = CORPUS / name
    if not path.is_file():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _labelled(row: dict[str, str], pins: dict[str, str]) -> Case:
    bundle = row["bundle"]
    artifact = None if row["artifact"] == "-" else row["artifact"]
    digest = f"sha256:{DSSE_SUBJECTS[bundle][1]}" if artifact is None else None
    return Case(id=bundle, bundle=bundle, root=row["trust_root"],
                identity=row["identity"] if row["identity"] != "-" else SOMEONE,
                issuer=row["issuer"] if row["issuer"] != "-" else SOME_ISSUER,
                expected=OUTCOMES[bundle][0], artifact=artifact, digest=digest, pins=pins)


def _variants(case: Case) -> list[Case]:
    """Every way a passing case must fail, with the reason it must fail for."""
    other = {"production": "staging", "staging": "production"}[case.root]
    changed = F.ARTIFACT_MISMATCH if case.artifact else F.SUBJECT_MISMATCH
    found = [
        replace(case, id=f"{case.id}-root-file", root_file=True),
        replace(case, id=f"{case.id}-other-root", root=other, expected=OUTCOMES[case.bundle][1]),
        replace(case, id=f"{case.id}-other-root-file", root=other, root_file=True,
                expected=OUTCOMES[case.bundle][1]),
        replace(case, id=f"{case.id}-changed", change_artifact=True, expected=changed),
        replace(case, id=f"{case.id}-identity", identity="mallory@example.org",
                expected=F.IDENTITY_MISMATCH),
        replace(case, id=f"{case.id}-issuer", issuer="https://accounts.google.com",
                expected=F.ISSUER_MISMATCH),
    ]
    for name in case.pins:
        for n, value in enumerate(OTHER_PIN_VALUES[name]):
            found.append(replace(case, id=f"{case.id}-{name}-{n}",
                                 pins={**case.pins, name: value}, expected=F.PIN_MISMATCH))
    return found


def cases() -> list[Case]:
    found: list[Case] = []
    for row in _rows("LABELS.tsv"):
        case = _labelled(row, {})
        found.append(case)
        if case.expected is None:
            found += _variants(case)
    for row in _rows("EXTENSIONS.tsv"):
        case = _labelled({**row, "expected": "pass"},
                         {name: row[name] for name in PIN_OPTIONS})
        found += [case, *_variants(case)]
    dsse = next((c for c in found if c.id == "a.dsse.staging-rekor-v2.txt.sigstore.json"), None)
    if dsse is not None:  # it was signed by a GitHub workflow: pin its repository too
        found += [replace(dsse, id=f"{dsse.id}-repository",
                          pins={"source_repository": DSSE_REPOSITORY}),
                  replace(dsse, id=f"{dsse.id}-other-repository",
                          pins={"source_repository": "trailofbits/rfc8785.py"},
                          expected=F.PIN_MISMATCH)]
    return found


CASES = cases()


@pytest.mark.corpus
def test_the_corpus_is_the_one_the_table_describes() -> None:
    if not CASES:
        pytest.skip("../shared/corpora/sigstore is not present")
    bundles = {r["bundle"] for r in _rows("LABELS.tsv") + _rows("EXTENSIONS.tsv")}
    assert bundles == set(OUTCOMES)
    for row in _rows("LABELS.tsv"):  # the table agrees with the labels
        assert (OUTCOMES[row["bundle"]][0] is None) is (row["expected"] == "pass")


def _sha256(case: Case, tmp_path: Path) -> tuple[bytes, Path | None]:
    """The digest to verify against, and the artifact file (changed when the case says so)."""
    if case.artifact is None:
        assert case.digest is not None
        digest = bytearray(parse_sha256(case.digest))
        if case.change_artifact:
            digest[-1] ^= 0x01
        return bytes(digest), None
    data = bytearray((CORPUS / case.artifact).read_bytes())
    if not case.change_artifact:
        return hashlib.sha256(data).digest(), CORPUS / case.artifact
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / case.artifact
    changed.write_bytes(bytes(data))
    return hashlib.sha256(data).digest(), changed


def _trust(case: Case) -> dict[str, Any]:
    trust: dict[str, Any] = {"identity": case.identity, "issuer": case.issuer, **case.pins}
    if case.root_file:
        trust["trusted_root"] = CORPUS / f"trusted_root.{case.root}.json"
    else:
        trust["staging"] = case.root == "staging"
    return trust


def _argv(case: Case, artifact: Path | None, digest: bytes) -> list[str]:
    argv = ["verify-bundle", str(CORPUS / case.bundle), "--identity", case.identity,
            "--issuer", case.issuer, "--format", "json"]
    argv += (["--artifact", str(artifact)] if artifact is not None
             else ["--digest", f"sha256:{digest.hex()}"])
    for name, value in case.pins.items():
        argv += [PIN_OPTIONS[name], value]
    if case.root_file:
        argv += ["--trusted-root", str(CORPUS / f"trusted_root.{case.root}.json")]
    elif case.root == "staging":
        argv.append("--staging")
    return argv


def _kind(case: Case) -> BundleKind | None:
    if OUTCOMES[case.bundle][0] is not None and case.bundle.startswith("bundle_invalid"):
        return None  # an unknown media type is not read any further
    return BundleKind.MESSAGE_SIGNATURE if case.artifact else BundleKind.DSSE


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_library(case: Case, tmp_path: Path) -> None:
    digest, _ = _sha256(case, tmp_path)
    signer = SignerPolicy.from_options(**_trust(case))
    if case.expected is not None:
        with pytest.raises(BundleError) as info:
            verify_any(CORPUS / case.bundle, signer, artifact_sha256=digest)
        assert info.value.failure is case.expected, info.value.message
        assert info.value.exit_code == 1
        return
    result = verify_any(CORPUS / case.bundle, signer, artifact_sha256=digest)
    assert result.kind is _kind(case)
    assert result.artifact_sha256 == digest.hex()
    assert (result.identity, result.issuer, result.key_id) == (case.identity, case.issuer, None)
    assert result.integrated_time is not None or result.timestamp_times
    assert [p.name for p in result.pins][:2] == ["signer identity", "signer issuer"]
    assert all(p.ok for p in result.pins) and len(result.pins) == 2 + len(case.pins)
    if result.kind is BundleKind.DSSE:
        assert result.statement is not None
        name, hex_digest = DSSE_SUBJECTS[case.bundle]
        assert result.statement.subject_for("sha256", hex_digest) is not None
        assert [s.name for s in result.statement.subjects] == [name]
        assert result.statement.predicate_type == "https://slsa.dev/provenance/v1"
    else:
        assert result.statement is None


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_json(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest, artifact = _sha256(case, tmp_path)
    code = main(_argv(case, artifact, digest))
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["artifact_sha256"] == digest.hex()
    kind = _kind(case)
    assert report["kind"] == (str(kind) if kind else None)
    if case.expected is not None:
        assert (code, report["verified"], report["failure"]) == (1, False, str(case.expected))
        assert f"[{case.expected}]" in report["message"]
        assert report["signer"] is None and report["statement"] is None
        if case.expected is F.PIN_MISMATCH:
            wrong = [p["name"] for p in report["pins"] if not p["ok"]]
            assert len(wrong) == 1 and wrong[0] in {n.replace("_", " ") for n in case.pins}
        return
    assert (code, report["verified"], report["failure"]) == (0, True, None), captured
    assert report["signer"]["identity"] == case.identity
    assert report["signer"]["issuer"] == case.issuer
    assert report["signer"]["key_id"] is None
    assert report["signer"]["trust_root"] == (
        str(CORPUS / f"trusted_root.{case.root}.json") if case.root_file else case.root)
    assert all(p["ok"] for p in report["pins"])
    if case.pins:  # the GitHub-signed bundles: the certificate's facts are all there
        assert report["source"]["source_repository"].startswith("https://github.com/")
    if kind is BundleKind.DSSE:
        name, hex_digest = DSSE_SUBJECTS[case.bundle]
        assert report["statement"] == {
            "type": "https://in-toto.io/Statement/v1",
            "predicate_type": "https://slsa.dev/provenance/v1",
            "subjects": [{"name": name, "digest": {"sha256": hex_digest}}]}
    else:
        assert report["statement"] is None


# ---- DSSE bundles made here, on the hand-built instance of tests/sigstore_instance.py -------

ARTIFACT = b"release artifact\n"
REPO = "https://github.com/o/r"


def _statement(**changes: Any) -> bytes:
    """An in-toto statement about ARTIFACT, with fields changed (None: removed)."""
    statement: dict[str, Any] = {**statement_about(ARTIFACT), **changes}
    return json.dumps({k: v for k, v in statement.items() if v is not None}).encode()


@dataclass(frozen=True)
class MadeCase:
    """A DSSE bundle made by the test instance, and the outcome it must have."""

    id: str
    expected: BundleFailure | None
    statement: bytes = field(default_factory=_statement)
    knobs: Knobs = field(default_factory=Knobs)
    digest_of: bytes = ARTIFACT
    """The artifact whose SHA-256 is given to the verifier."""
    pins: dict[str, str] = field(default_factory=dict)
    identity: str = IDENTITY


MADE = [
    MadeCase("statement-v1", None),
    MadeCase("statement-v0.1", None,
             _statement(_type="https://in-toto.io/Statement/v0.1",
                        predicateType="https://slsa.dev/provenance/v0.2")),
    MadeCase("repository-pinned", None, pins={"source_repository": "o/r"}),
    MadeCase("statement-v2", F.UNKNOWN_STATEMENT,
             _statement(_type="https://in-toto.io/Statement/v2")),
    MadeCase("no-statement-type", F.UNKNOWN_STATEMENT, _statement(_type=None)),
    MadeCase("not-a-statement", F.WRONG_CONTENT, b"just bytes, signed"),
    MadeCase("other-subject", F.SUBJECT_MISMATCH, digest_of=b"another artifact\n"),
    # The envelope's signature no longer verifies; the log still holds the original one.
    MadeCase("tampered-envelope-signature", F.INVALID_SIGNATURE,
             knobs=Knobs(tamper_signature=True)),
    MadeCase("signed-with-another-key", F.INVALID_SIGNATURE, knobs=Knobs(sign_key=new_key())),
    MadeCase("log-records-another-payload", F.LOG_ENTRY_MISMATCH,
             knobs=Knobs(entry_content=_statement(predicateType="https://example.org/x"))),
    MadeCase("other-identity", F.IDENTITY_MISMATCH, identity="mallory@example.org"),
    MadeCase("other-repository", F.PIN_MISMATCH, pins={"source_repository": "o/fork"}),
]


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    return make_instance(tmp_path_factory.mktemp("instance"))


def _made(case: MadeCase, inst: Instance, tmp_path: Path) -> Path:
    bundle = keyless_bundle(inst, statement=case.statement, knobs=case.knobs,
                            extensions={"repository": REPO})
    return write(bundle, tmp_path / f"{case.id}.sigstore.json")


@pytest.mark.parametrize("case", MADE, ids=[c.id for c in MADE])
def test_made_dsse_library(case: MadeCase, instance: Instance, tmp_path: Path) -> None:
    bundle = _made(case, instance, tmp_path)
    signer = SignerPolicy.from_options(identity=case.identity, issuer=ISSUER,
                                       trusted_root=instance.trusted_root, **case.pins)
    digest = hashlib.sha256(case.digest_of).digest()
    if case.expected is not None:
        with pytest.raises(BundleError) as info:
            verify_any(bundle, signer, artifact_sha256=digest)
        assert info.value.failure is case.expected, info.value.message
        return
    result = verify_any(bundle, signer, artifact_sha256=digest)
    assert result.kind is BundleKind.DSSE and result.statement is not None
    assert result.statement.type == json.loads(case.statement)["_type"]
    assert result.source is not None and result.source.repository == REPO


@pytest.mark.parametrize("case", MADE, ids=[c.id for c in MADE])
def test_made_dsse_cli_json(case: MadeCase, instance: Instance, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    bundle = _made(case, instance, tmp_path)
    artifact = tmp_path / "artifact.bin"
    artifact.write_bytes(case.digest_of)
    argv = ["verify-bundle", str(bundle), "--artifact", str(artifact), "--identity",
            case.identity, "--issuer", ISSUER, "--trusted-root", str(instance.trusted_root),
            "--format", "json"]
    for name, value in case.pins.items():
        argv += [PIN_OPTIONS[name], value]
    code = main(argv)
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "dsse"
    assert report["artifact_sha256"] == hashlib.sha256(case.digest_of).hexdigest()
    if case.expected is not None:
        assert (code, report["verified"], report["failure"]) == (1, False, str(case.expected))
        return
    assert (code, report["verified"]) == (0, True)
    assert report["statement"]["type"] == json.loads(case.statement)["_type"]
    assert report["statement"]["subjects"] == [
        {"name": "artifact.bin", "digest": {"sha256": hashlib.sha256(ARTIFACT).hexdigest()}}]
    assert report["source"]["source_repository"] == REPO
