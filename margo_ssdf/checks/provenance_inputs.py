"""What `deps.provenance` verifies, read from its options: the components, their bundles, the
repository each is pinned to and the trust root.

Kept apart from the check so the check module holds only the verification and its facts. Every
mistake in the options is a `ConfigError` naming `checks.deps.provenance.options.<key>`.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from margo_ssdf.discovery import Project
from margo_ssdf.errors import ConfigError

BUNDLE_SUFFIXES: Final = (".sigstore.json", ".sigstore", ".intoto.jsonl")
"""A component's bundle lies beside it under one of these names, looked for in this order."""
PIN_KEYS: Final = ("repository", "ref", "builder_id", "source_uri", "issuer")
_REPOSITORY = re.compile(r"^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+|https://[^\s@]+/[^\s@]+)$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PIN_FIX = ("Give each file-name glob a mapping such as {repository: OWNER/NAME, ref: "
            "refs/tags/v1.2.0, builder_id: URI}; only repository is required.")


@dataclass(frozen=True)
class Pin:
    """What a component's provenance must say, as the policy configures it."""

    pattern: str
    """The file-name glob of `pins` that names it."""
    repository: str
    """The source repository, OWNER/NAME (GitHub) or its https:// URL."""
    ref: str | None = None
    builder_id: str | None = None
    source_uri: str | None = None
    issuer: str | None = None
    """The OIDC issuer of the signer; None: GitHub Actions."""

    def as_json(self) -> dict[str, Any]:
        """The pin as recorded in the evidence (unset fields left out)."""
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class Component:
    """One component the release takes in whose provenance is looked for."""

    name: str
    """Its file name, or the name a `digests` entry gives it."""
    file: str | None
    """Project-relative path of its file; None for a component known by digest only."""
    sha256: str | None
    """The configured digest of a component known by digest only."""
    bundle: str | None
    """Project-relative path of its provenance bundle, None when it has none."""


@dataclass(frozen=True)
class TrustRoot:
    """The Sigstore instance the bundles must come from."""

    staging: bool = False
    path: Path | None = None
    """A trusted_root.json; None: the instance's root shipped with sigstore-python."""

    def describe(self) -> str:
        """'production', 'staging' or the file, for the evidence."""
        return str(self.path) if self.path else "staging" if self.staging else "production"


@dataclass(frozen=True)
class Setup:
    """Everything the check verifies, from its options."""

    components: tuple[Component, ...]
    pins: tuple[Pin, ...]
    trust: TrustRoot

    def pin_for(self, component: Component) -> tuple[Pin | None, str | None]:
        """The component's pin, or None with why: no glob names it, or several disagree."""
        found = {p.pattern: p for p in self.pins if _names(p.pattern, component)}
        distinct = {(p.repository, p.ref, p.builder_id, p.source_uri, p.issuer)
                    for p in found.values()}
        if not found:
            return None, f"no repository pinned for {component.name} (add a glob naming it " \
                         "to the pins option)"
        if len(distinct) > 1:
            return None, (f"{component.name} is named by pins that disagree "
                          f"({', '.join(found)}); name it by one glob only")
        return next(iter(found.values())), None


def _names(pattern: str, component: Component) -> bool:
    return fnmatch.fnmatchcase(component.name, pattern) or (
        component.file is not None and fnmatch.fnmatchcase(component.file, pattern))


def is_bundle(rel: str) -> bool:
    """Whether a project file is a provenance bundle rather than a component."""
    return rel.endswith(BUNDLE_SUFFIXES)


def configured(options: Mapping[str, Any]) -> bool:
    """Whether the policy names any component to verify (otherwise nothing applies)."""
    return bool(options.get("components")) or bool(options.get("digests"))


def read_setup(project: Project, options: Mapping[str, Any], check_id: str) -> Setup:
    """The components, pins and trust root the options name; a mistake is a ConfigError."""
    key = f"checks.{check_id}.options"
    files = component_files(project, _strings(options.get("components", []),
                                              f"{key}.components"), f"{key}.components")
    present = set(project.files)
    components = [Component(rel.rsplit("/", 1)[-1], rel, None, _sibling(rel, present))
                  for rel in files]
    components += _digests(project, options.get("digests", {}), f"{key}.digests")
    return Setup(tuple(components), pins_option(options, f"{key}.pins"),
                 _trust(project, options, key))


def component_files(project: Project, patterns: Sequence[str], key: str) -> list[str]:
    """The project files the globs or directories name, bundles left out; a pattern naming
    nothing is an error (a mistyped path must not pass as nothing to verify)."""
    out: dict[str, None] = {}
    for pattern in patterns:
        prefix = pattern.rstrip("/") + "/"
        hits = [f for f in project.files if not is_bundle(f)
                and (fnmatch.fnmatchcase(f, pattern) or f.startswith(prefix))]
        if not hits:
            raise ConfigError(f"'{pattern}' names no component file in the project (after "
                              "excludes).", key=key,
                              fix="Give globs or directories relative to the project, e.g. "
                                  "vendor/*.whl or vendor/.")
        out.update(dict.fromkeys(hits))
    return list(out)


def _sibling(rel: str, present: set[str]) -> str | None:
    return next((rel + s for s in BUNDLE_SUFFIXES if rel + s in present), None)


def _strings(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError("must be a list of non-empty strings.", key=key)
    return list(value)


def _digests(project: Project, value: object, key: str) -> list[Component]:
    """Components known by digest only: `NAME: {sha256: HEX, bundle: PATH}`."""
    if not isinstance(value, dict):
        raise ConfigError("must be a mapping of component names.", key=key)
    out = []
    for name, entry in value.items():
        where = f"{key}.{name}"
        if not isinstance(entry, dict) or set(entry) != {"sha256", "bundle"}:
            raise ConfigError("must be a mapping with exactly sha256 and bundle.", key=where,
                              fix="e.g. foo-1.2.whl: {sha256: HEX, bundle: vendor/foo.sigstore"
                                  ".json}; the bundle is a path relative to the project.")
        digest = str(entry["sha256"]).lower().removeprefix("sha256:")
        if not _SHA256.match(digest):
            raise ConfigError("is not a sha256 digest (64 hex digits).", key=f"{where}.sha256")
        out.append(Component(str(name), None, digest,
                             _project_file(project, entry["bundle"], f"{where}.bundle")))
    return out


def _project_file(project: Project, value: object, key: str) -> str:
    """A project-relative path that names a regular file inside the project."""
    if not isinstance(value, str) or not value:
        raise ConfigError("must be a path relative to the project.", key=key)
    root = project.root.resolve()
    path = (root / value).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise ConfigError(f"'{value}' is not a file inside the project.", key=key)
    return path.relative_to(root).as_posix()


def pins_option(options: Mapping[str, Any], key: str = "deps.provenance.pins"
                ) -> tuple[Pin, ...]:
    """The `pins` option of a policy's deps.provenance options."""
    return _pins(options.get("pins", {}), key)


def _pins(value: object, key: str) -> tuple[Pin, ...]:
    if not isinstance(value, dict):
        raise ConfigError("must be a mapping of file-name globs to pins.", key=key, fix=_PIN_FIX)
    return tuple(_pin(str(pattern), entry, f"{key}.{pattern}") for pattern, entry in
                 value.items())


def _pin(pattern: str, entry: object, key: str) -> Pin:
    if not isinstance(entry, dict):
        raise ConfigError("must be a mapping.", key=key, fix=_PIN_FIX)
    unknown = sorted(set(entry) - set(PIN_KEYS))
    if unknown:
        raise ConfigError(f"unknown key '{unknown[0]}'. Allowed here: {', '.join(PIN_KEYS)}.",
                          key=key, fix=_PIN_FIX)
    for name, item in entry.items():
        if not isinstance(item, str) or not item:
            raise ConfigError("must be a non-empty string.", key=f"{key}.{name}")
    repository = entry.get("repository")
    if not isinstance(repository, str) or not _REPOSITORY.match(repository):
        raise ConfigError("must name the source repository as OWNER/NAME or an https:// URL.",
                          key=f"{key}.repository", fix=_PIN_FIX)
    return Pin(pattern, repository, entry.get("ref"), entry.get("builder_id"),
               entry.get("source_uri"), entry.get("issuer"))


def _trust(project: Project, options: Mapping[str, Any], key: str) -> TrustRoot:
    staging, root = options.get("staging", False), options.get("trusted_root", "")
    if not isinstance(staging, bool) or not isinstance(root, str):
        raise ConfigError("staging must be true or false and trusted_root a path.", key=key)
    if staging and root:
        raise ConfigError("give staging or trusted_root, not both.", key=f"{key}.staging",
                          fix="A trusted_root.json names its instance itself.")
    if not root:
        return TrustRoot(staging=staging)
    path = project.root / Path(root).expanduser()
    if not path.is_file():
        raise ConfigError(f"'{root}' is not a file.", key=f"{key}.trusted_root",
                          fix="Give a trusted_root.json, relative to the project or absolute.")
    return TrustRoot(path=path)
