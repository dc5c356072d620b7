"""The project's one name and one version, as every output (SBOM, OpenVEX, provenance, the
compliance statement) states them.

The name is the package's own: pyproject's `[project].name` (or Poetry's), else go.mod's module
path, else the directory's name. The version is what the build backend would stamp on the
release: a static `[project].version`, a dynamic one read where the backend reads it (hatch's
`[tool.hatch.version] path`, setuptools' `attr`/`file`), else the installed distribution's;
git describe only when nothing else says.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from margo_ssdf.discovery.inventory_model import pypi_purl_name
from margo_ssdf.discovery.project import Project

# hatch's own default pattern for a version file.
_HATCH_PATTERN = r"(?i)^(__version__|VERSION) *= *([\'\"])v?(?P<version>.+?)\2"


@dataclass(frozen=True)
class ProjectIdentity:
    """What the release is called and which version it is."""

    name: str
    """The package's own name (pyproject, go.mod) or the directory's."""
    version: str | None
    """The release's version; None when nothing gives one."""
    version_source: str
    """Where the version came from (e.g. `pyproject`, `hatch:pkg/__init__.py`, `installed`,
    `git tag`, `git describe`, `none`), so a surprising version can be traced."""
    purl_base: str | None = None
    """`pkg:pypi/NAME` or `pkg:golang/MODULE`, without a version; None for a bare directory."""
    authors: tuple[str, ...] = ()
    """pyproject's author names (or e-mails)."""

    @property
    def purl(self) -> str | None:
        """The release's package URL, when it has an ecosystem and a version."""
        return f"{self.purl_base}@{self.version}" if self.purl_base and self.version else None

    @property
    def label(self) -> str:
        """`NAME@VERSION` (or the name alone), for ids and file names."""
        return f"{self.name}@{self.version}" if self.version else self.name


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8")) if path.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return {}


def _go_module(root: Path) -> str | None:
    from margo_ssdf.discovery.gomod import GoModError, parse_gomod

    gomod = root / "go.mod"
    try:
        return parse_gomod(gomod.read_text("utf-8"), "go.mod").module if gomod.is_file() else None
    except (GoModError, UnicodeDecodeError, OSError):
        return None


def _named(root: Path, doc: dict[str, Any]) -> tuple[str, str | None]:
    """The name and the purl type it belongs to (None for a bare directory)."""
    name = (doc.get("project") or {}).get("name") or \
        ((doc.get("tool") or {}).get("poetry") or {}).get("name")
    if name:
        return str(name), "pypi"
    module = _go_module(root)
    return (module, "golang") if module else (root.name, None)


def project_name(root: Path) -> str:
    """The package's own name; cheap (no git, no import of the project)."""
    return _named(root, _toml(root / "pyproject.toml"))[0]


def _from_file(path: Path, pattern: str) -> str | None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(pattern, text, re.MULTILINE)
    return found.group("version") if found else None


def _attr_file(root: Path, dotted: str) -> Path | None:
    """The source file holding `pkg.mod.__version__` (flat or src layout)."""
    module = dotted.rpartition(".")[0].replace(".", "/")
    for base in (root, root / "src"):
        for candidate in (base / module / "__init__.py", base / f"{module}.py"):
            if candidate.is_file():
                return candidate
    return None


def _dynamic_version(root: Path, tool: dict[str, Any]) -> tuple[str, str] | None:
    """A dynamic version read where its build backend reads it."""
    hatch = (tool.get("hatch") or {}).get("version") or {}
    if isinstance(hatch.get("path"), str):
        found = _from_file(root / hatch["path"], hatch.get("pattern") or _HATCH_PATTERN)
        if found:
            return found, f"hatch:{hatch['path']}"
    spec = ((tool.get("setuptools") or {}).get("dynamic") or {}).get("version") or {}
    if isinstance(spec.get("attr"), str):
        source = _attr_file(root, spec["attr"])
        attr = re.escape(spec["attr"].rpartition(".")[2])
        found = _from_file(source, rf"^{attr}\s*=\s*['\"](?P<version>[^'\"]+)['\"]") \
            if source else None
        if found:
            return found, f"setuptools:{spec['attr']}"
    if isinstance(spec.get("file"), str) and (root / spec["file"]).is_file():
        return (root / spec["file"]).read_text("utf-8").strip(), f"setuptools:{spec['file']}"
    return None


def _installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git_version(project: Project) -> tuple[str, str] | None:
    facts = project.git
    if facts is None or facts.head is None:
        return None
    from margo_ssdf.discovery.gitcmd import run_git
    from margo_ssdf.errors import ToolError

    try:
        return run_git(facts.top, "describe", "--tags", "--exact-match", facts.head).strip(), \
            "git tag"
    except ToolError:
        pass  # not a tagged commit (or no tags at all)
    try:
        described = run_git(facts.top, "describe", "--tags", "--always", facts.head).strip()
    except ToolError:
        return None
    # Not a tagged commit: a version that says so and names the commit.
    return (described if "-g" in described else f"0.0.0+g{described}"), "git describe"


def _python_version(root: Path, doc: dict[str, Any], name: str) -> tuple[str, str] | None:
    meta = doc.get("project") or {}
    tool = doc.get("tool") or {}
    if meta.get("version"):
        return str(meta["version"]), "pyproject"
    poetry = tool.get("poetry") or {}
    if poetry.get("version") and not meta:
        return str(poetry["version"]), "pyproject (poetry)"
    dynamic = _dynamic_version(root, tool)
    if dynamic is not None:
        return dynamic
    installed = _installed_version(name)
    return (installed, "installed") if installed else None


def identity_of(project: Project) -> ProjectIdentity:
    """The project's name and version (see the module's docstring for the order)."""
    root = project.root
    doc = _toml(root / "pyproject.toml")
    name, kind = _named(root, doc)
    found: tuple[str, str] | None = None
    authors: tuple[str, ...] = ()
    purl_base = f"pkg:{kind}/{pypi_purl_name(name) if kind == 'pypi' else name}" \
        if kind else None
    if kind == "pypi":
        found = _python_version(root, doc, name)
        people = (doc.get("project") or {}).get("authors") or []
        authors = tuple(a for a in (str(p.get("name") or p.get("email") or "")
                                    for p in people if isinstance(p, dict)) if a)
    found = found or _git_version(project)
    version, source = found if found else (None, "none")
    return ProjectIdentity(name=name, version=version, version_source=source,
                           purl_base=purl_base, authors=authors)
