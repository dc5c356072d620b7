"""Helm charts: find them, turn their templates into Kubernetes objects, trace lines back.

With the `helm` binary, `helm template` renders the chart exactly; its output is traced back to
the template lines by matching keys in order. Without it, `template.render` reads each template
statically with the chart's default values. Either way the caller is told which was used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from margo_ssdf import yamlio
from margo_ssdf.errors import ConfigError
from margo_ssdf.isolation import template
from margo_ssdf.isolation.appdesc import exact_version, plain_http
from margo_ssdf.isolation.documents import Document, DocumentError, load_stream
from margo_ssdf.isolation.kubernetes import RELEASE_NAMESPACE
from margo_ssdf.isolation.rules import Issue
from margo_ssdf.tools import ToolRun

STATIC = "static"
HELM_TEMPLATE = "helm template"
RELEASE_NAME = "margo-ssdf"
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".tpl", ".json")
_SOURCE = re.compile(r"^# Source: (?P<path>\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Chart:
    """A chart directory in the project."""

    dir: str
    """Project-relative directory ('' for the project root)."""
    chart_yaml: str | None
    values_yaml: str | None
    templates: tuple[str, ...]
    """Templates Helm renders (not `_helpers`-style partials, not NOTES.txt)."""

    def rel(self, name: str) -> str:
        return f"{self.dir}/{name}" if self.dir else name


def find_charts(files: Sequence[str]) -> list[Chart]:
    """Directories holding Chart.yaml, or values.yaml beside a templates/ directory of YAML.

    Only YAML-like templates count (a web app's values.yaml beside Jinja HTML templates is not
    a chart), and `_`-prefixed partials are definitions, not manifests.
    """
    present = set(files)

    def templates_of(d: str) -> tuple[str, ...]:
        prefix = f"{d}/templates/" if d else "templates/"
        return tuple(f for f in files if f.startswith(prefix) and f.endswith(TEMPLATE_SUFFIXES)
                     and not f.rsplit("/", 1)[-1].startswith("_"))

    dirs: set[str] = set()
    for rel in files:
        parent, _, base = rel.rpartition("/")
        if base == "Chart.yaml" or (base == "values.yaml" and templates_of(parent)):
            dirs.add(parent)
    charts = []
    for d in sorted(dirs):
        templates = templates_of(d)
        chart_yaml = f"{d}/Chart.yaml" if d else "Chart.yaml"
        values = f"{d}/values.yaml" if d else "values.yaml"
        charts.append(Chart(dir=d, chart_yaml=chart_yaml if chart_yaml in present else None,
                            values_yaml=values if values in present else None,
                            templates=templates))
    return charts


@dataclass
class Rendering:
    """A chart turned into documents, and how."""

    chart: Chart
    mode: str
    """`static` or `helm template`."""
    note: str
    """Why that mode, in words (e.g. why helm was not used)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """Chart.yaml dependency issues."""


def _load(root: Path, rel: str, errors: list[tuple[str, str]]) -> yamlio.Located | None:
    try:
        return yamlio.load(root / rel, rel)
    except ConfigError as exc:
        errors.append((rel, exc.diagnostics()))
        return None


def _chart_metadata(root: Path, chart: Chart, out: Rendering) -> None:
    if chart.chart_yaml is None:
        return
    doc = _load(root, chart.chart_yaml, out.errors)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    out.metadata = data
    for i, dep in enumerate(data.get("dependencies") or []):
        if not isinstance(dep, dict) or doc is None:
            continue
        name = dep.get("name", i)
        if plain_http(dep.get("repository")):
            out.issues.append(Issue("package-http", chart.chart_yaml,
                                    doc.line(("dependencies", i, "repository")) or 1,
                                    f"chart dependency '{name}' comes from a repository over "
                                    "plain HTTP; use https:// or oci://"))
        repo = str(dep.get("repository") or "")
        if not repo.startswith(("file://", "@")) and not exact_version(dep.get("version")):
            out.issues.append(Issue("helm-revision-unpinned", chart.chart_yaml,
                                    doc.line(("dependencies", i, "version")) or 1,
                                    f"chart dependency '{name}' has version "
                                    f"'{dep.get('version')}', not one exact version; pin it"))


