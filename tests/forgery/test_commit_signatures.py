"""Forged and unverifiable commit signatures do not count towards PS.1.1 (issue #15, item 7).

Each test builds a real repository signed with real ssh-keygen keys and runs `margo-ssdf
verify` with a policy in which only PS.1.1 is required, so the exit code is PS.1.1's verdict.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

import pytest

from margo_ssdf import catalog
from margo_ssdf.cli import main
from tests.conftest import git

SIGNED_ONE = "1 of the last 2 commits carry a signature that verifies"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The maintainer's key (in the allowed-signers file) and an attacker's (not in it)."""
    where = tmp_path_factory.mktemp("keys")
    out = {}
    for who in ("maintainer", "attacker"):
        out[who] = where / who
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who,
                        "-f", str(out[who])], check=True, timeout=60)
    return out


def allowed_line(key: Path) -> str:
    return f'dev@example.org namespaces="git" {key.with_suffix(".pub").read_text().strip()}\n'


def commit(repo: Path, key: Path | None, name: str) -> str:
    (repo / name).write_text(f"{name}\n")
    git(repo, "add", name)
    signing = (["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}.pub", "commit", "-S"]
               if key else ["-c", "commit.gpgsign=false", "commit"])
    git(repo, *signing, "-q", "-m", name)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, keys: dict[str, Path]) -> Path:
    """A repository whose allowed-signers file trusts the maintainer; one maintainer commit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".margo-ssdf").mkdir()
    (root / ".margo-ssdf" / "allowed_signers").write_text(allowed_line(keys["maintainer"]))
    (root / ".margo-ssdf.yaml").write_text(
        "checks:\n  repo.hygiene:\n    options: {allowed_signers: .margo-ssdf/allowed_signers}\n")
    commit(root, keys["maintainer"], "first")
    return root


def verify(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
           **options: object) -> tuple[int, str]:
    """`margo-ssdf verify` with a policy that requires PS.1.1 (every commit counted) only:
    the exit code, and PS.1.1's state and reason as the JSON output says them."""
    lines = ["name: ps-only", "checks:", "  repo.hygiene:",
             "    thresholds: {min_signed_commits: 1.0}",
             f"    options: {{{', '.join(f'{k}: {v}' for k, v in options.items())}}}",
             "tasks:"]
    lines += [f"  {t}: {{checks: [repo.hygiene]}}" if t == "PS.1.1"
              else f"  {t}: {{required: false}}" for t in catalog.ssdf().tasks]
    policy = tmp_path / "policy.yaml"
    policy.write_text("\n".join(lines) + "\n")
    code = main(["verify", str(repo), "--policy", str(policy), "--no-cache", "--format", "json"])
    out = capsys.readouterr().out
    task = next(t for t in json.loads(out)["evaluation"]["tasks"] if t["task_id"] == "PS.1.1")
    return code, f"{task['state']}: {task['reason']}"


def unverified(capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path) -> list[str]:
    """The unverified-signatures probe's list: each commit and why it does not verify."""
    policy = tmp_path / "policy.yaml"
    main(["verify", str(repo), "--policy", str(policy), "--no-cache", "--format", "json"])
    results = json.loads(capsys.readouterr().out)["results"]
    probe = next(p for r in results for p in r["probes"] if p["id"] == "unverified-signatures")
    return list(probe["locations"])


def test_commits_signed_by_an_allowed_key_count(repo: Path, keys: dict[str, Path],
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, keys["maintainer"], "second")
    code, out = verify(repo, tmp_path, capsys)
    assert code == 0, out
    assert "2 of the last 2 commits carry a signature that verifies against the keys in " \
           ".margo-ssdf/allowed_signers" in out


def test_a_key_not_in_the_allowed_signers_file_does_not_count(
        repo: Path, keys: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    attacked = commit(repo, keys["attacker"], "second")
    code, out = verify(repo, tmp_path, capsys)
    assert code == 1, out
    assert out.startswith("not_satisfied") and SIGNED_ONE in out
    assert "1 more are signed but do not verify" in out
    assert unverified(capsys, repo, tmp_path) == [f"{attacked[:12]}: No principal matched."]
    # Only a policy that says so counts a signature that does not verify.
    code, out = verify(repo, tmp_path, capsys, count_unverified_signatures="true")
    assert code == 0, out
    assert "count, as count_unverified_signatures is true" in out


def forge(repo: Path, raw: str) -> str:
    """Write a commit object as given and point main at it."""
    sha = subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "-t", "commit",
                          "--literally", "--stdin"], input=raw, capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    git(repo, "update-ref", "refs/heads/main", sha)
    return sha


