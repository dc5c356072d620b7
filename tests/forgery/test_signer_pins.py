"""Attack: a fork (or any repository) signs with a trusted workflow's identity.

A reusable workflow signs every caller's release with the *workflow's* identity, so pinning
the identity and issuer alone accepts a release from any repository that calls it. The
certificate also names the source repository, ref, trigger and workflow (Fulcio extensions
1.3.6.1.4.1.57264.1.12, .14, .20, .9): `audit`, `report` and `verify-bundle` pin them with
--repository, --ref, --trigger and --workflow, and print them for every keyless signature.

Tested on a real GitHub-signed bundle from ../shared/corpora/sigstore (the rfc8785 wheel; its
values are in EXTENSIONS.tsv); the tests that read it skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from tests.attest.test_trust import ACTIONS, BEACON, REPOSITORY, WORKFLOW, corpus_file


def verify_wheel(capsys: pytest.CaptureFixture[str], *pins: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify-bundle", str(corpus_file("bundle_v3_github.whl.sigstore")),
                 "--artifact", str(corpus_file("bundle_v3_github.whl")),
                 "--identity", WORKFLOW, "--issuer", ACTIONS,
                 "--trusted-root", str(corpus_file("trusted_root.production.json")), *pins])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.corpus
def test_the_right_repository_passes_and_every_value_is_printed(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_wheel(capsys, "--repository", "trailofbits/rfc8785.py")
    assert code == 0 and out.startswith("VERIFIED: bundle_v3_github.whl")
    assert (f"; source repository {REPOSITORY}, ref refs/tags/v0.1.2, trigger release, "
            f"workflow {WORKFLOW}; pins held: signer identity, signer issuer, "
            "source repository") in out


@pytest.mark.corpus
def test_unpinned_values_are_printed_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_wheel(capsys)
    assert code == 0 and f"source repository {REPOSITORY}, ref refs/tags/v0.1.2" in out


@pytest.mark.corpus
@pytest.mark.parametrize("repository", ["margo-ssdf/margo-ssdf", "trailofbits/rfc8785",
                                        "https://github.com/evil-fork/rfc8785.py"])
def test_any_other_repository_is_refused_naming_both(
        repository: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_wheel(capsys, "--repository", repository)
    pinned = repository if repository.startswith("https://") else \
        f"https://github.com/{repository}"
    assert code == 1 and out.startswith("NOT VERIFIED")
    assert "[pin-mismatch]" in out
    assert f"source repository: the certificate says {REPOSITORY}, not the pinned {pinned}." \
        in out


@pytest.mark.corpus
def test_the_full_url_spelling_is_the_same_pin(capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_wheel(capsys, "--repository", REPOSITORY + "/")[0] == 0


@pytest.mark.corpus
@pytest.mark.parametrize("pins, ok", [
    (("--ref", "refs/tags/v0.1.2", "--trigger", "release"), True),
    (("--ref", "refs/tags/v9.9.9"), False),
    (("--trigger", "push"), False),
    (("--workflow", ".github/workflows/release.yml"), True),
    (("--workflow", WORKFLOW.split("@")[0]), True),
    (("--workflow", WORKFLOW), True),
    (("--workflow", ".github/workflows/other.yml"), False),
    (("--workflow", "release.yml"), False),  # a path is the whole path, not a suffix
])
def test_ref_trigger_and_workflow_pins(pins: tuple[str, ...], ok: bool,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_wheel(capsys, *pins)
    assert code == (0 if ok else 1), out
    if not ok:
        assert f"not the pinned {pins[1]}." in out


@pytest.mark.corpus
def test_a_repository_that_is_no_repository_is_a_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_wheel(capsys, "--repository", "rfc8785.py")
    assert code == 2 and "neither OWNER/NAME nor a URL" in out


@pytest.mark.corpus
def test_audit_prints_the_certificates_source_and_refuses_another_repository(
        capsys: pytest.CaptureFixture[str]) -> None:
    # A real keyless DSSE bundle (its statement is SLSA provenance, so the audit goes no
    # further than the statement type; the signature and its pins are what is shown here).
    bundle = corpus_file("a.dsse.staging-rekor-v2.txt.sigstore.json")
    args = ["audit", str(bundle), "--identity", BEACON, "--issuer", ACTIONS, "--staging",
            "--format", "json"]
    capsys.readouterr()
    assert main(args) == 1
    report = json.loads(capsys.readouterr().out)
    beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon"
    assert report["certificate"]["source_repository"] == beacon
    assert report["certificate"]["build_trigger"] == "workflow_dispatch"
    assert report["certificate"]["workflow"] == BEACON
    signature = report["steps"][0]
    assert signature["ok"] and f"; source repository {beacon}, ref refs/heads/main" in \
        signature["detail"]
    assert main([*args, "--repository", "margo-ssdf/margo-ssdf"]) == 1
    steps = {s["name"]: s for s in json.loads(capsys.readouterr().out)["steps"]}
    assert not steps["signature"]["ok"]
    assert steps["source repository"] == {
        "name": "source repository", "ok": False,
        "detail": f"the certificate says {beacon}, not the pinned "
                  "https://github.com/margo-ssdf/margo-ssdf"}


def test_certificate_pins_with_a_key_are_refused_by_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed = tmp_path / "a.dsse.json"
    signed.write_text('{"payloadType": "x", "payload": "", "signatures": []}')
    for command in ("audit", "report"):
        assert main([command, str(signed), "--key", str(tmp_path / "k.pub"),
                     "--repository", "a/b"]) == 2
        assert "source repository: these pin a Sigstore" in capsys.readouterr().err
