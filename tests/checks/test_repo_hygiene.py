import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.repo_hygiene import RepoHygiene, allowed_signer_keys, pinned
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ConfigError
from margo_ssdf.evaluate import Judgement, judge
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.policy import CheckRule
from tests.conftest import git, make_project


def run_check(root: Path, tmp_path: Path, **options: object) -> CheckResult:
    check = RepoHygiene()
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=tmp_path / "evidence", timeout=60)
    return check.run(ctx)


def probes(result: CheckResult) -> dict[str, tuple[Outcome, str]]:
    return {p.id: (p.outcome, p.reason) for p in result.probes}


def test_plain_directory_security_and_owners_found_signatures_not_shown(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "plain", in_git=False)
    result = run_check(project, tmp_path)
    found = probes(result)
    assert found["security-policy"][0] is Outcome.PASS
    assert found["code-owners"][0] is Outcome.PASS
    # No history is missing evidence: PS.1.1 fails, it does not become "not applicable".
    assert found["signed-commits"][0] is Outcome.FAIL
    assert "not a git repository" in found["signed-commits"][1]
    assert found["workflow-pins"][0] is Outcome.SKIPPED
    assert "looked for .github/workflows" in found["workflow-pins"][1]
    assert result.outcome is Outcome.FAIL
    rule = CheckRule(thresholds={"min_signed_commits": 0.8})
    assert judge(result, "repo.hygiene", "PS.1.1", rule)[0] is Judgement.FAIL
    evidence = result.evidence[0]
    data = json.loads((tmp_path / "evidence" / evidence.path).read_text())
    assert {p["id"] for p in data["probes"]} == set(found)


