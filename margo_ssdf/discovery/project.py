"""The project tree: its files (walked once, with excludes) and its git facts."""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from margo_ssdf.discovery.scope import ReleaseScope
from margo_ssdf.errors import UsageError

# Directories that never hold the project's own sources.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "node_modules", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages",
    ".eggs", "*.egg-info",
)


@dataclass(frozen=True)
class GitFacts:
    """What git says about the project, when it is in a repository."""

    top: Path
    """The work tree's top directory."""
    head: str | None
    """The commit checked out (None in a repository without commits)."""
    dirty: bool
    """True when tracked files differ from HEAD."""


@dataclass(frozen=True)
class Project:
    """A project directory as the checks see it."""

    root: Path
    """Absolute path of the project directory."""
    files: tuple[str, ...]
    """Every regular file under root that is not excluded, as sorted POSIX relative paths."""
    excludes: tuple[str, ...]
    """The exclude patterns in force."""
    excluded: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """Each of the configuration's own patterns with the files it removed (the built-in
    patterns are not walked, so not counted); a file may be under several patterns."""
    release: ReleaseScope = field(default_factory=ReleaseScope)
    """Which manifests describe the release (the configuration's `release:` patterns)."""

    @property
    def name(self) -> str:
        """The project's name as far as the directory says."""
        return self.root.name

    def matching(self, *patterns: str) -> list[str]:
        """Files whose relative path or base name matches any glob pattern."""
        out = []
        for rel in self.files:
            base = rel.rsplit("/", 1)[-1]
            if any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(base, p)
                   for p in patterns):
                out.append(rel)
        return out

    def with_suffix(self, *suffixes: str) -> list[str]:
        """Files with one of the given suffixes (e.g. '.py')."""
        return [f for f in self.files if f.endswith(suffixes)]

    def unexcluded(self) -> Project:
        """The project as it would be without the configuration's own exclude patterns (its
        `exclude` and its `release.exclude`)."""
        removed = {f for files in self.excluded.values() for f in files}
        return Project(root=self.root, files=tuple(sorted({*self.files, *removed})),
                       excludes=DEFAULT_EXCLUDES, release=self.release.without_exclude())

    def path(self, rel: str) -> Path:
        """Absolute path of a project-relative path."""
        return self.root / rel

    @functools.cached_property
    def git(self) -> GitFacts | None:
        """Git facts, or None when the project is not inside a git work tree."""
        import git  # gitpython is slow to import; only pay for it when asked

        from margo_ssdf.discovery.gitcmd import head_commit, open_repo, run_git

        try:
            repo = open_repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return None
        with repo:
            head = head_commit(repo)
            top = Path(repo.working_tree_dir or self.root)
        # git decides what changed (stat cache, filters, submodules); GitPython would run it too.
        dirty = head is not None and bool(
            run_git(top, "status", "--porcelain", "--untracked-files=no").strip())
        return GitFacts(top=top, head=head, dirty=dirty)


def is_workflow(rel: str) -> bool:
    """A GitHub Actions workflow (at any depth: trees often hold several repositories)."""
    return (rel.startswith(".github/workflows/") or "/.github/workflows/" in rel) and \
        rel.endswith((".yml", ".yaml")) and rel.count("/.github/workflows/") <= 1


def is_action(rel: str) -> bool:
    """A GitHub Actions action definition."""
    return rel.rsplit("/", 1)[-1] in ("action.yml", "action.yaml")


def _excluded(rel: PurePosixPath, patterns: Sequence[str]) -> bool:
    text = rel.as_posix()
    return any(fnmatch.fnmatchcase(rel.name, p) or fnmatch.fnmatchcase(text, p)
               for p in patterns)


def _removed_by(rel: str, pattern: str) -> bool:
    """Whether a pattern excludes a file itself or one of its directories (as the walk would)."""
    parts = rel.split("/")
    return any(_excluded(PurePosixPath(*parts[:n]), (pattern,)) for n in range(1, len(parts) + 1))


def _walk(root: Path, patterns: Sequence[str]) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = PurePosixPath(Path(dirpath).relative_to(root).as_posix())
        dirnames[:] = sorted(d for d in dirnames if not _excluded(base / d, patterns))
        for name in filenames:
            rel = base / name
            full = Path(dirpath, name)
            if _excluded(rel, patterns) or full.is_symlink() or not full.is_file():
                continue
            yield rel.as_posix().removeprefix("./")


def require_directory(root: Path) -> None:
    """Raise UsageError unless root is an existing directory."""
    if not root.exists():
        raise UsageError(f"{root}: no such directory.", fix="Pass the path of a project directory.")
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory.", fix="Pass the path of a project directory.")


def discover(root: Path, extra_excludes: Sequence[str] = (),
             release: ReleaseScope | None = None) -> Project:
    """Walk the project directory once; raise UsageError if it is not a usable directory.

    The walk skips only the built-in patterns, so that each of `extra_excludes` (the
    configuration's) can be recorded with the files it removed. `release` is the
    configuration's release scope (the default rules when None).
    """
    require_directory(root)
    root = root.resolve()
    try:
        walked = tuple(sorted(_walk(root, DEFAULT_EXCLUDES)))
    except OSError as exc:
        raise UsageError(f"{root}: cannot be read: {exc.strerror}.") from exc
    removed = {p: tuple(f for f in walked if _removed_by(f, p))
               for p in dict.fromkeys(extra_excludes)}
    gone = {f for files in removed.values() for f in files}
    files = tuple(f for f in walked if f not in gone)
    if not files:
        raise UsageError(
            f"{root}: the directory holds no files to check (after excludes).",
            fix="Point margo-ssdf at a project's top directory.",
        )
    return Project(root=root, files=files, excludes=(*DEFAULT_EXCLUDES, *extra_excludes),
                   excluded=removed, release=release or ReleaseScope())
