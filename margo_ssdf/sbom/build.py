"""Build the release's CycloneDX 1.6 BOM with cyclonedx-python-lib from the shared inventory."""

from __future__ import annotations

import functools
import os
import posixpath
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from importlib.metadata import PackageMetadata
from pathlib import Path
from typing import Any

try:
    from cyclonedx.contrib.license.factories import LicenseFactory
except ImportError:  # cyclonedx-python-lib before 11.x
    from cyclonedx.factory.license import LicenseFactory
from cyclonedx.model import HashAlgorithm, HashType, Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentScope, ComponentType, Pedigree
from cyclonedx.model.contact import OrganizationalContact, OrganizationalEntity
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from packageurl import PackageURL
from packaging.markers import UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from margo_ssdf import __version__
from margo_ssdf.discovery.dependencies import Component as InventoryComponent
from margo_ssdf.discovery.dependencies import Dependency, Ecosystem, Inventory, pypi_purl_name
from margo_ssdf.errors import MargoError, UsageError
from margo_ssdf.files import sha256_file

PROP = "margo-ssdf"
_IMAGE = re.compile(r"^(?P<name>[^@\s]+?)(?::(?P<tag>[\w][\w.\-]{0,127}))?"
                    r"@sha256:(?P<digest>[0-9a-f]{64})$")


class SbomError(MargoError):
    """An SBOM could not be built or does not validate."""


@dataclass(frozen=True)
class Release:
    """What the SBOM describes."""

    name: str
    version: str | None
    commit: str | None = None
    authors: tuple[str, ...] = ()
    purl: str | None = None


@dataclass
class SbomInputs:
    """Everything a BOM is built from."""

    release: Release
    inventory: Inventory
    artifacts: Sequence[Path] = ()
    images: Sequence[str] = ()
    environment: Sequence[metadata.Distribution] = field(default_factory=list)
    """The installed part of the release (see `sbom.closure`)."""
    use_environment: bool = False
    """The environment was read: an optional dependency it does not hold is not shipped."""
    include_dev: bool = False


def _meta(dist: metadata.Distribution, key: str) -> str | None:
    value = dist.metadata[key]  # a missing key reads as None
    return str(value) if value else None


_NO_LICENCE = frozenset({"UNKNOWN", "NONE", "N/A", "-"})


def _licenses(dist: metadata.Distribution) -> list[object]:
    meta = dist.metadata
    factory = LicenseFactory()
    expression = _meta(dist, "License-Expression")
    if expression:
        return [factory.make_from_string(expression)]
    text = (_meta(dist, "License") or "").strip()
    # setuptools writes "UNKNOWN" when a project declared nothing: the classifiers may say.
    if text and text.upper() not in _NO_LICENCE and "\n" not in text and len(text) < 100:
        return [factory.make_from_string(text)]
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    # Unknown names are kept as named licences, never dropped.
    return [factory.make_from_string(c) for c in classifiers[:3]]


def _supplier(dist: metadata.Distribution) -> OrganizationalEntity | None:
    name = _meta(dist, "Author") or _meta(dist, "Maintainer")
    if not name:
        email = _meta(dist, "Author-email") or _meta(dist, "Maintainer-email") or ""
        name = email.split("<")[0].strip().strip('"') or None
    return OrganizationalEntity(name=name[:200]) if name else None


def _requires(dist: metadata.Distribution) -> list[str]:
    names: list[str] = []
    for text in dist.requires or []:
        try:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
        except (InvalidRequirement, UndefinedEnvironmentName):
            continue
        names.append(canonicalize_name(req.name))
    return names


