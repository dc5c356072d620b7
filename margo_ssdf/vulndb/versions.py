"""Version orderings for the ecosystems we match: PyPI (PEP 440) and Go (semantic versions).

OSV ranges are only meaningful under the ordering of the package's ecosystem, so every version
string is parsed into a value that compares the way the ecosystem's own tools compare it:

- PyPI uses PEP 440 through `packaging.version.Version` (so `1.0rc1 < 1.0 < 1.0.post1`).
- Go uses semantic versioning 2.0 precedence, which is what the `go` command uses too. A leading
  `v` is accepted, `+incompatible` (build metadata) does not take part in the order, and
  pseudo-versions such as `v0.0.0-20210226172049-e18ecbb05110` are pre-releases, so they sort
  below the release they precede and by commit time among themselves. Go toolchain versions
  (`go1.21.3`, `go1.21rc2`, and the bare `1.21` of a `go` directive) are mapped to the semantic
  versions the Go vulnerability database uses for `stdlib` and `toolchain` (`1.21.3`,
  `1.21.0-rc.2`, `1.21.0`).

An unparsable version raises `VersionError`, which names the version, the ecosystem and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, total_ordering

from packaging.utils import canonicalize_version
from packaging.version import InvalidVersion, Version

from margo_ssdf.errors import MargoError

PYPI = "PyPI"
"""The OSV ecosystem name of the Python Package Index."""
GO = "Go"
"""The OSV ecosystem name of Go modules (and of the `stdlib` and `toolchain` pseudo-modules)."""

RANGE_ECOSYSTEM = "ECOSYSTEM"
RANGE_SEMVER = "SEMVER"
RANGE_GIT = "GIT"

_ECOSYSTEM_ALIASES = {"pypi": PYPI, "go": GO, "golang": GO}


def canonical_ecosystem(ecosystem: str) -> str:
    """The OSV spelling of an ecosystem name (`pypi` -> `PyPI`); unknown names are kept."""
    return _ECOSYSTEM_ALIASES.get(ecosystem.lower(), ecosystem)


class VersionError(MargoError):
    """A version string cannot be ordered under its ecosystem's rules."""

    def __init__(self, version: str, ecosystem: str, reason: str) -> None:
        fixes = {
            PYPI: "Use a PEP 440 version such as 1.2.3 or 1.2.3rc1.",
            GO: "Use a semantic version such as v1.2.3 or a Go release such as go1.21.3.",
        }
        super().__init__(
            f"'{version}' is not a valid {ecosystem} version: {reason}.",
            fix=fixes.get(ecosystem),
        )
        self.version = version
        self.ecosystem = ecosystem
        self.reason = reason


_SEMVER = re.compile(
    r"""
    (?P<major>\d+)
    (?:\.(?P<minor>\d+)
      (?:\.(?P<patch>\d+))?
    )?
    (?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?
    (?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?
    """,
    re.VERBOSE,
)

# go1.21.3, go1.21, go1.21rc2, go1.9beta1; the bare form (1.21rc2) appears in `go` directives.
_GO_RELEASE = re.compile(
    r"(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?(?:(?P<kind>rc|beta)(?P<n>\d+))?"
)
_GO_PRERELEASE_BARE = re.compile(r"\d+\.\d+(?:\.\d+)?(?:rc|beta)\d+")


def _identifier_key(identifier: str) -> tuple[int, int, str]:
    # Semver 2.0 section 11: numeric identifiers compare numerically and sort below
    # alphanumeric ones, which compare in ASCII order.
    if identifier.isdigit():
        return (0, int(identifier), "")
    return (1, 0, identifier)


_SemVerKey = tuple[int, int, int, tuple[int, tuple[tuple[int, int, str], ...]]]


@total_ordering
@dataclass(frozen=True, eq=False)
class SemVer:
    """A semantic version 2.0; build metadata is kept for display but never ordered."""

    major: int
    """The major version number."""
    minor: int
    """The minor version number (0 when the text omitted it)."""
    patch: int
    """The patch version number (0 when the text omitted it)."""
    prerelease: tuple[str, ...] = ()
    """Dot-separated pre-release identifiers; empty for a release."""
    build: tuple[str, ...] = ()
    """Dot-separated build metadata (for example `incompatible`); ignored when comparing."""
    key: _SemVerKey = field(init=False, repr=False)
    """The precedence key: a release sorts above all of its pre-releases."""

    def __post_init__(self) -> None:
        if self.prerelease:
            pre = (0, tuple(_identifier_key(i) for i in self.prerelease))
        else:
            pre = (1, ())
        # Computed once: versions are compared far more often than they are made.
        object.__setattr__(self, "key", (self.major, self.minor, self.patch, pre))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self.key == other.key

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self.key < other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    @property
    def is_prerelease(self) -> bool:
        """True for pre-releases, Go pseudo-versions included."""
        return bool(self.prerelease)


