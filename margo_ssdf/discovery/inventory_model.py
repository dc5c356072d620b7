"""The inventory's data model: dependencies, the project's own components, problems.

Kept apart from the readers in `dependencies` so that ecosystem-specific readers can share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from packaging.utils import canonicalize_name

from margo_ssdf.discovery.scope import Decision


def pypi_purl_name(name: str) -> str:
    """A PyPI name as the purl spec writes it: lower case, '_' as '-' (dots are kept)."""
    return name.lower().replace("_", "-")


class Ecosystem(StrEnum):
    """OSV ecosystem names."""

    PYPI = "PyPI"
    GO = "Go"


@dataclass(frozen=True)
class Dependency:
    """One dependency as a manifest or lockfile declares it."""

    ecosystem: Ecosystem
    name: str
    """As written (Go module path; PyPI name)."""
    version: str | None
    """The exact version, or None when only a range is declared."""
    source: str
    """The manifest, relative to the project root."""
    line: int | None = None
    direct: bool = True
    """Declared by the project itself, not only needed by another dependency."""
    hashes: tuple[str, ...] = ()
    """'sha256:...' for Python artefacts; the go.sum 'h1:...' for Go modules."""
    requires: tuple[str, ...] = ()
    """Names of the dependencies this one needs, where the lockfile says."""
    scope: str = "required"
    """'required', or 'optional' / 'dev' for groups a release does not ship."""
    specifier: str = ""
    """The declared range, for an unpinned dependency."""
    replaced_by: str | None = None
    """Go: what a `replace` directive substituted ('path@version' or a directory)."""
    original: str | None = None
    """Go: the requirement a `replace` substituted, as go.mod writes it ('path@version')."""
    local_module: str | None = None
    """Go: the project's own go.mod in the directory a local `replace` names, if any."""

    @property
    def key(self) -> str:
        """The name as the ecosystem compares names (PEP 503 for PyPI)."""
        return canonicalize_name(self.name) if self.ecosystem is Ecosystem.PYPI else self.name

    @property
    def purl(self) -> str:
        """The package URL (https://github.com/package-url/purl-spec); versionless if unpinned."""
        at = f"@{quote(self.version, safe='.+!')}" if self.version else ""
        if self.ecosystem is Ecosystem.PYPI:
            return f"pkg:pypi/{pypi_purl_name(self.name)}{at}"
        namespace, _, name = self.name.rpartition("/")
        ns = "/".join(quote(p, safe="") for p in namespace.split("/")) if namespace else ""
        return f"pkg:golang/{ns + '/' if ns else ''}{quote(name, safe='')}{at}"


@dataclass(frozen=True)
class Problem:
    """A manifest or line that could not be used, and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}{f':{self.line}' if self.line else ''}: {self.reason}"


@dataclass(frozen=True)
class Component:
    """A module or package the project itself defines (a go.mod module, a pyproject project)."""

    ecosystem: Ecosystem
    name: str
    version: str | None
    source: str
    go_version: str | None = None
    toolchain: str | None = None


@dataclass
class Inventory:
    """Everything found: the project's own components, their dependencies, the problems."""

    components: list[Component] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    manifests: list[str] = field(default_factory=list)
    skipped: list[Decision] = field(default_factory=list)
    """Manifests outside the release, each with the rule that left it out (none were read)."""
    readmitted: list[Decision] = field(default_factory=list)
    """Manifests a default rule would leave out that the configuration's `release.include`
    re-admitted."""

    def scope_json(self) -> dict[str, Any]:
        """The release's scope as evidence: manifests read, skipped and re-admitted."""
        return {"manifests": list(self.manifests),
                "skipped": [{"manifest": d.manifest, "rule": d.rule} for d in self.skipped],
                "readmitted": [{"manifest": d.manifest, "rule": d.rule}
                               for d in self.readmitted]}

    def unpinned(self) -> list[Dependency]:
        """Dependencies declared only by a range, de-duplicated by (ecosystem, name)."""
        seen: dict[tuple[str, str], Dependency] = {}
        for d in self.dependencies:
            if d.version is None:
                seen.setdefault((d.ecosystem, d.key), d)
        return list(seen.values())

    def pinned(self) -> list[Dependency]:
        """Dependencies with an exact version, de-duplicated by (ecosystem, name, version)."""
        seen: dict[tuple[str, str, str], Dependency] = {}
        for d in self.dependencies:
            if d.version is not None:
                seen.setdefault((d.ecosystem, d.key, d.version), d)
        return list(seen.values())
