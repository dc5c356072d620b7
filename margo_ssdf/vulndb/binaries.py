"""The release's Go binaries as audit inputs: the modules linked in, and the standard library of
the exact compiler that built each one, named by the binary (`dist/app.tar.gz!app`).

The module audited is the one whose code is in the binary: a `=>` replacement if there is one.
A module replaced by a directory has no version to look up; it is the release's own code when
its path is one of the project's go.mod modules, and otherwise reported as not audited.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from margo_ssdf.discovery.artifacts import GoArtifact, Skipped, entries
from margo_ssdf.discovery.dependencies import Dependency, Ecosystem
from margo_ssdf.discovery.gobuildinfo import GoModule
from margo_ssdf.vulndb.goevidence import BinaryRecord, ReleaseSource, SkippedArtifact
from margo_ssdf.vulndb.gorelease import GoRelease
from margo_ssdf.vulndb.match import GO_STDLIB

__all__ = ["ReleaseBinaries", "display_name", "is_directory", "read_binaries"]


@dataclass(frozen=True)
class ReleaseBinaries:
    """What the artifacts add to an audit."""

    binaries: tuple[GoArtifact, ...]
    dependencies: tuple[Dependency, ...]
    """Every module linked into every binary, with the binary as its source."""
    releases: tuple[GoRelease, ...]
    """Each binary's standard library at its compiler's release."""
    unaudited: tuple[tuple[str, str, str], ...]
    """(package, binary, reason) of what cannot be looked up."""
    skipped: tuple[SkippedArtifact, ...]
    """Files and members that are not Go binaries."""

    @property
    def main_modules(self) -> frozenset[str]:
        """The main module paths of the binaries (their go.mods are judged through them)."""
        return frozenset(b.info.main.path for b in self.binaries if b.info.main is not None)

    def records(self) -> tuple[BinaryRecord, ...]:
        """The evidence rows of the binaries read."""
        return tuple(BinaryRecord(
            name=b.name, sha256=b.sha256, go_version=b.info.go_version,
            main=f"{b.info.main.path}@{b.info.main.version}" if b.info.main else "",
            modules=len(b.info.deps)) for b in self.binaries)


def display_name(path: Path, root: Path) -> str:
    """How an artifact is named in evidence: relative to the project when inside it."""
    full = path.absolute()
    top = root.absolute()
    return full.relative_to(top).as_posix() if full.is_relative_to(top) else os.fspath(path)


def read_binaries(paths: Iterable[Path], root: Path, *, own_modules: Collection[str] = (),
                  extract_to: Path | None = None) -> ReleaseBinaries:
    """Read every Go binary among the artifacts (archives opened); see the module docstring.

    Raises ArtifactError or GoBuildInfoError (naming the file) for unreadable artifacts.
    """
    binaries: list[GoArtifact] = []
    skipped: list[SkippedArtifact] = []
    for path in paths:
        label = os.fspath(path)
        shown = display_name(path, root)
        for entry in entries([path], extract_to=extract_to):
            name = shown + entry.name[len(label):]
            if isinstance(entry, Skipped):
                skipped.append(SkippedArtifact(name=name, reason=entry.reason))
            else:
                binaries.append(replace(entry, name=name))
    deps: list[Dependency] = []
    releases: list[GoRelease] = []
    unaudited: list[tuple[str, str, str]] = []
    for binary in binaries:
        for module in binary.info.deps:
            found = _dependency(module, binary.name, own_modules)
            if isinstance(found, Dependency):
                deps.append(found)
            elif found:
                unaudited.append((module.path, binary.name, found))
        release = binary.info.go_release
        if release is None:
            unaudited.append((GO_STDLIB, binary.name, f"built by a development Go "
                              f"({binary.info.go_version}), whose standard library has no "
                              "release version to look up"))
        else:
            releases.append(GoRelease(f"go{release}", ReleaseSource.BINARY, binary.name,
                                      (GO_STDLIB,)))
    return ReleaseBinaries(tuple(binaries), tuple(deps), tuple(releases), tuple(unaudited),
                           tuple(skipped))


def is_directory(module: GoModule) -> bool:
    """A directory replacement: no version, or `(devel)` as the linker writes for it."""
    return module.version in ("", "(devel)")


def _dependency(module: GoModule, binary: str, own: Collection[str]) -> Dependency | str:
    """The module built into the binary as a dependency; or why it is not audited ('' when
    it is the release's own module)."""
    built = module.built
    if not is_directory(built):
        hashes = (built.sum,) if built.sum else ()
        return Dependency(Ecosystem.GO, built.path, built.version, binary, hashes=hashes,
                          original=f"{module.path}@{module.version}" if module.replace else None)
    if module.path in own:
        return ""
    return (f"replaced by the directory {built.path} when built, which has no module version "
            "to look up: audit that directory as its own module")
