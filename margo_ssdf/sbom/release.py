"""What a release is called and which version it is, from git and the project's metadata."""

from __future__ import annotations

import tomllib

from margo_ssdf.discovery import Project
from margo_ssdf.discovery.dependencies import Ecosystem, Inventory
from margo_ssdf.sbom.build import Release


def _git_version(project: Project) -> str | None:
    facts = project.git
    if facts is None or facts.head is None:
        return None
    from margo_ssdf.discovery.gitcmd import run_git
    from margo_ssdf.errors import ToolError

    try:
        return run_git(facts.top, "describe", "--tags", "--exact-match", facts.head).strip()
    except ToolError:
        pass  # not a tagged commit (or no tags at all)
    try:
        described = run_git(facts.top, "describe", "--tags", "--always", facts.head).strip()
    except ToolError:
        return None
    # Not a tagged commit: a version that says so and names the commit.
    return described if "-g" in described else f"0.0.0+g{described}"


def release_of(project: Project, inventory: Inventory) -> Release:
    """The release: named after the root pyproject or go.mod, versioned by tag or metadata."""
    name: str = project.name
    version: str | None = None
    authors: tuple[str, ...] = ()
    purl_base: str | None = None
    pyproject = project.root / "pyproject.toml"
    if pyproject.is_file():
        try:
            meta = tomllib.loads(pyproject.read_text("utf-8")).get("project") or {}
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            meta = {}
        if meta.get("name"):
            name = meta["name"]
            version = meta.get("version")
            people: list[object] = list(meta.get("authors", []))
            authors = tuple(str(a.get("name") or a.get("email", "")) for a in people
                            if isinstance(a, dict))
            purl_base = f"pkg:pypi/{name.lower()}"
    if purl_base is None:
        root_go = next((c for c in inventory.components
                        if c.ecosystem is Ecosystem.GO and c.source == "go.mod"), None)
        if root_go:
            name, purl_base = root_go.name, f"pkg:golang/{root_go.name}"
    tag = _git_version(project)
    if tag and not tag.startswith("0.0.0+g"):
        version = tag
    version = version or tag
    git = project.git
    return Release(name=name, version=version, commit=git.head if git else None,
                   authors=tuple(a for a in authors if a),
                   purl=f"{purl_base}@{version}" if purl_base and version else None)
