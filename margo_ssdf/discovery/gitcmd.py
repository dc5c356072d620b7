"""Git, read in-process where it can be and run like every other tool where it must.

GitPython reads what is on disk: it finds the work tree and reads refs and the configuration
(remotes). We use none of its methods that start git (its object database starts `git
cat-file`), so commits are read by git itself. Whatever needs the git program (status,
rev-list, describe, log over pathspecs) goes through `tools.run`, like bandit or helm: the
allow-listed environment, a timeout, bounded output, and killed with the run. git can start
programs its configuration names (core.fsmonitor, hooks, credential helpers, pagers), and in
a CI job those must not see the job's tokens.

One exception remains and is measured by the secrets suite: GitPython runs `git version` once,
with the full environment, when it is first imported. That command starts no configured
program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from margo_ssdf import tools
from margo_ssdf.errors import ToolError

if TYPE_CHECKING:
    import git

GIT_TIMEOUT = 120.0
"""Seconds for one git command; history walks on very large repositories take a few."""

GitRunner = Callable[..., str]
"""`run_git` with its directory bound: git("log", "-1", ...) -> stdout."""

_GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never wait for a password
    "GIT_OPTIONAL_LOCKS": "0",  # status must not rewrite the index of the tree under audit
    "LC_ALL": "C",  # messages we parse, in one language
    "LANGUAGE": "C",
}


def run_git(where: Path, *args: str, timeout: float = GIT_TIMEOUT) -> str:
    """`git -C where args...`; its stdout, or ToolError with git's own reason."""
    result = tools.run(["git", "-C", str(where), *args], env=tools.tool_env(_GIT_ENV),
                       timeout=timeout)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(f"'git {args[0]}' failed in {where}: "
                        f"{reason[-1] if reason else f'exit status {result.returncode}'}",
                        stderr=result.stderr.decode("utf-8", "replace"))
    return result.stdout.decode("utf-8", "replace")


def open_repo(path: Path, *, search_parent_directories: bool = False) -> git.Repo:
    """A GitPython Repo, for reading the work tree, refs and configuration in-process."""
    import git  # gitpython is slow to import; only pay for it when asked

    return git.Repo(path, search_parent_directories=search_parent_directories)


def head_commit(repo: git.Repo) -> str | None:
    """The commit HEAD names, read from the refs (no git program); None before the first."""
    from git import SymbolicReference

    try:
        return SymbolicReference.dereference_recursive(repo, "HEAD")
    except ValueError:
        return None


@dataclass(frozen=True)
class Commit:
    """One commit of the history, as its raw object says."""

    sha: str
    signed: bool
    """It carries a signature (gpgsig or gpgsig-sha256: OpenPGP, SSH or X.509); not verified."""


def recent_commits(top: Path, rev: str, count: int) -> list[Commit]:
    """The newest `count` commits reachable from `rev`, newest first (git's own order)."""
    # --header prints each raw commit object after its id, records separated by NUL.
    out = run_git(top, "rev-list", f"--max-count={count}", "--header", rev, "--")
    commits = []
    for record in filter(None, out.split("\0")):
        sha, _, raw = record.strip("\n").partition("\n")
        headers = raw.split("\n\n", 1)[0].splitlines()
        commits.append(Commit(sha, any(h.startswith(("gpgsig ", "gpgsig-sha256 "))
                                       for h in headers)))
    return commits
