"""Git facts: GitPython reads refs in-process, the git program runs through tools.run."""

from __future__ import annotations

from pathlib import Path

import pytest

from margo_ssdf.discovery import discover
from margo_ssdf.discovery.gitcmd import head_commit, open_repo, recent_commits, run_git
from margo_ssdf.errors import ToolError
from tests.conftest import git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def test_a_repository_without_commits_has_no_head_and_is_not_dirty(repo: Path) -> None:
    (repo / "a.py").write_text("x = 1\n")
    with open_repo(repo) as r:
        assert head_commit(r) is None
    facts = discover(repo).git
    assert facts is not None and facts.head is None and not facts.dirty


def test_head_and_dirty_follow_the_work_tree(repo: Path) -> None:
    (repo / "a.py").write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "first")
    sha = git(repo, "rev-parse", "HEAD").strip()
    (repo / "untracked.txt").write_text("not part of the release\n")
    facts = discover(repo / ".").git
    assert facts is not None and facts.head == sha and not facts.dirty
    (repo / "a.py").write_text("x = 2\n")
    assert discover(repo).git.dirty  # type: ignore[union-attr]


def test_a_detached_head_is_resolved(repo: Path) -> None:
    for n in (1, 2):
        git(repo, "commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", f"c{n}")
    first = git(repo, "rev-parse", "HEAD~1").strip()
    git(repo, "checkout", "-q", "--detach", first)
    with open_repo(repo) as r:
        assert head_commit(r) == first


def test_a_message_that_looks_like_a_signature_is_not_one(repo: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "--no-gpg-sign", "-m",
        "subject\n\ngpgsig -----BEGIN SSH SIGNATURE-----\n")
    git(repo, "commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", "second")
    commits = recent_commits(repo, "HEAD", 10)
    assert [c.sha for c in commits] == git(repo, "rev-list", "HEAD").split()
    assert not any(c.signed for c in commits)
    assert len(recent_commits(repo, "HEAD", 1)) == 1


def test_a_failing_git_command_says_which_and_why(tmp_path: Path) -> None:
    with pytest.raises(ToolError) as raised:
        run_git(tmp_path, "status", "--porcelain")
    assert "'git status' failed" in raised.value.message
    assert "not a git repository" in raised.value.message
