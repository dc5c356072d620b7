"""One pass over a project: find app packages, charts and compose files; report every issue."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from margo_ssdf import yamlio
from margo_ssdf.isolation import appdesc, compose, helm, kubernetes
from margo_ssdf.isolation.appdesc import AppDescription
from margo_ssdf.isolation.documents import Document, DocumentError, load_stream
from margo_ssdf.isolation.rules import Issue
from margo_ssdf.tools import ToolRun

_YAML = (".yaml", ".yml")
_DESCRIPTION = re.compile(r"^kind:\s*[\"']?ApplicationDescription[\"']?\s*(?:#.*)?$",
                          re.MULTILINE)


@dataclass
class Scan:
    """Everything found, analysed and not readable in one project."""

    descriptions: list[AppDescription] = field(default_factory=list)
    charts: list[helm.Rendering] = field(default_factory=list)
    compose_files: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(path, message) of each file that could not be analysed."""

    @property
    def analysed(self) -> int:
        """How many packages, charts and compose files were looked at."""
        return len(self.descriptions) + len(self.charts) + len(self.compose_files)

    def inventory(self) -> dict[str, Any]:
        """The evidence's account of what was found and how each chart was read."""
        return {
            "applicationDescriptions": [d.as_json() for d in self.descriptions],
            "charts": [{
                "path": r.chart.dir or ".", "name": r.metadata.get("name"),
                "vendor": _chart_vendor(r, self.descriptions), "rendering": r.mode,
                "renderingNote": r.note, "templates": list(r.chart.templates),
                "objects": [{"kind": o.kind, "name": o.name, "path": o.doc.path,
                             "line": o.doc.line()}
                            for d in r.documents for o in kubernetes.objects(d)],
            } for r in self.charts],
            "composeFiles": self.compose_files,
            "errors": [{"path": p, "error": m} for p, m in self.errors],
        }


def _read_text(root: Path, rel: str) -> str | None:
    try:
        path = root / rel
        if path.stat().st_size > yamlio.MAX_BYTES:
            return None
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _load(root: Path, rel: str, scan: Scan) -> list[Document]:
    text = _read_text(root, rel)
    if text is None:
        scan.errors.append((rel, f"{rel}: cannot be read as UTF-8 text (or larger than "
                                 f"{yamlio.MAX_BYTES // 2**20} MiB)."))
        return []
    try:
        return load_stream(text, rel)
    except DocumentError as exc:
        scan.errors.append((rel, str(exc)))
        return []


def _chart_vendor(rendering: helm.Rendering,
                  descriptions: Sequence[AppDescription]) -> str | None:
    """The vendor of the nearest application description above the chart, else Chart.yaml's
    first maintainer."""
    best: tuple[int, str | None] | None = None
    for d in descriptions:
        base = d.path.rpartition("/")[0]
        chart_dir = rendering.chart.dir
        if base == "" or chart_dir == base or chart_dir.startswith(base + "/"):
            depth = base.count("/") + (1 if base else 0)
            if best is None or depth > best[0]:
                best = (depth, d.vendor)
    if best is not None and best[1]:
        return best[1]
    maintainers = rendering.metadata.get("maintainers")
    if isinstance(maintainers, list) and maintainers and isinstance(maintainers[0], dict):
        name = maintainers[0].get("name")
        return str(name) if name else None
    return None


def _shared_namespaces(scan: Scan) -> list[Issue]:
    """Objects of different vendors placed in one (non-system) namespace."""
    users: dict[str, dict[str, tuple[str, int]]] = {}
    for r in scan.charts:
        vendor = _chart_vendor(r, scan.descriptions)
        if vendor is None:
            continue
        for d in r.documents:
            for obj in kubernetes.objects(d):
                ns = kubernetes.namespace(obj)
                if ns is None or ns[0] is None or ns[0] in kubernetes.SYSTEM_NAMESPACES:
                    continue
                users.setdefault(ns[0], {}).setdefault(vendor, (d.path, ns[1]))
    out = []
    for shared, vendors in sorted(users.items()):
        if len(vendors) < 2:
            continue
        names = " and ".join(f"'{v}'" for v in sorted(vendors))
        for vendor, (path, line) in sorted(vendors.items()):
            out.append(Issue("namespace-shared", path, line,
                             f"namespace '{shared}' is shared by vendors {names}; give "
                             f"'{vendor}' its own namespace"))
    return out


def scan(root: Path, files: Sequence[str], *, helm_path: str | None,
         run: Callable[[list[str]], ToolRun], static_note: str) -> Scan:
    """Find and analyse every Margo package, chart and compose file among `files`."""
    result = Scan()
    charts = helm.find_charts(files)
    template_files = {t for c in charts for t in c.templates}
    for rel in files:
        if not rel.endswith(_YAML) or rel in template_files:
            continue
        if compose.is_compose_file(rel):
            docs = _load(root, rel, result)
            for doc in docs:
                names = list(compose.services(doc))
                if names:
                    result.compose_files.append({"path": rel, "services": names})
                    result.issues += compose.analyse(doc)
            continue
        text = _read_text(root, rel)
        if text is None or not _DESCRIPTION.search(text):
            continue
        for doc in _load(root, rel, result):
            if appdesc.is_description(doc):
                result.descriptions.append(appdesc.describe(doc))
                result.issues += appdesc.analyse(doc)
    for chart in charts:
        if helm_path is not None and chart.chart_yaml is not None:
            rendering = helm.render_with_helm(root, chart, helm_path, run)
        else:
            why = static_note if helm_path is None else \
                "the chart has no Chart.yaml, which helm template needs"
            rendering = helm.render_static(root, chart, why)
        result.charts.append(rendering)
        result.errors += rendering.errors
        result.issues += rendering.issues
        for doc in rendering.documents:
            for obj in kubernetes.objects(doc):
                result.issues += kubernetes.analyse(obj)
    result.issues += _shared_namespaces(result)
    return result
