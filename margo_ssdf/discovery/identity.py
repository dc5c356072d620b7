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


def _table(doc: Any, *keys: str) -> dict[str, Any]:
    """The TOML table at `keys`, or an empty one: a pyproject with `project = "x"` or
    `[tool] hatch = 5` has no such table, which is not a crash."""
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc if isinstance(doc, dict) else {}


def _inside(root: Path, rel: str) -> Path | None:
    """`rel` as a file of the project: never a path outside it (`..`, absolute, a link out)."""
    try:
        path = (root / rel).resolve()
    except (OSError, RuntimeError):
        return None
    return path if path.is_relative_to(root.resolve()) and path.is_file() else None


def _named(root: Path, doc: dict[str, Any]) -> tuple[str, str | None]:
    """The name and the purl type it belongs to (None for a bare directory)."""
    name = _table(doc, "project").get("name") or _table(doc, "tool", "poetry").get("name")
    if isinstance(name, str) and name:
        return str(name), "pypi"
    module = _go_module(root)
    return (module, "golang") if module else (root.name, None)


def project_name(root: Path) -> str:
    """The package's own name; cheap (no git, no import of the project)."""
    return _named(root, _toml(root / "pyproject.toml"))[0]


_VERSION_FILE_MAX = 1 << 20
_VERSION_TEXT = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+!_-]{0,63}")


def _read_small(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return f.read(_VERSION_FILE_MAX).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _from_file(path: Path, pattern: str) -> str | None:
    text = _read_small(path)
    try:
        found = re.search(pattern, text, re.MULTILINE) if text is not None else None
    except re.error:
        return None  # a hatch `pattern` that is not a regular expression
    version = found.groupdict().get("version") if found else None
    return version if version and _VERSION_TEXT.fullmatch(version) else None


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
    hatch = _table(tool, "hatch", "version")
    path = _inside(root, hatch["path"]) if isinstance(hatch.get("path"), str) else None
    if path is not None:
        pattern = hatch.get("pattern")
        found = _from_file(path, pattern if isinstance(pattern, str) and pattern
                           else _HATCH_PATTERN)
        if found:
            return found, f"hatch:{hatch['path']}"
    spec = _table(tool, "setuptools", "dynamic", "version")
    if isinstance(spec.get("attr"), str):
        source = _attr_file(root, spec["attr"])
        attr = re.escape(spec["attr"].rpartition(".")[2])
        found = _from_file(source, rf"^{attr}\s*=\s*['\"](?P<version>[^'\"]+)['\"]") \
            if source else None
        if found:
            return found, f"setuptools:{spec['attr']}"
    source = _inside(root, spec["file"]) if isinstance(spec.get("file"), str) else None
    text = _read_small(source) if source else None
    first = text.strip().splitlines()[0].strip() if text and text.strip() else ""
    if _VERSION_TEXT.fullmatch(first):
        return first, f"setuptools:{spec['file']}"
    return None


def _installed_version(name: str, root: Path) -> str | None:
    """The version of `name` installed here, only when it was installed from this project
    (pip's direct_url.json names its directory): a same-named package from an index is
    another project."""
    import json

    try:
        dist = metadata.distribution(name)
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    url = direct.get("url") if isinstance(direct, dict) else None
    if not isinstance(url, str) or not url.startswith("file://"):
        return None
    from urllib.parse import unquote, urlsplit

    installed_from = Path(unquote(urlsplit(url).path))
    same = installed_from.resolve() == root.resolve() if installed_from.exists() else False
    return dist.version if same else None


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
    meta = _table(doc, "project")
    tool = _table(doc, "tool")
    if meta.get("version"):
        return str(meta["version"]), "pyproject"
    poetry = _table(tool, "poetry")
    if poetry.get("version") and not meta:
        return str(poetry["version"]), "pyproject (poetry)"
    dynamic = _dynamic_version(root, tool)
    if dynamic is not None:
        return dynamic
    installed = _installed_version(name, root)
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
        people = _table(doc, "project").get("authors") or []
        authors = tuple(a for a in (str(p.get("name") or p.get("email") or "")
                                    for p in people if isinstance(p, dict)) if a)
    found = found or _git_version(project)
    version, source = found if found else (None, "none")
    return ProjectIdentity(name=name, version=version, version_source=source,
                           purl_base=purl_base, authors=authors)
