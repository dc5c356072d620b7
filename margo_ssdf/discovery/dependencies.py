"""The project's dependencies, Python and Go: one inventory for the audit and the SBOM.

Python: requirements files (with hashes and -r includes, via pip-requirements-parser, the
parser pip-audit uses), PEP 621 `pyproject.toml`, `poetry.lock`, `uv.lock` and `Pipfile.lock`.
Go: every `go.mod` with the exact versions it requires, `replace` applied and `go.sum` hashes
attached. A file that cannot be read becomes a `Problem` naming the file and line; the rest
still count. Only the release's own manifests are read (see `discovery.scope`); the others are
listed as skipped, each with the rule that skipped it.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import json
import posixpath
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from margo_ssdf.discovery import gomod
from margo_ssdf.discovery.inventory_model import (
    Component,
    Dependency,
    Ecosystem,
    Inventory,
    Problem,
    pypi_purl_name,
)
from margo_ssdf.discovery.project import Project

__all__ = [
    "MANIFEST_NAMES", "REQUIREMENTS_GLOBS", "Component", "Dependency", "Ecosystem", "Inventory",
    "Problem", "by_key", "inventory", "is_manifest", "pypi_purl_name", "release_inputs",
    "scope_fingerprint",
]

REQUIREMENTS_GLOBS = ("requirements*.txt", "requirements/*.txt", "*/requirements*.txt")
MANIFEST_NAMES = ("go.mod", "go.sum", "poetry.lock", "uv.lock", "pyproject.toml", "Pipfile.lock")
"""Manifests and lockfiles by name (requirements files are found by REQUIREMENTS_GLOBS)."""


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns)


class _Shape(Exception):
    """A TOML value of the wrong type; it becomes a Problem naming the key."""


def _table(data: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
    """`data[key]` as a table ({} when absent); anything else is a _Shape naming the key."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Shape(f"{where}{key} must be a table, not {type(value).__name__}")
    return value


