"""The Go binaries of a release artifact as SBOM components, from their embedded build info.

Each binary is an `application` component (its SHA-256, the Go release that built it, and its
build settings as properties) with the modules linked into it and the Go standard library at
the compiler's exact release (`pkg:golang/stdlib@1.26.8`) under it. Build settings that may
carry secrets or local paths (-ldflags, whose -X values a builder sets, the C flags, ...) are
recorded as set, never with their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cyclonedx.model import HashAlgorithm, HashType, Property
from cyclonedx.model.component import Component, ComponentType
from packageurl import PackageURL

from margo_ssdf.discovery.artifacts import GoArtifact, go_binaries
from margo_ssdf.discovery.dependencies import Dependency, Ecosystem
from margo_ssdf.discovery.gobuildinfo import GoModule
from margo_ssdf.vulndb.binaries import is_directory

__all__ = ["PUBLISHED_SETTINGS", "BinaryComponents", "binary_components"]

PROP = "margo-ssdf"
PUBLISHED_SETTINGS = frozenset({
    "GOOS", "GOARCH", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64",
    "GORISCV64", "GOWASM", "CGO_ENABLED", "GOEXPERIMENT", "GOFIPS140", "DefaultGODEBUG",
    "-trimpath", "-buildmode", "-compiler", "-race", "-msan", "-asan", "-tags", "vcs",
    "vcs.revision", "vcs.time", "vcs.modified",
})
"""Build settings whose values are published; any other is recorded as set, value withheld."""
WITHHELD = "set (value not published: it may carry secrets or local paths)"


@dataclass(frozen=True)
class BinaryComponents:
    """One binary's component and the components linked under it."""

    binary: Component
    children: tuple[Component, ...]
    own: tuple[str, ...] = ()
    """bom-refs of the project's own modules built into it from a directory."""


def binary_components(path: Path, shown: str | None = None, *,
                      own_modules: Mapping[str, str] | None = None) -> list[BinaryComponents]:
    """Every Go binary in the artifact `path` (a binary or an archive), as components.

    `shown` is how the artifact is named (default: its file name); `own_modules` maps the
    project's go.mod module paths to their bom-refs, so a module built from a directory that is
    one of them is linked rather than listed again. Raises ArtifactError or GoBuildInfoError
    for an artifact that cannot be read safely.
    """
    label = str(path)
    name = shown or path.name
    own_modules = own_modules or {}
    out = []
    for binary in go_binaries([path]):
        shown_name = name + binary.name[len(label):]
        local = [m for m in binary.info.deps if is_directory(m.built)]
        own = tuple(own_modules[m.path] for m in local if m.path in own_modules)
        children = [_module(m, shown_name) for m in binary.info.deps
                    if not (is_directory(m.built) and m.path in own_modules)]
        release = binary.info.go_release
        if release is not None:
            children.append(_stdlib(release, binary.info.go_version))
        out.append(BinaryComponents(_binary(binary, shown_name), tuple(children), own))
    return out


def _binary(binary: GoArtifact, shown: str) -> Component:
    info = binary.info
    main = info.main
    real = main is not None and main.version not in ("", "(devel)")
    version = main.version if main is not None and real else f"sha256:{binary.sha256}"
    # Without a main module (a build outside module mode) the digest identifies it.
    purl = PackageURL(type="generic", name=shown.rsplit("/", 1)[-1].replace("!", "_"),
                      version=f"sha256:{binary.sha256}")
    if main is not None:
        purl = PackageURL.from_string(Dependency(Ecosystem.GO, main.path,
                                                 main.version if real else None, "").purl)
    props = [Property(name=f"{PROP}:artifact", value=shown),
             Property(name=f"{PROP}:go:compiler", value=info.go_version)]
    if main is not None:
        props.append(Property(name=f"{PROP}:go:main", value=f"{main.path}@{main.version}"))
    for key, value in info.settings:
        shown_value = value if key in PUBLISHED_SETTINGS or not value else WITHHELD
        props.append(Property(name=f"{PROP}:go:build:{key}", value=shown_value or "(empty)"))
    return Component(type=ComponentType.APPLICATION, name=shown.rsplit("!", 1)[-1]
                     .rsplit("/", 1)[-1], version=version, purl=purl,
                     bom_ref=f"gobinary:{binary.sha256[:16]}:{shown}",
                     hashes=[HashType(alg=HashAlgorithm.SHA_256, content=binary.sha256)],
                     properties=props)


def _module(module: GoModule, shown: str) -> Component:
    built = module.built
    local = is_directory(built)
    dep = Dependency(Ecosystem.GO, built.path, None if local else built.version, shown)
    props = [Property(name=f"{PROP}:source", value=shown)]
    if built.sum:
        props.append(Property(name=f"{PROP}:go:h1", value=built.sum))
    if module.replace is not None:
        props.append(Property(name=f"{PROP}:go:replaces", value=f"{module.path}@"
                                                                f"{module.version}"))
    if local:
        props.append(Property(name=f"{PROP}:go:local-directory", value=built.path))
        return Component(type=ComponentType.LIBRARY, name=module.path, bom_ref=(
            f"go-binary-local:{module.path}"), properties=props)
    return Component(type=ComponentType.LIBRARY, name=built.path, version=built.version,
                     purl=PackageURL.from_string(dep.purl), bom_ref=dep.purl,
                     properties=props)


def _stdlib(release: str, compiler: str) -> Component:
    purl = PackageURL(type="golang", name="stdlib", version=release)
    return Component(type=ComponentType.LIBRARY, name="stdlib", version=release, purl=purl,
                     bom_ref=purl.to_string(), properties=[
                         Property(name=f"{PROP}:go:compiler", value=compiler)])