def signed_object(repo: Path) -> tuple[list[str], list[str], str]:
    """HEAD's raw object split into its plain headers, its signature lines and its message."""
    head, _, message = git(repo, "cat-file", "commit", "HEAD").partition("\n\n")
    lines = head.split("\n")
    signature = [s for s in lines if s.startswith(("gpgsig ", " "))]
    return [s for s in lines if s not in signature], signature, message


def sshsig_claiming(key: Path) -> list[str]:
    """A well-formed SSHSIG header that names `key` as its signer over random signature bytes."""
    def string(data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + data

    public = base64.b64decode(key.with_suffix(".pub").read_text().split()[1])
    blob = (b"SSHSIG" + (1).to_bytes(4, "big") + string(public) + string(b"git") + string(b"")
            + string(b"sha512") + string(string(b"ssh-ed25519") + string(os.urandom(64))))
    armored = base64.b64encode(blob).decode()
    body = [armored[i:i + 70] for i in range(0, len(armored), 70)]
    return ["gpgsig -----BEGIN SSH SIGNATURE-----", *(f" {s}" for s in body),
            " -----END SSH SIGNATURE-----"]


@pytest.mark.parametrize(("signature", "why"), [
    (None, "incorrect signature"),
    (["gpgsig -----BEGIN SSH SIGNATURE-----", " U1NIU0lHZ2FyYmFnZQ==",
      " -----END SSH SIGNATURE-----"], "larger than supported"),
    # git itself stops with "bad/incompatible signature" on this one: it must not stop the check.
    (["gpgsig hello", " world"], "a signature header git does not recognise"),
], ids=["the maintainer's key, random bytes", "garbage SSHSIG", "unknown format"])
def test_a_forged_signature_header_does_not_count(
        repo: Path, keys: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        signature: list[str] | None, why: str) -> None:
    commit(repo, keys["maintainer"], "second")
    headers, _, message = signed_object(repo)
    signature = signature or sshsig_claiming(keys["maintainer"])
    sha = forge(repo, "\n".join(headers + signature) + "\n\n" + "forged: " + message)
    code, out = verify(repo, tmp_path, capsys)
    assert code == 1, out
    assert SIGNED_ONE in out and "1 more are signed but do not verify" in out
    [location] = unverified(capsys, repo, tmp_path)
    assert location.startswith(f"{sha[:12]}: ") and why in location


def test_a_real_signature_moved_onto_other_content_does_not_count(
        repo: Path, keys: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, keys["maintainer"], "second")
    headers, signature, message = signed_object(repo)
    # The maintainer's own signature, over a commit that says something else.
    forge(repo, "\n".join(headers + signature) + "\n\n" + message.replace("second", "evil"))
    code, out = verify(repo, tmp_path, capsys)
    assert code == 1, out
    assert SIGNED_ONE in out and "1 more are signed but do not verify" in out


def test_the_users_git_config_does_not_decide(repo: Path, keys: dict[str, Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    attacked = commit(repo, keys["attacker"], "second")
    home = tmp_path / "home"
    home.mkdir()
    (home / "trusts-attacker").write_text(allowed_line(keys["attacker"]))
    marker = tmp_path / "ran"
    program = home / "ssh-keygen-wrapper"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexec ssh-keygen \"$@\"\n")
    program.chmod(0o755)
    config = (f"[gpg]\n\tminTrustLevel = undefined\n[gpg \"ssh\"]\n"
              f"\tallowedSignersFile = {home / 'trusts-attacker'}\n\tprogram = {program}\n")
    (home / ".gitconfig").write_text(config)
    (repo / ".git" / "config").write_text(
        (repo / ".git" / "config").read_text() + config)  # the checkout's own config, too
    monkeypatch.setenv("HOME", str(home))

    code, out = verify(repo, tmp_path, capsys)
    assert code == 1, out
    assert SIGNED_ONE in out and "1 more are signed but do not verify" in out
    assert not marker.exists()  # the configured program never ran
    # Control: left to its configuration, git itself accepts the attacker's commit.
    plain = subprocess.run(["git", "-C", str(repo), "verify-commit", attacked],
                           capture_output=True, env={**os.environ, "HOME": str(home)},
                           timeout=60)
    assert plain.returncode == 0 and marker.exists()


def test_a_missing_verifier_fails_closed(repo: Path, keys: dict[str, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, keys["maintainer"], "second")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                              check=True, timeout=60).stdout.strip()
    (bin_dir / "git").symlink_to(real_git)
    monkeypatch.setenv("PATH", str(bin_dir))
    code, out = verify(repo, tmp_path, capsys)
    assert code == 3, out
    assert out.startswith("not_assessed") and "'ssh-keygen' is not installed" in out