def _array(data: Mapping[str, Any], key: str, where: str = "", *,
           of: type = object) -> list[Any]:
    """`data[key]` as an array whose items are `of` ([] when absent)."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Shape(f"{where}{key} must be an array, not {type(value).__name__}")
    wrong = next((v for v in value if not isinstance(v, of)), None)
    if wrong is not None:
        noun = {dict: "tables", str: "strings"}.get(of, "values")  # type: ignore[call-overload]
        raise _Shape(f"{where}{key} must be an array of {noun}, but holds "
                     f"{type(wrong).__name__} {wrong!r:.40}")
    return value


def _read_toml(project: Project, rel: str, inv: Inventory) -> dict[str, Any] | None:
    try:
        return tomllib.loads(project.path(rel).read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        inv.problems.append(Problem(rel, None, f"not valid TOML: {exc}"))
    except OSError as exc:
        inv.problems.append(Problem(rel, None, f"cannot be read: {exc.strerror}"))
    return None


def _exact(spec: str) -> str | None:
    parts = [s.strip() for s in spec.split(",") if s.strip()]
    if len(parts) == 1 and parts[0].startswith(("==", "===")) and "*" not in parts[0]:
        return parts[0].lstrip("=").strip()
    return None


def _requirements(project: Project, rel: str, inv: Inventory) -> None:
    from pip_requirements_parser import RequirementsFile

    try:
        parsed = RequirementsFile.from_file(str(project.path(rel)), include_nested=True)
    except Exception as exc:  # the parser raises bare exceptions for unreadable includes
        inv.problems.append(Problem(rel, None, f"cannot be parsed: {exc}"))
        return
    for bad in parsed.invalid_lines:
        where = Path(bad.filename).resolve()
        src = where.relative_to(project.root).as_posix() if where.is_relative_to(
            project.root) else rel
        inv.problems.append(Problem(src, bad.line_number,
                                    bad.error_message.splitlines()[0].rstrip(": ")))
    for req in parsed.requirements:
        where = Path(req.requirement_line.filename).resolve()
        src = where.relative_to(project.root).as_posix() if where.is_relative_to(
            project.root) else rel
        if req.is_editable or req.link is not None or not req.name:
            inv.problems.append(Problem(src, req.line_number,
                                        "editable or URL requirement has no version to audit"))
            continue
        spec = str(req.specifier or "")
        inv.dependencies.append(Dependency(
            Ecosystem.PYPI, req.name, _exact(spec), src, req.line_number, direct=True,
            hashes=tuple(req.hash_options), specifier=spec))


def _pyproject(project: Project, rel: str, inv: Inventory, locked: bool) -> None:
    data = _read_toml(project, rel, inv)
    if data is None:
        return
    meta = _table(data, "project")
    poetry = _table(_table(data, "tool"), "poetry", "tool.")
    name = meta.get("name") or poetry.get("name")
    version = meta.get("version") or poetry.get("version")
    if name:
        inv.components.append(Component(Ecosystem.PYPI, str(name),
                                        str(version) if version else None, rel))
    if locked:
        return  # the lockfile beside it gives exact versions and the graph
    for scope, entries in _pep621_groups(meta):
        for text in entries:
            try:
                req = Requirement(str(text))
            except InvalidRequirement as exc:
                inv.problems.append(Problem(rel, None, f"invalid requirement {text!r}: {exc}"))
                continue
            spec = str(req.specifier)
            inv.dependencies.append(Dependency(Ecosystem.PYPI, req.name, _exact(spec), rel,
                                               scope=scope, specifier=spec))


def _pep621_groups(meta: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """[project] dependencies and optional-dependencies, as (scope, requirement strings)."""
    groups = [("required", _array(meta, "dependencies", "project.", of=str))]
    optional = _table(meta, "optional-dependencies", "project.")
    groups += [("optional", _array(optional, extra, "project.optional-dependencies.", of=str))
               for extra in optional]
    return groups


def _direct_names(project: Project, lock_rel: str) -> set[str] | None:
    """Names the pyproject beside a lockfile declares, or None when there is no pyproject."""
    path = project.path(lock_rel).with_name("pyproject.toml")
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return None
    try:
        texts = [t for _, entries in _pep621_groups(_table(data, "project")) for t in entries]
        poetry = _table(_table(data, "tool"), "poetry")
        groups = _table(poetry, "group")
        tables = [_table(poetry, "dependencies")]
        tables += [_table(_table(groups, g), "dependencies") for g in groups]
    except _Shape:
        return None  # the pyproject's own handler reports what is wrong with it
    names: set[str] = set()
    for text in texts:
        try:
            names.add(canonicalize_name(Requirement(text).name))
        except InvalidRequirement:
            continue
    names |= {canonicalize_name(n) for t in tables for n in t if n.lower() != "python"}
    return names


def _poetry_lock(project: Project, rel: str, inv: Inventory) -> None:
    data = _read_toml(project, rel, inv)
    if data is None:
        return
    direct = _direct_names(project, rel)
    for pkg in _array(data, "package", of=dict):
        name, version = pkg.get("name"), pkg.get("version")
        if not name or not version:
            inv.problems.append(Problem(rel, None, f"a [[package]] lacks a name or version: "
                                                   f"{name or '?'}"))
            continue
        where = f"package {name}: "
        groups = _array(pkg, "groups", where) or [pkg.get("category", "main")]
        scope = "required" if "main" in groups else "dev"
        files = _array(pkg, "files", where, of=dict)
        inv.dependencies.append(Dependency(
            Ecosystem.PYPI, str(name), str(version), rel,
            direct=direct is None or canonicalize_name(str(name)) in direct,
            hashes=tuple(sorted({str(f["hash"]) for f in files if "hash" in f})),
            requires=tuple(sorted(_table(pkg, "dependencies", where))), scope=scope))


def _uv_lock(project: Project, rel: str, inv: Inventory) -> None:
    data = _read_toml(project, rel, inv)
    if data is None:
        return
    packages = _array(data, "package", of=dict)
    roots = [p for p in packages if {"editable", "virtual"} & set(_table(p, "source"))]
    direct = {canonicalize_name(n) for r in roots for n in _uv_names(r, "dependencies")}
    dev_groups = [_table(r, "dev-dependencies") for r in roots]
    dev = {canonicalize_name(n) for groups in dev_groups for g in groups
           for n in _uv_names(groups, g, "dev-dependencies.")}
    for pkg in packages:
        if pkg in roots:
            continue
        name, version = pkg.get("name"), pkg.get("version")
        if not name or not version:
            inv.problems.append(Problem(rel, None, f"a [[package]] lacks a name or version: "
                                                   f"{name or '?'}"))
            continue
        where = f"package {name}: "
        artefacts = [_table(pkg, "sdist", where), *_array(pkg, "wheels", where, of=dict)]
        key = canonicalize_name(str(name))
        inv.dependencies.append(Dependency(
            Ecosystem.PYPI, str(name), str(version), rel, direct=key in direct | dev,
            hashes=tuple(sorted({str(a["hash"]) for a in artefacts if "hash" in a})),
            requires=tuple(sorted(_uv_names(pkg, "dependencies", where))),
            scope="dev" if key in dev and key not in direct else "required"))


def _uv_names(data: Mapping[str, Any], key: str, where: str = "") -> list[str]:
    """The names in a uv.lock dependency array ([{name = ...}, ...])."""
    entries = _array(data, key, where, of=dict)
    if any(not isinstance(d.get("name"), str) for d in entries):
        raise _Shape(f"{where}every entry of {key} must have a name")
    return [d["name"] for d in entries]


def _go(project: Project, rel: str, inv: Inventory) -> None:
    try:
        mod, sums = gomod.read_module(project.path(rel), rel)
    except gomod.GoModError as exc:
        inv.problems.append(Problem(exc.file, exc.line, exc.reason))
        return
    except (OSError, UnicodeDecodeError) as exc:
        inv.problems.append(Problem(rel, None, f"cannot be read: {exc}"))
        return
    inv.components.append(Component(Ecosystem.GO, mod.module, None, rel, go_version=mod.go,
                                    toolchain=mod.toolchain))
    excluded = set(mod.excludes)
    for req in mod.requires:
        if (req.path, req.version) in excluded:
            continue
        path, version = mod.resolve(req)
        replaced = original = None
        if (path, version) != (req.path, req.version):
            replaced = f"{path}@{version}" if version else path
            original = f"{req.path}@{req.version}"
        h1 = sums.get((path, version)) if version else None
        inv.dependencies.append(Dependency(
            Ecosystem.GO, path if version else req.path, version if version else None,
            rel, req.line, direct=not req.indirect, hashes=(h1,) if h1 else (),
            replaced_by=replaced, original=original))


def _across_go_modules(inv: Inventory) -> None:
    """What needs every go.mod read: local replaces that name one of the project's own modules,
    and go.sum files that disagree about a module version's hash (one of them is wrong)."""
    own = {c.source for c in inv.components if c.ecosystem is Ecosystem.GO}
    first: dict[tuple[str, str | None], tuple[str, str]] = {}
    for i, dep in enumerate(inv.dependencies):
        if dep.ecosystem is not Ecosystem.GO:
            continue
        if dep.version is None and dep.replaced_by:
            target = posixpath.normpath(posixpath.join(
                posixpath.dirname(dep.source), dep.replaced_by, "go.mod"))
            if target in own:
                inv.dependencies[i] = dataclasses.replace(dep, local_module=target)
        for h1 in dep.hashes:  # only a module version has a go.sum hash
            seen = first.setdefault((dep.name, dep.version), (h1, dep.source))
            if seen[0] != h1:
                inv.problems.append(Problem(
                    _gosum(dep.source), None,
                    f"{dep.name} {dep.version} has the hash {h1}, but {_gosum(seen[1])} "
                    f"gives {seen[0]}: one of them is wrong; run `go mod verify` in both"))