def _dependency_component(dep: Dependency, same: Sequence[Dependency] = ()) -> Component:
    """A pinned or declared dependency; `same` are the other go.mod requirements of the same Go
    module version, whose go.sum hashes, manifests and replaced modules it carries as well."""
    every = [dep, *same]
    hashes = [HashType(alg=HashAlgorithm.SHA_256, content=h.split(":", 1)[1])
              for h in dep.hashes if h.startswith("sha256:") and len(h) == 71]
    direct = any(d.direct for d in every)
    props = [Property(name=f"{PROP}:source", value=s) for s in _unique(d.source for d in every)]
    props.append(Property(name=f"{PROP}:dependency", value="direct" if direct else "transitive"))
    props += [Property(name=f"{PROP}:go:h1", value=h)
              for h in _unique(h for d in every for h in d.hashes if h.startswith("h1:"))]
    originals = _unique(d.original for d in every if d.original)
    props += [Property(name=f"{PROP}:go:replaces", value=o) for o in originals]
    if dep.version is None and dep.replaced_by:
        props.append(Property(name=f"{PROP}:go:local-directory", value=dep.replaced_by))
    return Component(
        type=ComponentType.LIBRARY, name=dep.name, version=dep.version,
        purl=PackageURL.from_string(dep.purl), bom_ref=_go_local_ref(dep) or dep.purl,
        hashes=hashes, properties=props, pedigree=_pedigree(originals),
        scope=ComponentScope.OPTIONAL if dep.scope != "required" else ComponentScope.REQUIRED)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _pedigree(originals: Sequence[str]) -> Pedigree | None:
    """CycloneDX pedigree: a `replace`d module is the ancestor of the code that is built."""
    if not originals:
        return None
    ancestors = []
    for original in originals:
        path, _, version = original.rpartition("@")
        purl = Dependency(Ecosystem.GO, path, version, "").purl
        ancestors.append(Component(type=ComponentType.LIBRARY, name=path, version=version,
                                   purl=PackageURL.from_string(purl)))
    return Pedigree(ancestors=ancestors)


def _go_local_ref(dep: Dependency) -> str | None:
    """The bom-ref of a Go module replaced by a local directory: that directory, not a version."""
    if dep.ecosystem is not Ecosystem.GO or dep.version is not None or not dep.replaced_by:
        return None
    return "go-local:" + posixpath.normpath(posixpath.join(_folder(dep.source), dep.replaced_by))


def _env_component(dist: metadata.Distribution) -> Component:
    name = dist.metadata["Name"]
    version = dist.version
    purl = PackageURL(type="pypi", name=pypi_purl_name(name), version=version)
    return Component(type=ComponentType.LIBRARY, name=name, version=version, purl=purl,
                     bom_ref=purl.to_string(), licenses=_licenses(dist),  # type: ignore[arg-type]
                     supplier=_supplier(dist),
                     properties=[Property(name=f"{PROP}:source", value="installed environment")])


def _artifact_component(path: Path) -> Component:
    if not path.is_file():
        raise UsageError(f"{path}: the artifact does not exist or is not a file.",
                         fix="Pass the path of a built release file to --artifact.")
    digest = sha256_file(path)
    return Component(type=ComponentType.FILE, name=path.name, version=f"sha256:{digest}",
                     bom_ref=f"file:{path.name}:{digest[:16]}",
                     hashes=[HashType(alg=HashAlgorithm.SHA_256, content=digest)])


def parse_image(ref: str) -> tuple[str, str | None, str]:
    """(name, tag, sha256 hex) of an image reference pinned by digest; UsageError otherwise."""
    m = _IMAGE.match(ref.strip())
    if not m:
        raise UsageError(f"'{ref}' is not an image reference pinned by digest.",
                         fix="Use NAME@sha256:<64 hex digits>, e.g. ghcr.io/org/app@sha256:...")
    return m.group("name"), m.group("tag"), m.group("digest")


def _image_component(ref: str) -> Component:
    name, tag, digest = parse_image(ref)
    _, _, short = name.rpartition("/")
    qualifiers = {"repository_url": name}
    if tag:
        qualifiers["tag"] = tag
    purl = PackageURL(type="oci", name=short.lower(), version=f"sha256:{digest}",
                      qualifiers=qualifiers)
    return Component(type=ComponentType.CONTAINER, name=name, version=f"sha256:{digest}",
                     purl=purl, bom_ref=purl.to_string(),
                     hashes=[HashType(alg=HashAlgorithm.SHA_256, content=digest)])


def _root(release: Release) -> Component:
    props = [Property(name=f"{PROP}:git:commit", value=release.commit)] if release.commit else []
    return Component(type=ComponentType.APPLICATION, name=release.name,
                     version=release.version,
                     purl=PackageURL.from_string(release.purl) if release.purl else None,
                     bom_ref=f"release:{release.name}", properties=props)


