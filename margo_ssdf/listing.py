"""Plain-data views of what the tool knows: the SSDF tasks under a policy, a framework's
requirements, and the installed checks. The CLI prints them as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from margo_ssdf import catalog, frameworks
from margo_ssdf.checks.interface import Check
from margo_ssdf.policy import Policy


def ssdf_practices(policy: Policy) -> dict[str, Any]:
    """Every SSDF task with its practice, group and how `policy` evidences it."""
    cat = catalog.ssdf()
    rows = []
    for task in cat.tasks.values():
        rule = policy.tasks[task.id]
        practice = cat.practices[task.practice_id]
        group = next(g for g in cat.groups if g.id == task.group_id)
        rows.append({
            "id": task.id, "title": task.title,
            "practice": {"id": practice.id, "title": practice.title},
            "group": {"id": group.id, "title": group.title},
            "required": rule.required, "checks": list(rule.checks),
            "declared": rule.declared, "not_applicable": rule.not_applicable,
            "release": rule.release.value if rule.release else None,
        })
    return {"framework": "ssdf", "version": cat.version,
            "policy": {"name": policy.name, "sha256": policy.sha256}, "tasks": rows}


def framework_practices(name: str) -> dict[str, Any]:
    """Every requirement of framework `name` with the SSDF tasks it maps to and its sources."""
    cat, walk = frameworks.framework_catalog(name), frameworks.crosswalk(name)
    rows = [{"id": r.id, "title": r.title, "group": r.group_id,
             "tasks": list(walk.entries[r.id].tasks),
             "sources": sorted({p.citation for p in walk.entries[r.id].pairings}),
             "outside_pipeline": walk.entries[r.id].outside_pipeline}
            for r in cat.requirements.values()]
    return {"framework": name, "version": cat.version, "requirements": rows}


def checks_listing(checks: Iterable[Check]) -> list[dict[str, Any]]:
    """Each check's id, tasks, tool (and its version), thresholds, options and remediation."""
    return [{"id": c.id, "title": c.title, "tasks": list(c.tasks), "tool": c.tool,
             "tool_version": c.tool_version(), "thresholds": dict(c.thresholds),
             "options": dict(c.options), "remediation": c.remediation}
            for c in checks]
