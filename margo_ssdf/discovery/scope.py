"""The release's own scope: which manifests describe the release, and which belong to examples,
documentation, tests or vendored copies of other projects.

A manifest under `examples/`, `docs/`, `tests/`, `test/`, `testdata/` or `vendor/` (at any depth)
is out of the release by default. The configuration's `release.include` re-admits such a
manifest; `release.exclude` puts more out (and wins over `include`). Every manifest left out is
reported with the rule that left it out, never dropped silently.

Patterns are gitignore-style globs on project-relative paths: `*` and `?` stay within one path
segment, `**` spans directories, a pattern without `/` matches a file or directory name at any
depth, and a pattern that matches a directory matches everything under it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_RULES: tuple[str, ...] = tuple(
    f"**/{d}/**" for d in ("examples", "docs", "tests", "test", "testdata", "vendor"))
"""Where manifests are not the release's by default: examples, documentation, test data and
vendored copies."""


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    body = _translate(pattern.strip("/"))
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{body}(?:/.*)?", re.DOTALL)


def _translate(glob: str) -> str:
    """A glob as a regular expression (without anchors)."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (end := glob.find("]", i + 2)) != -1:
            inner = glob[i + 1:end]
            negate = inner.startswith("!")
            inner = re.escape(inner[1:] if negate else inner).replace(r"\-", "-")
            out.append(f"[{'^' if negate else ''}{inner}]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def matches(rel: str, pattern: str) -> bool:
    """Whether a project-relative path is matched by a release scope pattern."""
    return _regex(pattern).fullmatch(rel) is not None


@dataclass(frozen=True)
class Decision:
    """A manifest that a rule moved: left out of the release, or re-admitted into it."""

    manifest: str
    rule: str
    """The rule, as a person reads it: "default '**/examples/**'", "release.exclude 'x/**'"."""


@dataclass(frozen=True)
class Split:
    """Manifests sorted into the release's and the rest, with the rule behind each move."""

    kept: tuple[str, ...]
    skipped: tuple[Decision, ...]
    readmitted: tuple[Decision, ...]


@dataclass(frozen=True)
class ReleaseScope:
    """The configuration's `release:` patterns over the default rules."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def rule_for(self, rel: str) -> str | None:
        """The rule that puts a file out of the release, or None when it is the release's."""
        for pattern in self.exclude:
            if matches(rel, pattern):
                return f"release.exclude '{pattern}'"
        default = next((p for p in DEFAULT_RULES if matches(rel, p)), None)
        if default is None or self.readmitted_by(rel) is not None:
            return None
        return f"default '{default}'"

    def readmitted_by(self, rel: str) -> str | None:
        """The `include` pattern that re-admits a file the default rules leave out, if any."""
        if not any(matches(rel, p) for p in DEFAULT_RULES):
            return None
        return next((p for p in self.include if matches(rel, p)), None)

    def split(self, files: Iterable[str]) -> Split:
        """The files in the release, those left out (with the rule) and those re-admitted."""
        kept, skipped, readmitted = [], [], []
        for rel in files:
            rule = self.rule_for(rel)
            if rule is not None:
                skipped.append(Decision(rel, rule))
                continue
            kept.append(rel)
            if (pattern := self.readmitted_by(rel)) is not None:
                readmitted.append(Decision(rel, f"release.include '{pattern}'"))
        return Split(tuple(kept), tuple(skipped), tuple(readmitted))

    def without_exclude(self) -> ReleaseScope:
        """The scope as it would be without the configuration's own `exclude` patterns."""
        return ReleaseScope(include=self.include)


def pattern_problem(pattern: str) -> str | None:
    """Why a release scope pattern cannot be used, or None when it can."""
    if not pattern.strip("/").strip():
        return "a pattern must name a path, not be empty"
    if "\\" in pattern:
        return "patterns use '/' between directories, never '\\'"
    if ".." in pattern.split("/"):
        return "patterns are relative to the project; '..' never matches"
    return None