def _semver(text: str, ecosystem: str) -> SemVer:
    """Parse semver text without a leading `v`; `1` and `1.2` stand for `1.0.0` and `1.2.0`."""
    m = _SEMVER.fullmatch(text)
    if m is None:
        raise VersionError(text, ecosystem, "not a semantic version (MAJOR.MINOR.PATCH)")
    if m["patch"] is None and (m["pre"] is not None or m["build"] is not None):
        # The shorthand is a Go convenience for releases only (as in golang.org/x/mod/semver).
        raise VersionError(text, ecosystem, "a pre-release needs all of MAJOR.MINOR.PATCH")
    prerelease = tuple(m["pre"].split(".")) if m["pre"] else ()
    build = tuple(m["build"].split(".")) if m["build"] else ()
    return SemVer(int(m["major"]), int(m["minor"] or 0), int(m["patch"] or 0), prerelease, build)


@lru_cache(maxsize=65536)
def parse_semver(text: str) -> SemVer:
    """A semantic version as OSV `SEMVER` ranges write it (a leading `v` is tolerated)."""
    return _semver(text[1:] if text.startswith("v") else text, "SEMVER")


@lru_cache(maxsize=65536)
def parse_go(text: str) -> SemVer:
    """A Go module or Go toolchain version, ordered as the Go vulnerability database orders it.

    `v1.2.3`, `1.2.3`, `v2.0.0+incompatible`, pseudo-versions, `go1.21.3`, `go1.21rc2`, and the
    `1.21` of a `go` directive (read as `1.21.0`) are all accepted.
    """
    if text.startswith("go") or _GO_PRERELEASE_BARE.fullmatch(text):
        m = _GO_RELEASE.fullmatch(text.removeprefix("go"))
        if m is None:
            raise VersionError(text, GO, "not a Go release name such as go1.21.3 or go1.21rc2")
        pre = (m["kind"], m["n"]) if m["kind"] else ()
        return SemVer(int(m["major"]), int(m["minor"] or 0), int(m["patch"] or 0), pre)
    return _semver(text.removeprefix("v"), GO)


@lru_cache(maxsize=65536)
def parse_pypi(text: str) -> Version:
    """A PEP 440 version."""
    try:
        return Version(text)
    except InvalidVersion:
        raise VersionError(text, PYPI, "it does not follow PEP 440") from None


def supports(ecosystem: str) -> bool:
    """Whether `ECOSYSTEM` ranges of this ecosystem can be ordered here."""
    return canonical_ecosystem(ecosystem) in (PYPI, GO)


def parse(ecosystem: str, text: str, range_type: str = RANGE_ECOSYSTEM) -> Version | SemVer:
    """Parse `text` under the ordering an OSV range of `range_type` uses in `ecosystem`.

    `SEMVER` ranges are semantic versions in every ecosystem (Go's flavour for Go);
    `ECOSYSTEM` ranges use the ecosystem's own rules, which are known for PyPI and Go.
    """
    eco = canonical_ecosystem(ecosystem)
    if eco == GO:
        return parse_go(text)
    if range_type == RANGE_SEMVER:
        return parse_semver(text)
    if range_type == RANGE_GIT:
        raise VersionError(text, eco, "GIT ranges name commits, which have no version order")
    if eco == PYPI:
        return parse_pypi(text)
    raise VersionError(text, eco, f"the version order of the {eco} ecosystem is not supported")


def parse_query(ecosystem: str, text: str) -> Version | SemVer:
    """Parse the version of an installed package in its ecosystem's native ordering."""
    eco = canonical_ecosystem(ecosystem)
    if eco == PYPI:
        return parse_pypi(text)
    if eco == GO:
        return parse_go(text)
    raise VersionError(text, eco, f"the version order of the {eco} ecosystem is not supported")


@lru_cache(maxsize=131072)
def canonical(ecosystem: str, text: str) -> str:
    """A spelling shared by all equal versions: PyPI `2.10.0` and `2.10` give `2.10`, Go
    `v1.2.3+incompatible` gives `1.2.3`. Text the ecosystem cannot parse is returned as is.
    """
    eco = canonical_ecosystem(ecosystem)
    try:
        if eco == PYPI:
            return canonicalize_version(parse_pypi(text))
        if eco == GO:
            v = parse_go(text)
            pre = ".".join(str(int(i)) if i.isdigit() else i for i in v.prerelease)
            return f"{v.major}.{v.minor}.{v.patch}" + (f"-{pre}" if pre else "")
    except VersionError:
        pass
    return text