def _go_chart(metadata: dict[str, Any]) -> dict[str, Any]:
    """Chart.yaml as templates see it (`.Chart.Name`, `.Chart.AppVersion`, ...)."""
    return {k[:1].upper() + k[1:]: v for k, v in metadata.items() if isinstance(k, str)}


def render_static(root: Path, chart: Chart, note: str) -> Rendering:
    """Read every template statically with the chart's default values."""
    out = Rendering(chart=chart, mode=STATIC, note=note)
    _chart_metadata(root, chart, out)
    values: Any = {}
    if chart.values_yaml is not None:
        doc = _load(root, chart.values_yaml, out.errors)
        values = doc.data if doc is not None else {}
    if out.metadata.get("type") == "library":
        return out
    for rel in chart.templates:
        try:
            text = (root / rel).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            out.errors.append((rel, f"{rel}: cannot be read: {exc}."))
            continue
        rendered = template.render(text, values, _go_chart(out.metadata))
        try:
            out.documents += load_stream(rendered.text, rel, rendered.origin)
        except DocumentError as exc:
            out.errors.append((rel, f"{exc} (after reading the template statically: the "
                                    "result is not YAML)"))
    return out


def _key(line: str) -> str:
    text = line.strip()
    while text.startswith("- "):
        text = text[2:].lstrip()
    if not text or text.startswith("#"):
        return ""
    head, colon, _ = text.partition(":")
    return head.strip() + ":" if colon else text


def trace(rendered: Sequence[str], source: Sequence[str]) -> list[int]:
    """For each rendered line, the template line it most likely came from (1-based).

    Keys are matched in order, so the n-th `image:` of the output maps to the n-th `image:` of
    the template; a line whose key the template does not have keeps the previous line's origin.
    """
    keys = [_key(s) for s in source]
    out: list[int] = []
    pos, last = 0, 1
    for line in rendered:
        key = _key(line)
        found = None
        if key:
            found = next((j for j in range(pos, len(keys)) if keys[j] == key), None)
            if found is None:
                found = next((j for j in range(len(keys)) if keys[j] == key), None)
        if found is not None:
            pos, last = found + 1, found + 1
        out.append(last)
    return out


def render_with_helm(root: Path, chart: Chart, helm: str,
                     run: Callable[[list[str]], ToolRun]) -> Rendering:
    """`helm template` the chart; fall back to the static reading if helm refuses it."""
    argv = [helm, "template", RELEASE_NAME, str(root / chart.dir) if chart.dir else str(root),
            "--namespace", RELEASE_NAMESPACE]
    result = run(argv)
    if result.truncated:
        # Objects past the cut would be silently unchecked: read the templates instead.
        return render_static(root, chart, "helm template printed more than margo-ssdf "
                             "keeps, so the templates were read statically")
    if result.returncode != 0:
        return render_static(root, chart, "helm template failed (exit "
                             f"{result.returncode}: {result.stderr_tail(300)}), so the "
                             "templates were read statically")
    out = Rendering(chart=chart, mode=HELM_TEMPLATE, note="rendered by helm template with the "
                    "chart's default values")
    _chart_metadata(root, chart, out)
    text = result.stdout.decode("utf-8", "replace")
    sources: dict[str, list[str]] = {}
    subchart_docs = 0
    for chunk in re.split(r"(?m)^---[ \t]*$", text):
        m = _SOURCE.search(chunk)
        if not m or not chunk.strip():
            continue
        rel = chart.rel(m.group("path").split("/", 1)[-1])
        if not rel.startswith(chart.rel("templates/")):
            # A subchart's object: an unpacked subchart is analysed as a chart of its own, a
            # packaged one has no file to point at.
            subchart_docs += 1
            continue
        if rel not in sources:
            try:
                sources[rel] = (root / rel).read_text("utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                sources[rel] = []
        lines = chunk.split("\n")
        origin = trace(lines, sources[rel]) if sources[rel] else [1] * len(lines)
        try:
            out.documents += load_stream(chunk, rel, origin)
        except DocumentError as exc:
            out.errors.append((rel, f"{exc} (in helm template's output)"))
    if subchart_docs:
        out.note += (f"; {subchart_docs} document(s) of subcharts were left to those charts' "
                     "own analysis")
    return out