def _gosum(gomod_rel: str) -> str:
    return gomod_rel[:-len("go.mod")] + "go.sum"


def _pipfile_names(project: Project, lock_rel: str) -> set[str] | None:
    """Names the Pipfile beside a Pipfile.lock declares, or None when it cannot tell."""
    path = project.path(lock_rel).with_name("Pipfile")
    try:
        data = tomllib.loads(path.read_text("utf-8")) if path.is_file() else None
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return None
    if data is None:
        return None
    groups = [data.get("packages"), data.get("dev-packages")]
    return {canonicalize_name(str(n)) for g in groups if isinstance(g, dict) for n in g}


def _pipfile_lock(project: Project, rel: str, inv: Inventory) -> None:
    try:
        data = json.loads(project.path(rel).read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        inv.problems.append(Problem(rel, None, f"not valid JSON: {exc}"))
        return
    except OSError as exc:
        inv.problems.append(Problem(rel, None, f"cannot be read: {exc.strerror}"))
        return
    if not isinstance(data, dict):
        raise _Shape("the top level must be an object")
    direct = _pipfile_names(project, rel)
    for group, scope in (("default", "required"), ("develop", "dev")):
        for name, entry in _table(data, group).items():
            if not isinstance(entry, dict):
                raise _Shape(f"{group}.{name} must be an object")
            version = _exact(str(entry.get("version") or ""))
            if version is None:
                inv.problems.append(Problem(rel, None, f"{group}.{name} has no exact version "
                                                       "(a VCS, path or unpinned entry)"))
                continue
            inv.dependencies.append(Dependency(
                Ecosystem.PYPI, str(name), version, rel,
                direct=direct is None or canonicalize_name(str(name)) in direct,
                hashes=tuple(sorted(str(h) for h in _array(entry, "hashes", f"{group}.{name}.",
                                                           of=str))), scope=scope))


def is_manifest(rel: str, requirements: Iterable[str] = REQUIREMENTS_GLOBS) -> bool:
    """Whether a project file is a manifest or lockfile the inventory reads (or go.sum)."""
    base = rel.rsplit("/", 1)[-1]
    return base in MANIFEST_NAMES or (base.endswith(".txt") and _matches(rel, requirements))


def release_inputs(project: Project) -> list[str]:
    """The release's manifest files, for a check's cache key: every file the inventory may
    read (requirements files broadly), less those outside the release's scope."""
    candidates = [f for f in project.files if is_manifest(f)
                  or (f.endswith(".txt") and "requirements" in f)]
    return list(project.release.split(candidates).kept)


def scope_fingerprint(project: Project) -> str:
    """What decides the release's scope besides the files it reads (for a cache key): the
    patterns and the manifests they leave out, which the evidence names."""
    split = project.release.split(f for f in project.files if is_manifest(f))
    return json.dumps([project.release.include, project.release.exclude,
                       [d.manifest for d in split.skipped]])


def _handler(rel: str, lock_dirs: set[str], requirements: Iterable[str]
             ) -> Callable[[Project, str, Inventory], None] | None:
    base = rel.rsplit("/", 1)[-1]
    parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
    handlers: dict[str, Callable[[Project, str, Inventory], None]] = {
        "go.mod": _go, "poetry.lock": _poetry_lock, "uv.lock": _uv_lock,
        "Pipfile.lock": _pipfile_lock,
        "pyproject.toml": functools.partial(_pyproject, locked=parent in lock_dirs)}
    if base in handlers:
        return handlers[base]
    return _requirements if base.endswith(".txt") and _matches(rel, requirements) else None


def inventory(project: Project, requirements: Iterable[str] = REQUIREMENTS_GLOBS) -> Inventory:
    """Every dependency the release's manifests and lockfiles declare.

    Manifests outside the release's scope (`project.release`) are not read; they are listed in
    `skipped` with the rule that left each out.
    """
    requirements = tuple(requirements)
    split = project.release.split(f for f in project.files if is_manifest(f, requirements))
    inv = Inventory(skipped=list(split.skipped), readmitted=list(split.readmitted))
    lock_dirs = {f.rsplit("/", 1)[0] if "/" in f else "" for f in split.kept
                 if f.endswith(("poetry.lock", "uv.lock"))}
    for rel in split.kept:
        handler = _handler(rel, lock_dirs, requirements)
        if handler is None:
            continue  # go.sum: read with the go.mod beside it
        inv.manifests.append(rel)
        try:
            handler(project, rel, inv)
        except _Shape as exc:
            inv.problems.append(Problem(rel, None, f"{exc}; the file's other entries "
                                                   "may be missing from the inventory"))
    _across_go_modules(inv)
    return inv


def by_key(deps: Iterable[Dependency]) -> Mapping[tuple[str, str], list[Dependency]]:
    """Dependencies grouped by (ecosystem, normalised name)."""
    out: dict[tuple[str, str], list[Dependency]] = {}
    for d in deps:
        out.setdefault((d.ecosystem.value, d.key), []).append(d)
    return out
