"""OSCAL catalogs of the SSDF v1.1 and of the IEC 62443-4-1 and CRA Annex I views.

The SSDF catalog nests NIST's 42 tasks in their 19 practices, under the four groups, with
NIST's ids. A framework's catalog lists its requirements by group; each requirement carries
the SSDF tasks the crosswalk pairs it with (an `ssdf-task` property citing the pairing's
source, and a link to that source in the back matter), or why none can be (`outside-pipeline`).
The titles are margo-ssdf's own short summaries, never the standards' wording.
"""

from __future__ import annotations

from typing import Any

from margo_ssdf import catalog, frameworks
from margo_ssdf.oscal.common import (
    REVISED,
    Model,
    content_uuid,
    dump,
    metadata,
    prop,
    resource,
    timestamp,
    token,
)

_TITLES = {
    "ssdf": "NIST SP 800-218 v1.1 Secure Software Development Framework (SSDF)",
    "iec62443-4-1": "IEC 62443-4-1:2018 secure product development lifecycle requirements",
    "cra": "EU Cyber Resilience Act, Regulation (EU) 2024/2847, Annex I",
}
_SUMMARY = "ids as the framework numbers them; titles are margo-ssdf's own short summaries"


def framework_resource(name: str) -> dict[str, Any]:
    """The back-matter resource citing framework `name` itself (also used by other documents)."""
    cat = frameworks.framework_catalog(name)
    return resource(_TITLES[name], href=cat.source, citation=f"{_TITLES[name]} ({cat.source})",
                    key=f"framework:{name}")


def _link(res: dict[str, Any], rel: str, text: str | None = None) -> dict[str, Any]:
    out = {"href": f"#{res['uuid']}", "rel": rel}
    if text:
        out["text"] = text
    return out


def _ssdf_groups(source: dict[str, Any]) -> list[dict[str, Any]]:
    cite = [_link(source, "reference")]
    return [{"id": g.id, "title": g.title, "props": [prop("label", g.id, nist=True)], "controls": [
        {"id": p.id, "title": p.title, "props": [prop("label", p.id, nist=True)], "links": cite,
         "controls": [{"id": t.id, "title": t.title, "props": [prop("label", t.id, nist=True)],
                       "links": cite} for t in p.tasks]}
        for p in g.practices]} for g in catalog.ssdf().groups]


def _crosswalk_resources(walk: frameworks.Crosswalk) -> dict[str, dict[str, Any]]:
    return {s.id: resource(s.title, href=s.url, citation=s.title,
                           key=f"crosswalk:{walk.framework}:{s.id}")
            for s in walk.sources.values()}


def _requirement(req: frameworks.Requirement, entry: frameworks.CrosswalkEntry,
                 source: dict[str, Any], sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    control: dict[str, Any] = {"id": token(req.id), "title": req.title}
    props = [prop("label", req.id, nist=True)]
    props += [prop("ssdf-task", p.task_id, remarks=p.citation) for p in entry.pairings]
    if entry.outside_pipeline:
        props.append(prop("outside-pipeline", "true", remarks=entry.outside_pipeline))
    control["props"] = props
    used = dict.fromkeys(p.source_id for p in entry.pairings)
    control["links"] = [_link(source, "reference")] + [
        _link(sources[sid], "related", f"crosswalk source: {sources[sid]['title']}")
        for sid in used]
    if entry.note:
        control["parts"] = [{"id": f"{token(req.id)}_gdn", "name": "guidance",
                             "prose": entry.note}]
    return control


def _framework_groups(name: str, source: dict[str, Any],
                      sources: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    walk = frameworks.crosswalk(name)
    return [{"id": token(g.id), "title": g.title, "props": [prop("label", g.id, nist=True)],
             "controls": [_requirement(r, walk.entries[r.id], source, sources)
                          for r in g.requirements]}
            for g in frameworks.framework_catalog(name).groups]


def catalog_document(name: str) -> dict[str, Any]:
    """The OSCAL catalog of framework `name` (one of frameworks.FRAMEWORKS)."""
    cat = frameworks.framework_catalog(name)
    source = framework_resource(name)
    resources = [source]
    if name == "ssdf":
        groups = _ssdf_groups(source)
    else:
        sources = _crosswalk_resources(frameworks.crosswalk(name))
        resources += [framework_resource("ssdf"), *sources.values()]
        groups = _framework_groups(name, source, sources)
    meta = metadata(f"{_TITLES[name]} ({_SUMMARY})", timestamp(REVISED), cat.version,
                    [prop("framework", name)])
    meta["links"] = [_link(source, "source")]
    return {"catalog": {"uuid": content_uuid("catalog", name, cat.version),
                        "metadata": meta, "groups": groups,
                        "back-matter": {"resources": resources}}}


def render_catalog(name: str) -> str:
    """The catalog of `name` as OSCAL JSON, checked against compliance-trestle's model."""
    return dump(Model.CATALOG, catalog_document(name))