class _Graph:
    """Components by bom-ref and who depends on whom."""

    def __init__(self, root: Component) -> None:
        self.root = root
        self.root_ref = str(root.bom_ref.value)
        self.components: dict[str, Component] = {}
        self.edges: dict[str, set[str]] = {}
        self.orphan_home: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}

    def add(self, component: Component, parent: str | None, *, home: str | None = None) -> str:
        """Add a component under parent; or, with home, under home only if nothing needs it."""
        ref = str(component.bom_ref.value)
        self.components.setdefault(ref, component)
        if parent is not None:
            self.edges.setdefault(parent, set()).add(ref)
        if home is not None:
            self.orphan_home.setdefault(ref, home)
        return ref

    def link(self, parent: str, child: str) -> None:
        self.edges.setdefault(parent, set()).add(child)

    def register(self, bom: Bom) -> None:
        reached = {t for targets in self.edges.values() for t in targets}
        for ref, home in self.orphan_home.items():
            if ref not in reached:  # nothing in the graph needs it: hang it off its module
                self.link(home, ref)
        for component in self.components.values():
            bom.components.add(component)
        for ref, component in {self.root_ref: self.root, **self.components}.items():
            bom.register_dependency(component, [self.components[t] for t in
                                                sorted(self.edges.get(ref, ()))])


def _module_component(comp: InventoryComponent, version: str | None) -> Component:
    base = (f"pkg:golang/{comp.name}" if comp.ecosystem is Ecosystem.GO
            else f"pkg:pypi/{pypi_purl_name(comp.name)}")
    props = [Property(name=f"{PROP}:source", value=comp.source)]
    if comp.go_version:
        props.append(Property(name=f"{PROP}:go:version", value=comp.go_version))
    if comp.toolchain:  # the Go release that builds it: what audit-sbom checks, as deps.audit
        props.append(Property(name=f"{PROP}:go:toolchain", value=comp.toolchain))
    return Component(type=ComponentType.APPLICATION, name=comp.name, version=version,
                     purl=PackageURL.from_string(base + (f"@{version}" if version else "")),
                     bom_ref=f"module:{comp.source}", properties=props)


def _folder(rel: str) -> str:
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def _by_purl(deps: Iterable[Dependency]) -> dict[str, list[Dependency]]:
    out: dict[str, list[Dependency]] = {}
    for dep in deps:
        out.setdefault(dep.purl, []).append(dep)
    return out


def _add_go_local(graph: _Graph, modules: dict[str, str], unversioned: Sequence[Dependency]
                  ) -> None:
    """Go modules replaced by a local directory: the project's own module there, if it is one;
    else a component for the directory, with no version a registry could be asked about."""
    for dep in unversioned:
        if dep.ecosystem is not Ecosystem.GO:
            continue
        parent = modules.get(_folder(dep.source), graph.root_ref)
        own = modules.get(_folder(dep.local_module)) if dep.local_module else None
        if own is not None:
            if own != parent:
                graph.link(parent, own)
        else:
            graph.add(_dependency_component(dep), parent)


def build(inputs: SbomInputs) -> Bom:
    """The BOM: the release as root, every pinned dependency, artifacts and images."""
    from margo_ssdf.clock import document_time

    bom = Bom()
    if os.environ.get("SOURCE_DATE_EPOCH"):
        # Reproducible: the same release gives the same serial number and time.
        seed = f"{inputs.release.name}@{inputs.release.version}@{inputs.release.commit}"
        bom.serial_number = uuid.uuid5(uuid.NAMESPACE_URL, "margo-ssdf:" + seed)
    bom.metadata.timestamp = document_time()
    root = _root(inputs.release)
    bom.metadata.component = root
    bom.metadata.tools.components.add(Component(
        type=ComponentType.APPLICATION, name="margo-ssdf", version=__version__,
        bom_ref=f"tool:margo-ssdf:{__version__}"))
    if inputs.release.authors:
        bom.metadata.authors = [OrganizationalContact(name=a) for a in inputs.release.authors]
    graph = _Graph(root)

    # The project's own modules (a go.mod, a pyproject) sit between the release and their deps.
    modules = {_folder(c.source): graph.add(
        _module_component(c, c.version or inputs.release.version), graph.root_ref)
        for c in inputs.inventory.components}

    # Installed distributions first: they give versions to dependencies declared by a range.
    for dist in inputs.environment:
        key = ("PyPI", canonicalize_name(dist.metadata["Name"]))
        graph.by_name[key] = graph.add(_env_component(dist), None, home=graph.root_ref)

    wanted = [d for d in inputs.inventory.dependencies if inputs.include_dev or d.scope != "dev"]
    # Every occurrence, not de-duplicated: two modules requiring one version both get an edge.
    pinned = [d for d in wanted if d.version is not None]
    go_versions = _by_purl(d for d in pinned if d.ecosystem is Ecosystem.GO)
    for dep in pinned:
        parent = modules.get(_folder(dep.source), graph.root_ref)
        # go.mod lists every module the build needs, so each is a requirement of its module.
        direct = dep.direct or dep.ecosystem is Ecosystem.GO
        same = [d for d in go_versions.get(dep.purl, ()) if d is not dep]
        ref = graph.add(_dependency_component(dep, same), parent if direct else None,
                        home=parent)
        graph.by_name[(dep.ecosystem.value, dep.key)] = ref
    _add_go_local(graph, modules, [d for d in wanted if d.version is None])
    for dep in pinned:
        for child in dep.requires:
            target = graph.by_name.get((dep.ecosystem.value, canonicalize_name(child)))
            if target:
                graph.link(graph.by_name[(dep.ecosystem.value, dep.key)], target)

    for dep in inputs.inventory.unpinned():
        if dep not in wanted or dep.ecosystem is Ecosystem.GO:
            continue
        parent = modules.get(_folder(dep.source), graph.root_ref)
        known = graph.by_name.get((dep.ecosystem.value, dep.key))
        if known:  # a lockfile or the environment says which version is used
            graph.link(parent, known)
        elif dep.scope == "optional" and inputs.use_environment:
            continue  # an extra nobody installed is not part of this release
        else:  # kept, without a version, so the SBOM shows what is not pinned
            graph.by_name[(dep.ecosystem.value, dep.key)] = graph.add(
                _dependency_component(dep), parent)
    for dist in inputs.environment:
        ref = graph.by_name[("PyPI", canonicalize_name(dist.metadata["Name"]))]
        for child in _requires(dist):
            target = graph.by_name.get(("PyPI", child))
            if target and target != ref:
                graph.link(ref, target)

    own_go = {c.name: modules[_folder(c.source)] for c in inputs.inventory.components
              if c.ecosystem is Ecosystem.GO}
    for path in inputs.artifacts:
        file_ref = graph.add(_artifact_component(path), graph.root_ref)
        _add_go_binaries(graph, path, file_ref, own_go)
    for image in inputs.images:
        graph.add(_image_component(image), graph.root_ref)
    graph.register(bom)
    return bom


