"""Git, read in-process where it can be and run like every other tool where it must.

GitPython reads what is on disk: it finds the work tree and reads refs and the configuration
(remotes). We use none of its methods that start git (its object database starts `git
cat-file`), so commits are read by git itself. Whatever needs the git program (status,
rev-list, describe, log over pathspecs) goes through `tools.run`, like bandit or helm: the
allow-listed environment, a timeout, bounded output, and killed with the run. git can start
programs its configuration names (core.fsmonitor, hooks, credential helpers, pagers), and in
a CI job those must not see the job's tokens.

Commit signatures are verified by `git verify-commit` with every setting that chooses keys,
trust or the verifying program given on the command line, so neither the user's nor the
audited repository's configuration decides whether a signature verifies.

One exception remains and is measured by the secrets suite: GitPython runs `git version` once,
with the full environment, when it is first imported. That command starts no configured
program.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
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


_ARMOR = (
    ("-----BEGIN SSH SIGNATURE-----", "ssh"),
    ("-----BEGIN PGP SIGNATURE-----", "openpgp"),
    ("-----BEGIN PGP MESSAGE-----", "openpgp"),
    ("-----BEGIN SIGNED MESSAGE-----", "x509"),
)
"""How git tells a signature's format from its first line (gpg-interface.c)."""


@dataclass(frozen=True)
class Commit:
    """One commit of the history, as its raw object says."""

    sha: str
    signature: str | None = None
    """Format of its signature header (ssh, openpgp, x509, or unknown when git would not
    recognise it); None when unsigned. Presence only: `verify_commit` says whether it verifies."""

    @property
    def signed(self) -> bool:
        """It carries a signature header, verified or not."""
        return self.signature is not None


def _signature_format(headers: list[str]) -> str | None:
    first = next((h.split(" ", 1)[1] for h in headers
                  if h.startswith(("gpgsig ", "gpgsig-sha256 "))), None)
    if first is None:
        return None
    return next((fmt for armor, fmt in _ARMOR if first.startswith(armor)), "unknown")


def recent_commits(top: Path, rev: str, count: int) -> list[Commit]:
    """The newest `count` commits reachable from `rev`, newest first (git's own order)."""
    # --header prints each raw commit object after its id, records separated by NUL.
    out = run_git(top, "rev-list", f"--max-count={count}", "--header", rev, "--")
    commits = []
    for record in filter(None, out.split("\0")):
        sha, _, raw = record.strip("\n").partition("\n")
        commits.append(Commit(sha, _signature_format(raw.split("\n\n", 1)[0].splitlines())))
    return commits


@dataclass(frozen=True)
class Verifiers:
    """The keys git may accept for a commit signature, and the programs that check them."""

    gnupg_home: Path
    """A private GnuPG home holding only the configured keyring's keys (empty without one)."""
    allowed_signers: Path | None = None
    """The SSH allowed-signers file; None: no SSH key is trusted."""
    openpgp_keys: tuple[str, ...] = ()
    """Fingerprints of the OpenPGP keys imported into `gnupg_home`."""
    programs: tuple[tuple[str, str], ...] = ()
    """Absolute paths of ssh-keygen, gpg and gpgsm, as found (name, path)."""

    def handles(self, signature: str | None) -> bool:
        """Whether a signature of this format can verify at all with these keys."""
        return ((signature == "ssh" and self.allowed_signers is not None)
                or (signature == "openpgp" and bool(self.openpgp_keys)))

    def program(self, name: str) -> str:
        """The verifier's absolute path; a name that will not run when it is not installed."""
        return dict(self.programs).get(name, f"/nonexistent/{name}")


def _which(name: str) -> str | None:
    return shutil.which(name, path=tools.tool_env().get("PATH"))


def _need(name: str, why: str) -> str:
    found = _which(name)
    if found is None:
        raise ToolError(f"'{name}' is not installed or not on PATH, so {why} cannot be "
                        "verified; they are not counted as verified.",
                        fix=f"Install {name} (OpenSSH 8.2 or later for ssh-keygen, GnuPG for "
                        "gpg) where margo-ssdf runs.")
    return found


