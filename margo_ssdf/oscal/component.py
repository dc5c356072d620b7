"""An OSCAL component definition: margo-ssdf and what its checks evidence under a policy.

One control implementation per check that the policy assigns to at least one SSDF task, its
implemented requirements being those tasks; one more for the tasks the policy lets a
declaration document evidence, each linking to that document. The policy's name and digest
are properties, so an auditor can tell which policy the mapping holds under.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from margo_ssdf import __version__, catalog
from margo_ssdf.checks.interface import Check
from margo_ssdf.oscal.catalog import framework_resource
from margo_ssdf.oscal.common import REVISED, Model, content_uuid, dump, metadata, prop, timestamp
from margo_ssdf.policy import Policy


def _check_implementation(check: Check, tasks: list[str], policy: Policy,
                          source: str) -> dict[str, Any]:
    version = check.tool_version()
    return {
        "uuid": content_uuid("check", check.id, policy.sha256),
        "source": source,
        "description": f"{check.id}: {check.title} (runs {check.tool} {version}).",
        "props": [prop("check-id", check.id), prop("tool", check.tool),
                  prop("tool-version", version)],
        "implemented-requirements": [{
            "uuid": content_uuid("check-task", check.id, tid, policy.sha256),
            "control-id": tid,
            "description": f"{check.id}'s result evidences {tid} under the policy "
                           f"{policy.name}.",
            "props": [prop("check-id", check.id)]} for tid in tasks]}


def _declared_implementation(policy: Policy, source: str) -> dict[str, Any] | None:
    declared = [(tid, rule.declared) for tid, rule in policy.tasks.items() if rule.declared]
    if not declared:
        return None
    return {
        "uuid": content_uuid("declared", policy.sha256),
        "source": source,
        "description": "Tasks the policy lets a declaration document evidence: the document is "
                       "attested by its digest, its content is not judged.",
        "props": [prop("evidenced-by", "declaration")],
        "implemented-requirements": [{
            "uuid": content_uuid("declared-task", tid, path, policy.sha256),
            "control-id": tid,
            "description": f"{tid} is declared in {path} (project-relative).",
            "props": [prop("declaration", path)],
            "links": [{"href": path, "rel": "reference", "text": "the declaration document"}]}
            for tid, path in declared]}


def component_document(checks: Iterable[Check], policy: Policy) -> dict[str, Any]:
    """The component definition of margo-ssdf with `checks` under `policy`."""
    ssdf = framework_resource("ssdf")
    source = f"#{ssdf['uuid']}"
    implementations = []
    for check in sorted(checks, key=lambda c: c.id):
        tasks = [tid for tid in catalog.ssdf().tasks if check.id in policy.tasks[tid].checks]
        if tasks:
            implementations.append(_check_implementation(check, tasks, policy, source))
    declared = _declared_implementation(policy, source)
    if declared:
        implementations.append(declared)
    policy_props = [prop("policy-name", policy.name), prop("policy-sha256", policy.sha256)]
    component: dict[str, Any] = {
        "uuid": content_uuid("component", "margo-ssdf"), "type": "software",
        "title": "margo-ssdf",
        "description": "Turns a project release into NIST SSDF evidence and a signed "
                       "compliance attestation; each check reports facts, the policy judges.",
        "props": [prop("version", __version__), *policy_props],
    }
    if implementations:
        component["control-implementations"] = implementations
    meta = metadata(f"margo-ssdf {__version__}: SSDF v1.1 tasks its checks evidence under "
                    f"the policy {policy.name}", timestamp(REVISED), __version__, policy_props)
    return {"component-definition": {
        "uuid": content_uuid("component-definition", __version__, policy.sha256),
        "metadata": meta, "components": [component], "back-matter": {"resources": [ssdf]}}}


def render_component(checks: Iterable[Check], policy: Policy) -> str:
    """The component definition as OSCAL JSON, checked against compliance-trestle's model."""
    return dump(Model.COMPONENT_DEFINITION, component_document(checks, policy))
