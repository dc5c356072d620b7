"""The release's own part of an installed environment: its dependency closure, nothing more.

`environment: true` audits and lists what is installed beside margo-ssdf, but a virtual
environment also holds pip, setuptools, test tools and whatever else was installed by hand. The
release is the project's own distribution (or, when it is not installed, the requirements its
manifests declare) and everything those need, following `Requires-Dist` with its markers
evaluated. An extra is followed when it is installed: every requirement it adds is present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata

from packaging.markers import UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import NormalizedName, canonicalize_name

from margo_ssdf.discovery.dependencies import Dependency, Ecosystem, Inventory


def release_environment(inventory: Inventory,
                        installed: Sequence[metadata.Distribution]) -> list[metadata.Distribution]:
    """The installed distributions that are part of the release described by `inventory`."""
    return release_closure(release_roots(inventory, _by_name(installed)), installed)


def release_roots(inventory: Inventory, installed: Mapping[NormalizedName, object]
                  ) -> list[NormalizedName]:
    """Where the closure starts: the project's own installed distributions, else what its
    Python manifests require (optional groups only when installed; dev groups never)."""
    own = [canonicalize_name(c.name) for c in inventory.components
           if c.ecosystem is Ecosystem.PYPI and canonicalize_name(c.name) in installed]
    declared = [canonicalize_name(d.name) for d in inventory.dependencies
                if d.ecosystem is Ecosystem.PYPI and _ships(d, installed)]
    return list(dict.fromkeys([*own, *declared]))


def release_closure(roots: Iterable[str], installed: Sequence[metadata.Distribution]
                    ) -> list[metadata.Distribution]:
    """The installed distributions reachable from `roots`, sorted by name."""
    by_name = _by_name(installed)
    seen: dict[NormalizedName, metadata.Distribution] = {}
    todo = [canonicalize_name(r) for r in roots]
    while todo:
        name = todo.pop()
        dist = by_name.get(name)
        if dist is None or name in seen:
            continue
        seen[name] = dist
        todo += [r for r in requirements(dist, by_name) if r not in seen]
    return [seen[k] for k in sorted(seen)]


def requirements(dist: metadata.Distribution,
                 installed: Mapping[NormalizedName, object]) -> list[NormalizedName]:
    """What `dist` needs here: its unconditional requirements and those of installed extras."""
    base: list[NormalizedName] = []
    extras: dict[str, list[NormalizedName]] = {}
    for req in _parsed(dist):
        if req.marker is None or _holds(req, ""):
            base.append(canonicalize_name(req.name))
            continue
        for extra in dist.metadata.get_all("Provides-Extra") or []:
            if _holds(req, extra):
                extras.setdefault(extra, []).append(canonicalize_name(req.name))
    followed = [n for names in extras.values() if all(n in installed for n in names)
                for n in names]
    return list(dict.fromkeys([*base, *followed]))


def _ships(dep: Dependency, installed: Mapping[NormalizedName, object]) -> bool:
    if dep.scope == "dev":
        return False
    return dep.scope != "optional" or canonicalize_name(dep.name) in installed


def _by_name(installed: Sequence[metadata.Distribution]
             ) -> dict[NormalizedName, metadata.Distribution]:
    out: dict[NormalizedName, metadata.Distribution] = {}
    for dist in installed:
        if name := dist.metadata["Name"]:
            out.setdefault(canonicalize_name(name), dist)
    return out


def _parsed(dist: metadata.Distribution) -> list[Requirement]:
    out = []
    for text in dist.requires or []:
        try:
            out.append(Requirement(text))
        except InvalidRequirement:
            continue  # a broken line of someone's metadata: nothing to follow
    return out


def _holds(req: Requirement, extra: str) -> bool:
    try:
        return req.marker is None or req.marker.evaluate({"extra": extra})
    except UndefinedEnvironmentName:
        return False