def _import_keyring(gpg: str, home: Path, keyring: Path) -> tuple[str, ...]:
    """Import `keyring` into `home`, trust each key fully; their fingerprints."""
    base = [gpg, "--homedir", str(home), "--batch", "--no-tty", "--no-autostart"]
    env = tools.tool_env({"LC_ALL": "C"})
    imported = tools.run([*base, "--import", str(keyring)], env=env, timeout=GIT_TIMEOUT)
    listed = tools.run([*base, "--with-colons", "--list-keys"], env=env, timeout=GIT_TIMEOUT)
    fingerprints = _primary_fingerprints(listed.stdout.decode("utf-8", "replace"))
    if imported.returncode != 0 or not fingerprints:
        raise ToolError(f"{keyring} holds no OpenPGP public key gpg can import: "
                        f"{imported.stderr_tail(300) or 'no key found'}",
                        fix="Export the maintainers' keys with `gpg --export --armor KEYID`.")
    # Presence in the configured keyring is what trusts a key, so say so to gpg.
    trust = "".join(f"{fpr}:6:\n" for fpr in fingerprints).encode()
    trusted = tools.run([*base, "--import-ownertrust"], env=env, stdin=trust,
                        timeout=GIT_TIMEOUT)
    if trusted.returncode != 0:
        raise ToolError(f"gpg could not trust the keys of {keyring}: {trusted.stderr_tail(300)}")
    return fingerprints


def _primary_fingerprints(colons: str) -> tuple[str, ...]:
    """The primary keys' fingerprints in `gpg --with-colons` output (a fpr after a pub)."""
    out, record = [], ""
    for line in colons.splitlines():
        fields = line.split(":")
        if fields[0] == "fpr" and record == "pub" and len(fields) > 9:
            out.append(fields[9])
        if fields[0] != "fpr":
            record = fields[0]
    return tuple(out)


@contextlib.contextmanager
def verifiers(allowed_signers: Path | None, gpg_keyring: Path | None) -> Iterator[Verifiers]:
    """Verifiers for the configured keys; ToolError when a program they need is missing."""
    programs = {name: path for name in ("ssh-keygen", "gpg", "gpgsm")
                if (path := _which(name)) is not None}
    if allowed_signers is not None:
        programs["ssh-keygen"] = _need("ssh-keygen", "SSH commit signatures")
    with tempfile.TemporaryDirectory(prefix="margo-ssdf-gnupg-") as home:
        keys: tuple[str, ...] = ()
        if gpg_keyring is not None:
            programs["gpg"] = _need("gpg", "OpenPGP commit signatures")
            keys = _import_keyring(programs["gpg"], Path(home), gpg_keyring)
        yield Verifiers(Path(home), allowed_signers, keys, tuple(sorted(programs.items())))


def _verify_config(v: Verifiers) -> list[str]:
    # `-c` outranks every configuration file (system, the user's, the audited repository's),
    # so none of them chooses the keys, the trust level or the program that git starts.
    settings = {
        "gpg.ssh.allowedSignersFile": str(v.allowed_signers or os.devnull),
        "gpg.ssh.revocationFile": os.devnull,
        "gpg.ssh.program": v.program("ssh-keygen"),
        "gpg.program": v.program("gpg"),
        "gpg.openpgp.program": v.program("gpg"),
        "gpg.x509.program": v.program("gpgsm"),
        "gpg.minTrustLevel": "fully",
    }
    return [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]


def verify_commit(top: Path, sha: str, v: Verifiers) -> tuple[bool, str]:
    """Whether git verifies the commit's signature with only `v`'s keys, and git's words."""
    env = tools.tool_env({**_GIT_ENV, "GNUPGHOME": str(v.gnupg_home)})
    result = tools.run(["git", *_verify_config(v), "-C", str(top), "verify-commit", sha],
                       env=env, timeout=GIT_TIMEOUT)
    lines = [s.strip() for s in result.stderr.decode("utf-8", "replace").splitlines()
             if s.strip()]
    if result.returncode == 0:
        return True, next((s for s in lines if "Good" in s), "verified")[:300]
    return False, (lines[-1] if lines else f"exit status {result.returncode}")[:300]
