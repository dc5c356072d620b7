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
    from margo_ssdf.discovery.identity import ProjectIdentity
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


def _urn_part(release: ProjectIdentity) -> str:
    from urllib.parse import quote

    return quote(release.label, safe="@/")


def release_product_id(release: ProjectIdentity) -> str:
    """The release as an OpenVEX product: its package URL, else a URN naming it."""
    return release.purl or release.purl_base or f"urn:margo-ssdf:release:{_urn_part(release)}"


def _statement(finding_id: str, aliases: Iterable[str], purl: str, fixed: Sequence[str],
               decision: VexDecision | None, package: str, product: str) -> VexStatement:
    # OpenVEX: the product is what ships (the release); the package is a subcomponent of it.
    if decision is not None and decision.status != VexStatus.AFFECTED.value:
        status = VexStatus(decision.status)
        return VexStatement(vulnerability=finding_id, aliases=tuple(aliases),
                            products=(product,), subcomponents=(purl,), status=status,
                            justification=decision.justification,
                            impact_statement=decision.statement
                            or ("see " + decision.source if status is VexStatus.NOT_AFFECTED
                                else None),
                            source=decision.source)
    action = (f"Upgrade {package} to {fixed[0]} or later." if fixed
              else f"No fixed version is known: mitigate, or replace {package}.")
    return VexStatement(vulnerability=finding_id, aliases=tuple(aliases),
                        products=(product,), subcomponents=(purl,), status=VexStatus.AFFECTED,
                        action_statement=(decision.statement if decision and decision.statement
                                          else action))


def release_document(report: AuditReport, release: ProjectIdentity) -> bytes | None:
    """The release's OpenVEX v0.2.0 document: one statement per finding, the release as the
    product and the vulnerable package as its subcomponent (None if no finding)."""
    product = release_product_id(release)
    statements = [_statement(f.id, f.aliases, f.purl, f.fixed_versions, f.vex, f.package,
                             product) for f in report.findings]
    if not statements:
        return None
    from margo_ssdf.clock import document_time

    now = document_time()
    doc = openvex_document(statements, author=f"{release.name} maintainers (margo-ssdf)",
                           doc_id=f"urn:margo-ssdf:vex:{_urn_part(release)}:"
                                  f"{now:%Y%m%dT%H%M%SZ}",
                           timestamp=now)
    return dumps(doc)
