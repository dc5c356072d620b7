"""go.mod and go.sum, read by hand: Go's own module files have no maintained Python parser.

The grammar is small (https://go.dev/ref/mod#go-mod-file): a directive per line, or a
directive followed by a parenthesised block; `//` starts a comment, and `// indirect` after a
requirement marks it as not imported directly by the main module.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from margo_ssdf.errors import MargoError

_KNOWN = {"module", "go", "toolchain", "require", "replace", "exclude", "retract", "godebug",
          "tool", "ignore"}


class GoModError(MargoError):
    """A go.mod or go.sum line that does not follow the grammar."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}:{line}: {reason}",
                         fix="Run `go mod tidy` to rewrite the file in canonical form.")
        self.file, self.line, self.reason = file, line, reason


@dataclass(frozen=True)
class Requirement:
    """One `require` line."""

    path: str
    version: str
    indirect: bool
    line: int


@dataclass(frozen=True)
class Replacement:
    """One `replace` line: old[@version] => new[@version] (new may be a local directory)."""

    old: str
    old_version: str | None
    new: str
    new_version: str | None
    line: int

    @property
    def local(self) -> bool:
        """Replaced by a directory, not a module version."""
        return self.new_version is None


@dataclass
class GoMod:
    """The content of one go.mod."""

    file: str
    module: str = ""
    go: str | None = None
    toolchain: str | None = None
    requires: list[Requirement] = field(default_factory=list)
    replaces: list[Replacement] = field(default_factory=list)
    excludes: list[tuple[str, str]] = field(default_factory=list)

    def resolve(self, req: Requirement) -> tuple[str, str | None]:
        """The module path and version a requirement builds with, after `replace`."""
        for rep in self.replaces:
            if rep.old == req.path and rep.old_version in (None, req.version):
                return rep.new, rep.new_version
        return req.path, req.version


def _words(text: str, file: str, line: int) -> list[str]:
    try:
        return shlex.split(text.replace("`", '"'), posix=True)
    except ValueError as exc:
        raise GoModError(file, line, f"cannot split the line: {exc}") from None


def _strip_comment(raw: str) -> tuple[str, str]:
    # '//' inside a quoted path is vanishingly rare in go.mod; Go itself forbids it in paths.
    code, _, comment = raw.partition("//")
    return code.strip(), comment.strip()


def parse_gomod(text: str, file: str) -> GoMod:
    """Parse go.mod text; raise GoModError naming the line of the first problem."""
    mod = GoMod(file=file)
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        code, comment = _strip_comment(raw)
        if not code:
            continue
        if block is not None:
            if code == ")":
                block = None
                continue
            _directive(mod, block, _words(code, file, number), comment, number)
            continue
        words = _words(code, file, number)
        verb, args = words[0], words[1:]
        if verb not in _KNOWN:
            raise GoModError(file, number, f"unknown directive '{verb}'")
        if args == ["("]:
            block = verb
            continue
        _directive(mod, verb, args, comment, number)
    if block is not None:
        raise GoModError(file, len(text.splitlines()), f"the '{block} (' block is not closed")
    if not mod.module:
        raise GoModError(file, 1, "no 'module' directive")
    return mod


def _directive(mod: GoMod, verb: str, args: list[str], comment: str, line: int) -> None:
    bad = GoModError(mod.file, line, f"malformed '{verb}' line")
    if verb == "module":
        if len(args) != 1:
            raise bad
        mod.module = args[0]
    elif verb == "go":
        if len(args) != 1 or not re.fullmatch(r"1(\.\d+){1,2}([a-z]+\d+)?", args[0]):
            raise GoModError(mod.file, line, f"invalid go version {' '.join(args)!r}")
        mod.go = args[0]
    elif verb == "toolchain":
        if len(args) != 1:
            raise bad
        mod.toolchain = args[0]
    elif verb == "require":
        if len(args) != 2 or not args[1].startswith("v"):
            raise bad
        mod.requires.append(Requirement(args[0], args[1], comment == "indirect"
                                        or comment.startswith("indirect;"), line))
    elif verb == "replace":
        if "=>" not in args:
            raise bad
        i = args.index("=>")
        left, right = args[:i], args[i + 1:]
        if len(left) not in (1, 2) or len(right) not in (1, 2):
            raise bad
        mod.replaces.append(Replacement(left[0], left[1] if len(left) == 2 else None,
                                        right[0], right[1] if len(right) == 2 else None, line))
    elif verb == "exclude":
        if len(args) != 2:
            raise bad
        mod.excludes.append((args[0], args[1]))
    # retract, godebug, tool, ignore: nothing a dependency inventory needs.


def parse_gosum(text: str, file: str) -> dict[tuple[str, str], str]:
    """The `h1:` hash of each module version's content (its /go.mod lines are skipped)."""
    sums: dict[tuple[str, str], str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[2].startswith("h1:"):
            raise GoModError(file, number, "expected 'MODULE VERSION h1:HASH'")
        path, version, digest = parts
        if not version.endswith("/go.mod"):
            sums[(path, version)] = digest
    return sums


def read_module(gomod: Path, rel: str) -> tuple[GoMod, dict[tuple[str, str], str]]:
    """A go.mod and the go.sum beside it (empty when there is none)."""
    mod = parse_gomod(gomod.read_text("utf-8"), rel)
    gosum = gomod.with_name("go.sum")
    sums = parse_gosum(gosum.read_text("utf-8"), rel[:-len("go.mod")] + "go.sum") \
        if gosum.is_file() else {}
    return mod, sums
