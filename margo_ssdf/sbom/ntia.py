"""The NTIA minimum elements of an SBOM, scored on the CycloneDX JSON we wrote.

Per component: supplier, name, version, a unique identifier (purl, CPE, SWID, or a sha256 for
a file) and a dependency relationship (it appears in the dependency graph). Per document: the
author of the SBOM data and a timestamp. Source: NTIA, "The Minimum Elements For a Software
Bill of Materials (SBOM)", 2021.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPONENT_ELEMENTS = ("supplier", "name", "version", "unique_id", "relationship")
DOCUMENT_ELEMENTS = ("author", "timestamp")


@dataclass(frozen=True)
class NtiaScore:
    """Coverage of each element (0..1) and where each is missing."""

    coverage: dict[str, float]
    missing: dict[str, list[str]] = field(default_factory=dict)
    components: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"components": self.components, "coverage": self.coverage,
                "missing": {k: v for k, v in self.missing.items() if v}}


def _has_unique_id(c: Mapping[str, Any]) -> bool:
    if c.get("purl") or c.get("cpe") or c.get("swid"):
        return True
    return c.get("type") == "file" and any(
        h.get("alg") == "SHA-256" for h in c.get("hashes", []))


def score(bom: Mapping[str, Any]) -> NtiaScore:
    """Score a CycloneDX JSON document."""
    meta = bom.get("metadata") or {}
    components = [c for c in [meta.get("component"), *bom.get("components", [])] if c]
    in_graph: set[str] = set()
    for dep in bom.get("dependencies", []):
        in_graph.add(dep["ref"])
        in_graph.update(dep.get("dependsOn", []))
    checks: dict[str, Callable[[Mapping[str, Any]], bool]] = {
        "supplier": lambda c: bool((c.get("supplier") or {}).get("name")
                                   or (c.get("manufacturer") or {}).get("name")),
        "name": lambda c: bool(c.get("name")),
        "version": lambda c: bool(c.get("version")),
        "unique_id": _has_unique_id,
        "relationship": lambda c: c.get("bom-ref") in in_graph,
    }
    coverage: dict[str, float] = {}
    missing: dict[str, list[str]] = {}
    for element, test in checks.items():
        lacking = [str(c.get("bom-ref") or c.get("name") or "?") for c in components
                   if not test(c)]
        coverage[element] = round(1 - len(lacking) / len(components), 4) if components else 0.0
        missing[element] = lacking
    author = bool(meta.get("authors") or (meta.get("manufacturer") or {}).get("name")
                  or (meta.get("supplier") or {}).get("name"))
    coverage["author"] = 1.0 if author else 0.0
    missing["author"] = [] if author else ["metadata.authors"]
    coverage["timestamp"] = 1.0 if meta.get("timestamp") else 0.0
    missing["timestamp"] = [] if meta.get("timestamp") else ["metadata.timestamp"]
    return NtiaScore(coverage=coverage, missing=missing, components=len(components))
