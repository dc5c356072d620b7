"""OSCAL assessment results for one release, built from the verified report, never its claims.

The report has already verified the attestation as `margo-ssdf audit` does. When that held,
the one result reviews the 42 SSDF tasks: a finding per task (OSCAL's satisfied or
not-satisfied, our exact state as a property), an observation per check with its evidence files
by digest (hrefs relative to the evidence directory), one per audit step, and a risk per open
vulnerability with its CRA deadline. When it did not hold, the result says that verification
failed and why, and carries no finding, verdict or risk: what the file claims is not shown.
UUIDs derive from content and timestamps from the attestation (or $SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from margo_ssdf import catalog
from margo_ssdf.attest import compliance
from margo_ssdf.attest.steps import Step
from margo_ssdf.models import CheckResult, Evidence, TaskState, TaskStatus
from margo_ssdf.oscal.catalog import framework_resource
from margo_ssdf.oscal.common import (
    EPOCH,
    Model,
    content_uuid,
    dump,
    iso,
    metadata,
    prop,
    resource,
    timestamp,
)
from margo_ssdf.report.views import Report, Unavailable, VulnerabilityRow

_HELD = {TaskState.SATISFIED: "pass", TaskState.DECLARED: "pass",
         TaskState.NOT_APPLICABLE: "other"}
"""States OSCAL calls satisfied, with the objective-status reason; every other is not."""
_IMPLEMENTATION = {TaskState.NOT_APPLICABLE: "not-applicable",
                   TaskState.PARTIALLY_SATISFIED: "partial"}


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"href": ev.path, "description": f"{ev.path} ({ev.media_type}, {ev.size} bytes), "
                                            "relative to the release's evidence directory",
            "props": [prop("sha256", ev.sha256), prop("media-type", ev.media_type)]}


def _check_observation(rid: str, check: CheckResult) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "uuid": content_uuid("check", rid, check.check_id),
        "title": f"{check.check_id}: {check.outcome.value}",
        "description": check.reason or f"{check.check_id} passed.",
        "props": [prop("check-id", check.check_id), prop("outcome", check.outcome.value),
                  prop("tool", check.tool.name), prop("tool-version", check.tool.version),
                  *[prop("ssdf-task", t) for t in check.tasks]],
        "methods": ["TEST"], "types": ["finding"],
        "collected": iso(check.finished_at)}
    if check.evidence:
        obs["relevant-evidence"] = [_evidence(ev) for ev in check.evidence]
    return obs


def _declaration_observation(rid: str, ts: TaskStatus, doc: Evidence,
                             collected: str) -> dict[str, Any]:
    return {"uuid": content_uuid("declaration", rid, ts.task_id),
            "title": f"{ts.task_id}: declaration document",
            "description": f"{ts.task_id} is declared in {doc.path}, attested by its digest.",
            "props": [prop("ssdf-task", ts.task_id)], "methods": ["EXAMINE"],
            "types": ["control-objective"], "collected": collected,
            "relevant-evidence": [_evidence(doc)]}


def _step_observation(rid: str, i: int, step: Step, collected: str) -> dict[str, Any]:
    held = "a note" if step.note else ("held" if step.ok else "FAILED")
    return {"uuid": content_uuid("step", rid, str(i), step.name),
            "title": f"audit step {step.name}: {held}",
            "description": step.detail or step.name,
            "props": [prop("audit-step", step.name), prop("held", str(step.ok).lower())],
            "methods": ["TEST"], "types": ["discovery"], "collected": collected}


def _finding(rid: str, ts: TaskStatus, related: list[str]) -> dict[str, Any]:
    task = catalog.ssdf().tasks[ts.task_id]
    state = "satisfied" if ts.state in _HELD else "not-satisfied"
    why = _HELD.get(ts.state, "other" if ts.state is TaskState.NOT_ASSESSED else "fail")
    target: dict[str, Any] = {
        "type": "objective-id", "target-id": ts.task_id,
        "props": [prop("state", ts.state.value)],
        "status": {"state": state, "reason": why}}
    if ts.state in _IMPLEMENTATION:
        target["implementation-status"] = {"state": _IMPLEMENTATION[ts.state]}
    finding: dict[str, Any] = {
        "uuid": content_uuid("finding", rid, ts.task_id), "title": f"{ts.task_id}: {task.title}",
        "description": ts.reason or ts.state.value,
        "props": [prop("state", ts.state.value), prop("required", str(ts.required).lower())],
        "target": target}
    if related:
        finding["related-observations"] = [{"observation-uuid": u} for u in related]
    return finding


def _deadline(v: VulnerabilityRow) -> str | None:
    """The CRA clock's start (a UTC day) plus the policy's limit for the severity."""
    if v.clock_start is None or v.limit_days is None:
        return None
    try:
        start = datetime.fromisoformat(v.clock_start)
    except ValueError:
        return None
    return iso(start + timedelta(days=v.limit_days))


def _risk(rid: str, v: VulnerabilityRow, clock_holds: bool) -> dict[str, Any]:
    """One open vulnerability; its CRA deadline only when the clock was judged under the
    policy in force (the recorded limits are the producer's)."""
    if not clock_holds:
        v = replace(v, limit_days=None, days_left=None)
    fixed = ", ".join(v.fixed_versions) or "no fixed version known"
    props = [prop("package", f"{v.ecosystem}:{v.package}" if v.ecosystem else v.package),
             prop("version", v.version), prop("severity", str(v.severity))]
    props += [prop(n, str(x)) for n, x in (("cvss-score", v.cvss_score),
                                           ("vex-status", v.vex_status),
                                           ("cra-limit-days", v.limit_days),
                                           ("cra-days-left", v.days_left)) if x is not None]
    risk: dict[str, Any] = {
        "uuid": content_uuid("risk", rid, v.id, v.package, v.version),
        "title": f"{v.id} in {v.package} {v.version}",
        "description": v.summary or v.id,
        "statement": f"{v.id} ({', '.join(v.aliases) or 'no aliases'}) affects {v.package} "
                     f"{v.version} and is not closed by VEX; fixed in: {fixed}.",
        "props": props if clock_holds else [
            *props, prop("cra-clock", "not judged under the policy in force (RV.2.2 "
                                      "not assessed): no deadline given")],
        "status": "open"}
    deadline = _deadline(v)
    if deadline:
        risk["deadline"] = deadline
    return risk


def _subjects(report: Report) -> list[dict[str, Any]]:
    return [{"uuid": content_uuid("subject", s.name, *[f"{a}:{d}" for a, d in s.digests]),
             "description": f"attested subject {s.name}",
             "props": [prop("subject-name", s.name),
                       *[prop("digest", f"{a}:{d}") for a, d in s.digests]]}
            for s in report.subjects]


def _reviewed() -> dict[str, Any]:
    return {"description": "The 42 tasks of NIST SP 800-218 v1.1.", "control-selections": [
        {"include-controls": [{"control-id": tid} for tid in catalog.ssdf().tasks]}]}


def _result_id(report: Report) -> str:
    digests = [f"{a}:{d}" for s in report.subjects for a, d in s.digests]
    return content_uuid("result", report.source, *digests)


def _steps(rid: str, report: Report, collected: str) -> list[dict[str, Any]]:
    return [_step_observation(rid, i, s, collected)
            for i, s in enumerate(report.verification.steps)]


def _failed_result(report: Report, start: str) -> dict[str, Any]:
    rid = _result_id(report)
    failed = report.verification.failed
    why = "; ".join(f"{s.name}: {s.detail}" for s in failed) or "nothing could be checked"
    result: dict[str, Any] = {
        "uuid": rid, "title": f"NOT VERIFIED: {report.source} failed verification",
        "description": f"The attestation did not verify ({why}). What it claims (verdict, "
                       "task states, findings) is not reported.",
        "start": start,
        "props": [prop("verification", "failed"),
                  *[prop("failed-step", s.name, remarks=s.detail) for s in failed]],
        "reviewed-controls": _reviewed()}
    if report.verification.steps:
        result["observations"] = _steps(rid, report, start)
    return result


def _verified_result(report: Report,
                     predicate: compliance.CompliancePredicate) -> dict[str, Any]:
    rid = _result_id(report)
    start = iso(predicate.finished_on)  # when the attested evidence was complete
    checks = {c.check_id: _check_observation(rid, c) for c in predicate.checks}
    declared = {ts.task_id: _declaration_observation(rid, ts, ts.document, start)
                for ts in predicate.tasks if ts.document is not None}
    findings = [_finding(rid, ts, [checks[c]["uuid"] for c in ts.checks if c in checks]
                         + ([declared[ts.task_id]["uuid"]] if ts.task_id in declared else []))
                for ts in predicate.tasks]
    release = predicate.release
    result: dict[str, Any] = {
        "uuid": rid, "title": f"SSDF v1.1 assessment of {release.name} "
                              f"{release.version or '(no version)'}",
        "description": f"Verified: signed by {report.verification.signer}. Verdict "
                       f"{predicate.verdict.value} under the policy {predicate.policy.name}"
                       f" ({report.verification.judged_with or 'as recorded'}).",
        "start": iso(predicate.started_on), "end": iso(predicate.finished_on),
        "props": _result_props(report, predicate),
        "reviewed-controls": _reviewed(),
        "observations": [*checks.values(), *declared.values(), *_steps(rid, report, start)],
        "findings": findings}
    if report.subjects:
        result["local-definitions"] = {"inventory-items": _subjects(report)}
    risks = _risks(rid, report)
    if risks:
        result["risks"] = risks
    return result


def _result_props(report: Report, predicate: compliance.CompliancePredicate
                  ) -> list[dict[str, Any]]:
    release = predicate.release
    props = [prop("verification", "verified"), prop("verdict", predicate.verdict.value),
             prop("signer", report.verification.signer or "unknown"),
             prop("policy-name", predicate.policy.name),
             prop("policy-sha256", predicate.policy.sha256),
             prop("attested-by", f"{predicate.generator.name} {predicate.generator.version}")]
    props += [prop("reason", r) for r in predicate.reasons]
    props += [prop("release-commit", release.commit)] if release.commit else []
    props += [prop("subject-digest", f"{a}:{d}", remarks=s.name)
              for s in report.subjects for a, d in s.digests]
    return props


def _risks(rid: str, report: Report) -> list[dict[str, Any]]:
    if isinstance(report.vulnerabilities, Unavailable):
        return []
    tasks = report.predicate.tasks if report.predicate else ()
    clock_holds = any(ts.task_id == "RV.2.2" and ts.state is not TaskState.NOT_ASSESSED
                      for ts in tasks)
    return [_risk(rid, v, clock_holds) for v in report.vulnerabilities if v.open]


def results_document(report: Report) -> dict[str, Any]:
    """The OSCAL assessment results of the report's release (see the module docstring)."""
    predicate = report.predicate
    verified = report.verification.verified and report.verification.content_authenticated
    when = timestamp(predicate.finished_on if verified and predicate else EPOCH)
    plan = resource("margo-ssdf audit (no separate assessment plan)", key="plan",
                    description="The attestation was verified offline by margo-ssdf as "
                                "`margo-ssdf audit` does: signature, signer, statement, "
                                "schema, evidence digests, and the verdict recomputed.")
    attestation = resource(f"the signed attestation {report.source}", key="attestation",
                           href=report.source)
    result = (_verified_result(report, predicate) if verified and predicate
              else _failed_result(report, when))
    title = result["title"]
    version = (predicate.release.version if verified and predicate else None) or "unversioned"
    return {"assessment-results": {
        "uuid": content_uuid("assessment-results", result["uuid"]),
        "metadata": metadata(title, when, version),
        "import-ap": {"href": f"#{plan['uuid']}"},
        "results": [result],
        "back-matter": {"resources": [plan, attestation, framework_resource("ssdf")]}}}


def render_results(report: Report) -> str:
    """The assessment results as OSCAL JSON, checked against compliance-trestle's model."""
    return dump(Model.ASSESSMENT_RESULTS, results_document(report))