def test_missing_files_fail_their_probes(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    root.mkdir()
    (root / "main.go").write_text("package main\n")
    result = run_check(root, tmp_path)
    found = probes(result)
    assert found["security-policy"][0] is Outcome.FAIL
    assert found["code-owners"][0] is Outcome.FAIL
    assert result.outcome is Outcome.FAIL and "no security policy" in (result.reason or "")


def test_empty_security_file_does_not_count(project: Path, tmp_path: Path) -> None:
    (project / "SECURITY.md").write_text("")
    assert probes(run_check(project, tmp_path))["security-policy"][0] is Outcome.FAIL


def trust(repo: Path, *keys: Path) -> str:
    """An allowed-signers file in the repository trusting `keys`; its option value."""
    lines = [f'dev@example.org namespaces="git" {k.with_suffix(".pub").read_text().strip()}'
             for k in keys]
    (repo / "allowed_signers").write_text("\n".join(lines) + "\n")
    return "allowed_signers"


def probe(result: CheckResult, pid: str) -> Probe:
    return next(p for p in result.probes if p.id == pid)


def test_verified_and_unsigned_commits_are_counted(signed_repo: Path, signing_key: Path,
                                                   tmp_path: Path) -> None:
    allowed = trust(signed_repo, signing_key)
    first = run_check(signed_repo, tmp_path, allowed_signers=allowed)
    assert probe(first, "signed-commits").outcome is Outcome.PASS
    assert probe(first, "unverified-signatures").reason == (
        "every signature among the last 2 commits verifies")
    (signed_repo / "c.py").write_text("y = 2\n")
    git(signed_repo, "add", "c.py")
    git(signed_repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "unsigned")
    result = run_check(signed_repo, tmp_path, allowed_signers=allowed)
    signed = probe(result, "signed-commits")
    assert signed.outcome is Outcome.FAIL
    assert signed.value == pytest.approx(2 / 3, abs=1e-3)
    assert signed.reason == ("2 of the last 3 commits carry a signature that verifies against "
                             "the keys in allowed_signers; 1 are unsigned")
    assert len(signed.locations) == 1  # the unsigned commit's short sha
    window = probe(run_check(signed_repo, tmp_path, allowed_signers=allowed, commit_window=1),
                   "signed-commits")
    assert window.value == 0.0


def test_evidence_names_the_trusted_keys_and_each_verdict(signed_repo: Path, signing_key: Path,
                                                          tmp_path: Path) -> None:
    result = run_check(signed_repo, tmp_path, allowed_signers=trust(signed_repo, signing_key))
    data = json.loads((tmp_path / "evidence" / result.evidence[0].path).read_text())
    record = data["commit_signatures"]
    listed = subprocess.run(["ssh-keygen", "-lf", f"{signing_key}.pub"], capture_output=True,
                            text=True, check=True, timeout=60).stdout.split()[1]
    assert record["allowed_signers"]["keys"] == [listed]  # ssh-keygen's own fingerprint
    assert record["gpg_keyring"] is None and record["count_unverified_signatures"] is False
    assert [c["verified"] for c in record["commits"]] == [True, True]
    assert listed in record["commits"][0]["detail"]


def test_signatures_with_no_configured_key_are_present_but_not_counted(
        signed_repo: Path, tmp_path: Path) -> None:
    result = run_check(signed_repo, tmp_path)
    signed, unverified = probe(result, "signed-commits"), probe(result, "unverified-signatures")
    assert signed.outcome is Outcome.FAIL and signed.value == 0.0
    assert "against no key (neither allowed_signers nor gpg_keyring is set)" in signed.reason
    assert unverified.value == 2 and unverified.tasks == ()
    assert unverified.locations[0].endswith(": no allowed-signers file is configured "
                                            "(repo.hygiene option allowed_signers)")
    lenient = run_check(signed_repo, tmp_path, count_unverified_signatures=True)
    assert probe(lenient, "signed-commits").value == 1.0
    assert probe(lenient, "unverified-signatures").outcome is Outcome.PASS
    assert "(counted as signed)" in probe(lenient, "unverified-signatures").reason


def test_a_configured_key_file_that_is_missing_is_an_error(signed_repo: Path,
                                                           tmp_path: Path) -> None:
    signed = probe(run_check(signed_repo, tmp_path, allowed_signers="keys/missing"),
                   "signed-commits")
    assert signed.outcome is Outcome.ERROR
    assert "key 'checks.repo.hygiene.options.allowed_signers': names keys/missing, which is " \
           "not a file" in signed.reason
    assert "Commit an SSH allowed-signers file there" in signed.reason


@pytest.mark.parametrize(("text", "message"), [
    ("# only a comment\n\n", "allowed_signers: holds no SSH public key."),
    ('dev@example.org namespaces="git" ssh-ed25519 notbase64!\n',
     "allowed_signers:1: this line names no SSH public key."),
    ('dev@example.org namespaces="git ssh-ed25519 AAAA\n',
     "allowed_signers:1: this line names no SSH public key."),
])
def test_an_allowed_signers_file_without_keys_names_the_line(tmp_path: Path, text: str,
                                                             message: str) -> None:
    (tmp_path / "allowed_signers").write_text(text)
    with pytest.raises(ConfigError) as raised:
        allowed_signer_keys(tmp_path / "allowed_signers", "allowed_signers")
    assert raised.value.message == message and raised.value.fix


def test_the_cache_fingerprint_follows_the_trusted_keys(signed_repo: Path,
                                                        signing_key: Path) -> None:
    check, project = RepoHygiene(), discover(signed_repo)
    options = {**check.options, "allowed_signers": trust(signed_repo, signing_key)}
    before = check.fingerprint(project, options)
    (signed_repo / "allowed_signers").write_text("")
    assert check.fingerprint(project, options) != before


@pytest.fixture
def gnupg(tmp_path: Path) -> Iterator[tuple[dict[str, str], list[str]]]:
    """A GnuPG home with two signing keys (its environment, their fingerprints)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    try:
        fingerprints = []
        for who in ("maintainer", "stranger"):
            subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                            f"{who} <{who}@example.org>", "ed25519", "sign", "never"],
                           env=env, check=True, capture_output=True, timeout=120)
            listed = subprocess.run(["gpg", "--with-colons", "--list-keys", who], env=env,
                                    capture_output=True, text=True, check=True, timeout=60)
            fingerprints.append(next(s.split(":")[9] for s in listed.stdout.splitlines()
                                     if s.startswith("fpr:")))
        yield env, fingerprints
    finally:  # the agent that key generation started
        subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"],
                       capture_output=True, timeout=60)


def test_openpgp_signatures_verify_against_the_configured_keyring(
        signed_repo: Path, gnupg: tuple[dict[str, str], list[str]], tmp_path: Path) -> None:
    env, (maintainer, stranger) = gnupg
    for fpr, name in ((maintainer, "ours"), (stranger, "theirs")):
        git(signed_repo, "-c", "gpg.format=openpgp", "-c", f"user.signingkey={fpr}", "commit",
            "-q", "-S", "--allow-empty", "-m", name, env=env)
        git(signed_repo, "commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", "plain")
    keyring = signed_repo / "maintainers.asc"
    keyring.write_bytes(subprocess.run(["gpg", "--armor", "--export", maintainer], env=env,
                                       capture_output=True, check=True, timeout=60).stdout)
    result = run_check(signed_repo, tmp_path, commit_window=4, gpg_keyring="maintainers.asc")
    data = json.loads((tmp_path / "evidence" / result.evidence[0].path).read_text())
    commits = data["commit_signatures"]["commits"]
    assert [(c["signature"], c["verified"]) for c in commits] == [
        (None, False), ("openpgp", False), (None, False), ("openpgp", True)]
    assert data["commit_signatures"]["gpg_keyring"]["keys"] == [maintainer]
    assert "No public key" in commits[1]["detail"]
    assert probe(result, "signed-commits").value == 0.25


def test_a_keyring_gpg_cannot_read_is_an_error(signed_repo: Path, tmp_path: Path) -> None:
    (signed_repo / "keys.asc").write_text("not a key\n")
    signed = probe(run_check(signed_repo, tmp_path, gpg_keyring="keys.asc"), "signed-commits")
    assert signed.outcome is Outcome.ERROR
    assert "holds no OpenPGP public key gpg can import" in signed.reason


WORKFLOW = """\
name: ci
on: [push]
permissions:
  contents: write
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b # v5.3.0
      - uses: ./local-action
  deploy:
    uses: org/repo/.github/workflows/deploy.yml@main
"""


def test_workflow_pins_and_permissions_with_lines(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text(WORKFLOW)
    result = run_check(project, tmp_path)
    pins = next(p for p in result.probes if p.id == "workflow-pins")
    perms = next(p for p in result.probes if p.id == "workflow-permissions")
    assert pins.outcome is Outcome.FAIL and pins.value == 2
    assert pins.locations == (
        ".github/workflows/ci.yml:9: actions/checkout@v4",
        ".github/workflows/ci.yml:13: org/repo/.github/workflows/deploy.yml@main")
    assert perms.outcome is Outcome.FAIL
    assert perms.locations[0].startswith(
        ".github/workflows/ci.yml:3: top-level permissions grant contents: write")


def test_least_privilege_workflow_passes(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ok.yaml").write_text(
        "on: push\npermissions: {}\njobs:\n  release:\n    permissions:\n      contents: write\n"
        "    runs-on: x\n    steps:\n"
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n")
    found = probes(run_check(project, tmp_path))
    assert found["workflow-pins"][0] is Outcome.PASS
    assert found["workflow-permissions"][0] is Outcome.PASS


def test_job_without_permissions_and_no_top_level_fails(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "a.yml").write_text("on: push\njobs:\n  build:\n    runs-on: x\n    steps: []\n")
    perms = next(p for p in run_check(project, tmp_path).probes if p.id == "workflow-permissions")
    assert perms.outcome is Outcome.FAIL
    assert "a.yml:3: job 'build' gets the default token permissions" in perms.locations[0]


def test_unparsable_workflow_is_an_error_not_a_pass(project: Path, tmp_path: Path) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "broken.yml").write_text("jobs: [unclosed\n")
    pins = next(p for p in run_check(project, tmp_path).probes if p.id == "workflow-pins")
    assert pins.outcome is Outcome.ERROR and "broken.yml" in pins.reason


@pytest.mark.parametrize(("ref", "ok"), [
    ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", True),
    ("actions/checkout@v4", False),
    ("actions/checkout@11bd719", False),
    ("./.github/actions/x", True),
    ("docker://alpine:3.20", False),
    ("docker://alpine@sha256:" + "a" * 64, True),
])
def test_pinning_rule(ref: str, ok: bool) -> None:
    assert pinned(ref) is ok


def test_the_conventional_allowed_signers_file_is_used_when_none_is_named(
        project: Path, tmp_path: Path) -> None:
    # make_project commits with a key its .margo-ssdf/allowed_signers trusts.
    result = run_check(project, tmp_path)
    found = probes(result)
    assert found["signed-commits"][0] is Outcome.PASS, found["signed-commits"]
    data = json.loads((tmp_path / "evidence" / result.evidence[0].path).read_text())
    assert data["commit_signatures"]["allowed_signers"]["path"] == ".margo-ssdf/allowed_signers"
