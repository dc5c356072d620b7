"""VEX at the level of a project: its own VEX files in, the release's OpenVEX document out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from margo_ssdf.discovery import Project
from margo_ssdf.vex.load import discover, load
from margo_ssdf.vex.match import applicable
from margo_ssdf.vex.model import VexStatement, VexStatus
from margo_ssdf.vex.openvex import dumps, openvex_document

if TYPE_CHECKING:
    from margo_ssdf.vulndb.scan import AuditReport, VexDecision, VexLookup


def load_project(project: Project) -> list[VexStatement]:
    """Every statement of every VEX document in the project (a bad document is a VexError)."""
    statements: list[VexStatement] = []
    for rel in discover(project.files):
        for statement in load(project.path(rel)):
            statements.append(_relative(statement, project, rel))
    return statements


def _relative(statement: VexStatement, project: Project, rel: str) -> VexStatement:
    from dataclasses import replace

    return replace(statement, source=rel)


def lookup(statements: Sequence[VexStatement]) -> VexLookup:
    """A function giving the VEX decision for (vulnerability ids, package purl)."""
    from margo_ssdf.vulndb.scan import VexDecision

    def decide(ids: set[str], purl: str) -> VexDecision | None:
        found = applicable(statements, ids, purl)
        if found is None:
            return None
        return VexDecision(status=found.status.value, justification=found.justification,
                           statement=found.impact_statement or found.action_statement,
                           source=found.source)

    return decide


def _statement(finding_id: str, aliases: Iterable[str], purl: str, fixed: Sequence[str],
               decision: VexDecision | None, package: str) -> VexStatement:
    if decision is not None and decision.status != VexStatus.AFFECTED.value:
        status = VexStatus(decision.status)
        return VexStatement(vulnerability=finding_id, aliases=tuple(aliases), products=(purl,),
                            status=status,
                            justification=decision.justification,
                            impact_statement=decision.statement
                            or ("see " + decision.source if status is VexStatus.NOT_AFFECTED
                                else None),
                            source=decision.source)
    action = (f"Upgrade {package} to {fixed[0]} or later." if fixed
              else f"No fixed version is known: mitigate, or replace {package}.")
    return VexStatement(vulnerability=finding_id, aliases=tuple(aliases), products=(purl,),
                        status=VexStatus.AFFECTED,
                        action_statement=(decision.statement if decision and decision.statement
                                          else action))


def release_document(report: AuditReport, release: str) -> bytes | None:
    """The release's OpenVEX v0.2.0 document: one statement per finding (None if none)."""
    statements = [_statement(f.id, f.aliases, f.purl, f.fixed_versions, f.vex, f.package)
                  for f in report.findings]
    if not statements:
        return None
    from margo_ssdf.clock import document_time

    now = document_time()
    doc = openvex_document(statements, author=f"{release} maintainers (margo-ssdf)",
                           doc_id=f"urn:margo-ssdf:vex:{release}:{now:%Y%m%dT%H%M%SZ}",
                           timestamp=now)
    return dumps(doc)
