"""One call from a project to a validated SBOM and its NTIA score (used by the check and CLI)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from margo_ssdf.discovery import Project
from margo_ssdf.discovery.dependencies import Inventory, inventory
from margo_ssdf.sbom import build, ntia
from margo_ssdf.sbom.closure import release_environment
from margo_ssdf.sbom.release import release_of


@dataclass(frozen=True)
class Generated:
    """An SBOM as text, its score and what was found on the way."""

    text: str
    score: ntia.NtiaScore
    inventory: Inventory
    release: build.Release


def generate(project: Project, *, artifacts: Sequence[Path] = (), images: Sequence[str] = (),
             use_environment: bool = False, include_dev: bool = False,
             fmt: str = "json", python: Path | None = None) -> Generated:
    """Build, render and validate the release's SBOM, and score it; `python` names another
    interpreter whose environment to read (implies `use_environment`)."""
    inv = inventory(project)
    release = release_of(project)
    use_environment = use_environment or python is not None
    bom = build.build(build.SbomInputs(
        release=release, inventory=inv, artifacts=artifacts, images=images,
        environment=(release_environment(inv, installed_distributions(python))
                     if use_environment else []),
        use_environment=use_environment, include_dev=include_dev))
    text = build.render(bom, fmt)
    json_text = text if fmt == "json" else build.render(bom, "json")
    return Generated(text, ntia.score(json.loads(json_text)), inv, release)


def installed_distributions(python: Path | None) -> list[metadata.Distribution]:
    """The distributions installed for `python`, or for this Python when it is None."""
    if python is None:
        return build.environment()
    from margo_ssdf.sbom.interpreter import interpreter_environment

    return interpreter_environment(python)


def from_options(project: Project, options: Mapping[str, Any], *,
                 artifacts: Sequence[Path] = (), fmt: str = "json") -> Generated:
    """The SBOM the `sbom` check's options describe (`environment`, `include_dev`, `images`):
    the check and the `sbom` command both build it this way, so they list the same components.
    """
    return generate(project, artifacts=artifacts, images=list(options.get("images") or []),
                    use_environment=bool(options.get("environment")),
                    include_dev=bool(options.get("include_dev")), fmt=fmt,
                    python=python_option(project, options))


def python_option(project: Project, options: Mapping[str, Any]) -> Path | None:
    """The `python` option's interpreter, a relative path read from the project's root."""
    given = options.get("python")
    return project.root / str(given) if given else None
