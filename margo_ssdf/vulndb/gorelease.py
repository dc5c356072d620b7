"""Which Go release each go.mod and each binary is judged at, from the best evidence.

A binary says exactly which compiler built it, and its standard library is that release's.
Without one, the policy's configured build toolchain comes next, then a go.mod's `toolchain`
directive, then its `go` directive, which only names the oldest release allowed to build the
module: findings that rest on it alone are labelled as an assumption. A go.mod whose module
is the main module of a binary given is judged through that binary, not its directives.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from margo_ssdf.discovery.dependencies import Ecosystem, Inventory
from margo_ssdf.vulndb.goevidence import GoReleaseRecord, ReleaseSource
from margo_ssdf.vulndb.match import GO_STDLIB, GO_TOOLCHAIN, go_toolchain_packages
from margo_ssdf.vulndb.versions import VersionError, parse_go

__all__ = ["GoRelease", "GoReleaseProblem", "configured_version", "module_releases",
           "normalise", "records"]


@dataclass(frozen=True)
class GoRelease:
    """One place judged at one Go release."""

    version: str
    """As the evidence writes it: `go1.26.8` (binary, toolchain), `1.22` (go directive)."""
    source: ReleaseSource
    where: str
    """The go.mod (project-relative) or the binary's name."""
    packages: tuple[str, ...] = (GO_STDLIB, GO_TOOLCHAIN)
    """What is audited at it: a binary carries the standard library, not the go command."""
    note: str = ""


@dataclass(frozen=True)
class GoReleaseProblem:
    """A go.mod whose Go release cannot be read (a malformed directive)."""

    where: str
    reason: str


def normalise(version: str) -> str:
    """A Go release as one comparable text: `go1.26.8`, `v1.26.8` and `1.26.8` are alike."""
    return version.removeprefix("go").removeprefix("v")


def configured_version(value: object) -> str | None:
    """The configured build toolchain (`go1.25.4` or `1.25.4`) as `go1.25.4`, or None.

    Raises VersionError when it is not a Go release.
    """
    if value in (None, "", False):
        return None
    text = str(value).strip()
    version = text if text.startswith("go") else f"go{text}"
    parse_go(version)
    return version


def module_releases(inv: Inventory, *, configured: str | None = None,
                    built: Collection[str] = ()
                    ) -> tuple[list[GoRelease], list[GoReleaseProblem]]:
    """The release each go.mod of the inventory is judged at.

    `built` are the main module paths of the binaries given: those go.mods are judged
    through their binaries instead (and recorded so by `records`).
    """
    releases: list[GoRelease] = []
    problems: list[GoReleaseProblem] = []
    for comp in inv.components:
        if comp.ecosystem is not Ecosystem.GO:
            continue
        if comp.name in built:
            releases.append(GoRelease("", ReleaseSource.BINARY, comp.source, (),
                                      note=f"{comp.name} is the main module of a binary given: "
                                      "judged at the Go release that built it"))
            continue
        try:
            found = _module_release(comp.go_version, comp.toolchain, comp.source, configured)
        except VersionError as exc:
            problems.append(GoReleaseProblem(comp.source, str(exc)))
            continue
        if found is not None:
            releases.append(found)
    return releases, problems


def _module_release(go: str | None, toolchain: str | None, where: str,
                    configured: str | None) -> GoRelease | None:
    if configured is not None:
        return GoRelease(configured, ReleaseSource.CONFIGURED, where)
    pairs = go_toolchain_packages(go, toolchain)  # VersionError on a malformed directive
    if not pairs:
        return None
    source = (ReleaseSource.TOOLCHAIN if toolchain not in (None, "default")
              else ReleaseSource.GO_DIRECTIVE)
    return GoRelease(pairs[0][1], source, where)


def directive_releases(directives: Iterable[tuple[str | None, str | None, str]]
                       ) -> tuple[list[GoRelease], list[GoReleaseProblem]]:
    """Releases from (go, toolchain, place) triples, as an SBOM records them."""
    releases: list[GoRelease] = []
    problems: list[GoReleaseProblem] = []
    for go, toolchain, where in directives:
        try:
            found = _module_release(go, toolchain, where, None)
        except VersionError as exc:
            problems.append(GoReleaseProblem(where, str(exc)))
            continue
        if found is not None:
            releases.append(found)
    return releases, problems


def records(releases: Iterable[GoRelease]) -> tuple[GoReleaseRecord, ...]:
    """The evidence rows: each place and the release it was judged at, and why."""
    return tuple(GoReleaseRecord(place=r.where, version=r.version or None, source=r.source,
                                 assumed=r.source.assumed, note=r.note)
                 for r in releases)
