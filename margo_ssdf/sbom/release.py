"""The release an SBOM describes: the project's one name and version (`discovery.identity`)
and the commit it was built from."""

from __future__ import annotations

from margo_ssdf.discovery import Project
from margo_ssdf.discovery.identity import identity_of
from margo_ssdf.sbom.build import Release


def release_of(project: Project) -> Release:
    """The release: named and versioned as every other output names it."""
    ident = identity_of(project)
    git = project.git
    return Release(name=ident.name, version=ident.version, commit=git.head if git else None,
                   authors=ident.authors, purl=ident.purl)
