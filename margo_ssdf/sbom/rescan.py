"""Re-scan a released CycloneDX SBOM against today's vulnerability data (PW.4.4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from packageurl import PackageURL

from margo_ssdf.discovery.dependencies import Dependency, Ecosystem
from margo_ssdf.errors import UsageError

_TYPES = {"pypi": Ecosystem.PYPI, "golang": Ecosystem.GO}
# Real SBOMs are megabytes at most; a larger file is refused before it is read.
MAX_SBOM_BYTES = 64 * 1024 * 1024


def read_sbom(path: Path) -> tuple[list[Dependency], list[tuple[str | None, str | None, str]]]:
    """Pinned PyPI and Go components of a CycloneDX JSON SBOM, and Go directives it records."""
    try:
        if path.stat().st_size > MAX_SBOM_BYTES:
            raise UsageError(f"{path}: larger than {MAX_SBOM_BYTES // 2**20} MiB; not read.",
                             fix="Pass the SBOM a release published.")
        bom: dict[str, Any] = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as exc:  # unreadable, not JSON, absurd nesting
        raise UsageError(f"{path}: not a readable CycloneDX JSON SBOM: {exc}.",
                         fix="Pass the SBOM a release published (margo-ssdf sbom -o ...).") from exc
    if not isinstance(bom, dict) or not isinstance(bom.get("components", []), list) or \
            bom.get("bomFormat") != "CycloneDX":
        raise UsageError(f"{path}: field 'bomFormat' is not 'CycloneDX'.",
                         fix="Pass a CycloneDX JSON SBOM.")
    deps: list[Dependency] = []
    directives: list[tuple[str | None, str | None, str]] = []
    for index, comp in enumerate(bom.get("components", [])):
        if not isinstance(comp, dict) or not isinstance(comp.get("properties", []), list):
            raise UsageError(f"{path}: components[{index}] is not a CycloneDX component.",
                             fix="Pass a CycloneDX JSON SBOM as margo-ssdf sbom writes it.")
        props = {p["name"]: p.get("value") for p in comp.get("properties", [])
                 if isinstance(p, dict) and isinstance(p.get("name"), str)}
        go, toolchain = props.get("margo-ssdf:go:version"), props.get("margo-ssdf:go:toolchain")
        if go or toolchain:  # both, so the Go release checked is the one deps.audit checks
            directives.append((_text(go), _text(toolchain),
                               _text(props.get("margo-ssdf:source")) or path.name))
        purl_text = comp.get("purl")
        if not purl_text or not isinstance(purl_text, str):
            continue
        try:
            purl = PackageURL.from_string(purl_text)
        except ValueError:
            continue
        eco = _TYPES.get(purl.type)
        name = f"{purl.namespace}/{purl.name}" if purl.namespace else purl.name
        local = _text(props.get("margo-ssdf:go:local-directory"))
        if eco is Ecosystem.GO and local and not purl.version:
            # Replaced by a directory: reported unaudited with the reason deps.audit gives.
            deps.append(Dependency(eco, name, None, path.name, replaced_by=local))
            continue
        if eco is None or not purl.version:
            continue
        if eco is Ecosystem.PYPI:
            name = str(comp.get("name") or name)
        if comp.get("type") == "application" and str(comp.get("bom-ref", "")).startswith(
                ("module:", "gobinary:")):
            continue  # the project's own module or binary, not a dependency
        deps.append(Dependency(eco, name, purl.version, path.name))
    return deps, directives


def _text(value: object) -> str | None:
    """A property value as text (a forged number or list then fails as a version, loudly)."""
    return None if value is None or value == "" else str(value)