def _add_go_binaries(graph: _Graph, path: Path, parent: str, own: dict[str, str]) -> None:
    """Each Go binary in the artifact under it, with its modules and standard library."""
    from margo_ssdf.sbom.gobinary import binary_components

    for found in binary_components(path, own_modules=own):
        ref = graph.add(found.binary, parent)
        for child in found.children:
            graph.add(child, ref)
        for module in found.own:
            graph.link(ref, module)


def render(bom: Bom, fmt: str = "json") -> str:
    """Serialise as CycloneDX 1.6 and validate strictly; SbomError when it does not validate."""
    output_format = OutputFormat.JSON if fmt == "json" else OutputFormat.XML
    text = make_outputter(bom, output_format, SchemaVersion.V1_6).output_as_string(indent=2)
    validate(text, fmt)
    return text


def validate(text: str, fmt: str = "json") -> None:
    """Validate against the CycloneDX 1.6 schema (format checks on)."""
    from margo_ssdf.sbom.validation import first_error

    error = first_error(text, fmt)
    if error is not None:
        raise SbomError(f"the generated SBOM does not validate against CycloneDX 1.6: "
                        f"{str(error).splitlines()[0]}")


def environment_fingerprint(dists: Iterable[metadata.Distribution] | None = None) -> str:
    """Digest of the installed (name, version) pairs (of this Python unless `dists` are given):
    a cache key part for environment audits."""
    import hashlib

    pairs = sorted(f"{d.metadata['Name']}=={d.version}"
                   for d in (environment() if dists is None else dists))
    return hashlib.sha256("\n".join(pairs).encode()).hexdigest()


def environment(paths: Iterable[Path] | None = None) -> list[metadata.Distribution]:
    """Installed distributions: of these site-packages directories, or of this Python."""
    dists = metadata.distributions(path=[str(p) for p in paths]) if paths \
        else metadata.distributions()
    seen: dict[str, metadata.Distribution] = {}
    for d in map(_MetadataOnce, dists):
        name = d.metadata["Name"]
        if name:
            seen.setdefault(canonicalize_name(name), d)
    return [seen[k] for k in sorted(seen)]


class _MetadataOnce(metadata.Distribution):
    """An installed distribution whose METADATA is parsed once: the closure, the components and
    their licences read it per field, and email parsing of 150 files, many times over, was most
    of `sbom --environment`'s time."""

    def __init__(self, dist: metadata.Distribution) -> None:
        self._dist = dist

    def read_text(self, filename: str) -> str | None:
        return self._dist.read_text(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> Any:
        return self._dist.locate_file(path)

    @functools.cached_property
    def metadata(self) -> PackageMetadata:
        return self._dist.metadata
