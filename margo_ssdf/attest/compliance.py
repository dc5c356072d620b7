"""The compliance predicate: one release's checks, task statuses and verdict, as signed data.

Its JSON Schema is generated from `CompliancePredicate` into attestations/schema/ (a test keeps
the committed file equal to the model).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from margo_ssdf.configuration import ConfigurationRecord
from margo_ssdf.errors import UsageError
from margo_ssdf.frameworks import FRAMEWORKS, RequirementStatus, cisa_form_items, evaluate_framework
from margo_ssdf.models import (
    CheckResult,
    Evidence,
    Generator,
    RunSummary,
    Sha256Hex,
    TaskState,
    TaskStatus,
    Verdict,
)

COMPLIANCE_PREDICATE = "https://margo-ssdf.dev/attestation/compliance/v1"
SCHEMA_FILE = "compliance-v1.schema.json"
_OK = {TaskState.SATISFIED, TaskState.DECLARED, TaskState.NOT_APPLICABLE}


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReleaseRecord(_Wire):
    """What was released."""

    name: str
    version: str | None = None
    commit: str | None = Field(default=None, description="git commit the evidence is of.")
    repository: str | None = Field(default=None, description="Where the source lives.")


class PolicyRecord(_Wire):
    """The policy that judged the release, whole, so an auditor can re-run the judgement."""

    name: str
    sha256: Sha256Hex = Field(description="sha256 of the canonical JSON of `rules`.")
    sources: tuple[str, ...]
    rules: dict[str, Any] = Field(description="The effective policy (margo-ssdf policy model).")


class CisaSection(_Wire):
    """One requirement or item of the CISA attestation form and the SSDF tasks the form cites."""

    id: str = Field(description="The form's numbering: 1(a) to 1(f), 2, 3, 4 (older "
                                "attestations: 1 to 4).")
    title: str
    eo_14028: str | None = Field(default=None, description="The E.O. 14028 subsection the "
                                 "item answers, e.g. 4e(i)(A), where recorded.")
    tasks: tuple[str, ...]
    state: TaskState = Field(description="satisfied, partially_satisfied or not_satisfied.")


class StatementDigest(_Wire):
    """Another statement of the release, bound to this one by its digest."""

    predicate_type: str
    sha256: Sha256Hex = Field(description="sha256 of the statement's canonical JSON line.")


class CompliancePredicate(_Wire):
    """The predicate of margo-ssdf's per-release compliance attestation (v1)."""

    release: ReleaseRecord
    generator: Generator
    policy: PolicyRecord
    configuration: ConfigurationRecord | None = Field(
        default=None,
        description="Everything else that shaped the verdict: the exclude patterns with the "
                    "files each removed and the checks it kept them from, every check's "
                    "options, the test reports and the triage decisions, with its sha256. "
                    "Absent only in attestations made before margo-ssdf recorded it.")
    started_on: datetime
    finished_on: datetime
    verdict: Verdict
    reasons: tuple[str, ...]
    tasks: tuple[TaskStatus, ...] = Field(description="All 42 SSDF v1.1 tasks.")
    checks: tuple[CheckResult, ...]
    reports: tuple[Evidence, ...] = ()
    records: tuple[Evidence, ...] = Field(
        default=(), description="The run's own records in the evidence directory (summary.json "
                                "and one result.json per check), so that every file there is "
                                "bound to this attestation.")
    cisa_form: tuple[CisaSection, ...]
    vulnerability_database: dict[str, Any] | None = Field(
        default=None, description="How fresh the vulnerability data was (deps.audit).")
    statements: tuple[StatementDigest, ...] = Field(
        default=(), description="The release's other statements (SLSA provenance, SBOM...).")
    frameworks: dict[str, tuple[RequirementStatus, ...]] = Field(
        default_factory=dict,
        description="IEC 62443-4-1 and CRA Annex I views, derived from the task statuses "
                    "through the crosswalks in margo-ssdf's package data.")


def cisa_form(tasks: tuple[TaskStatus, ...]) -> tuple[CisaSection, ...]:
    """Each CISA form item's state from the statuses of the tasks it cites."""
    states = {t.task_id: t.state for t in tasks}
    out = []
    for item in cisa_form_items():
        ok = [states.get(t) in _OK for t in item.tasks]
        state = (TaskState.SATISFIED if all(ok) else TaskState.NOT_SATISFIED if not any(ok)
                 else TaskState.PARTIALLY_SATISFIED)
        out.append(CisaSection(id=item.id, title=item.title, eo_14028=item.eo_14028,
                               tasks=item.tasks, state=state))
    return tuple(out)


def database_record(summary: RunSummary, evidence_root: Path) -> dict[str, Any] | None:
    """The vulnerability database facts from deps.audit's evidence, if it ran."""
    for result in summary.results:
        for ev in result.evidence:
            if ev.path.endswith("/deps-audit.json"):
                data: dict[str, Any] = json.loads((evidence_root / ev.path).read_bytes())
                return dict(data.get("database") or {})
    return None


def recorded_configuration(summary: RunSummary) -> ConfigurationRecord | None:
    """The run's configuration record; UsageError when it is malformed or was edited."""
    if not summary.configuration:
        return None
    try:
        rec = ConfigurationRecord.model_validate(summary.configuration)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(f"summary.json: 'configuration' is not a configuration record "
                         f"({'/'.join(map(str, first['loc']))}: {first['msg']}).",
                         fix="Attest a directory written by `margo-ssdf run --out`.") from None
    if rec.content_sha256() != rec.sha256:
        raise UsageError("summary.json: the configuration record does not match its sha256 "
                         "(it was edited after the run).",
                         fix="Run the checks again, or attest without --from.")
    return rec


def build(summary: RunSummary, *, sources: tuple[str, ...], release: ReleaseRecord,
          evidence_root: Path, statements: tuple[StatementDigest, ...] = (),
          records: tuple[Evidence, ...] = ()) -> CompliancePredicate:
    """The compliance predicate of a finished run."""
    ev = summary.evaluation
    return CompliancePredicate(
        release=release, generator=summary.generator,
        policy=PolicyRecord(name=ev.policy_name, sha256=ev.policy_sha256, sources=sources,
                            rules=summary.policy),
        configuration=recorded_configuration(summary),
        started_on=summary.started_at, finished_on=summary.finished_at, verdict=ev.verdict,
        reasons=ev.reasons, tasks=ev.tasks, checks=summary.results, reports=summary.reports,
        cisa_form=cisa_form(ev.tasks),
        frameworks={name: tuple(evaluate_framework(name, ev.tasks))
                    for name in FRAMEWORKS if name != "ssdf"},
        vulnerability_database=database_record(summary, evidence_root),
        statements=statements, records=records)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of the predicate, as published in attestations/schema/."""
    schema = CompliancePredicate.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": COMPLIANCE_PREDICATE + "/schema", **schema}
