"""What a VEX statement says, whatever format it came in, and the error every reader raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from margo_ssdf.errors import MargoError


class VexStatus(StrEnum):
    """The four VEX statuses (the OpenVEX names; CycloneDX analysis states map onto them)."""

    NOT_AFFECTED = "not_affected"
    AFFECTED = "affected"
    FIXED = "fixed"
    UNDER_INVESTIGATION = "under_investigation"


class Justification(StrEnum):
    """The OpenVEX justifications for `not_affected` (the CISA minimum requirements' list)."""

    COMPONENT_NOT_PRESENT = "component_not_present"
    VULNERABLE_CODE_NOT_PRESENT = "vulnerable_code_not_present"
    VULNERABLE_CODE_NOT_IN_EXECUTE_PATH = "vulnerable_code_not_in_execute_path"
    VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY = (
        "vulnerable_code_cannot_be_controlled_by_adversary"
    )
    INLINE_MITIGATIONS_ALREADY_EXIST = "inline_mitigations_already_exist"


CYCLONEDX_JUSTIFICATIONS: frozenset[str] = frozenset(
    {
        "code_not_present",
        "code_not_reachable",
        "requires_configuration",
        "requires_dependency",
        "requires_environment",
        "protected_by_compiler",
        "protected_at_runtime",
        "protected_at_perimeter",
        "protected_by_mitigating_control",
    }
)
"""The values of CycloneDX `analysis.justification` (1.4 to 1.6), kept as written when read."""


@dataclass(frozen=True, kw_only=True)
class VexStatement:
    """One claim about one vulnerability in some products, read from an OpenVEX or CycloneDX file.

    A CycloneDX vulnerability entry becomes one statement; an OpenVEX statement stays one
    statement. The products of a statement are flattened: every identifier of every product is
    listed, and so is every subcomponent.
    """

    vulnerability: str
    """The vulnerability's primary id as written in the file (`CVE-2021-44228`, `GHSA-...`)."""
    aliases: tuple[str, ...] = ()
    """Other ids the file gives for the same vulnerability, as written, without the primary id."""
    products: tuple[str, ...] = ()
    """What the statement is about: package URLs where the file gives one, else the product's
    id as written (an IRI, a CPE, a CycloneDX bom-ref or BOM-link). Empty means nothing."""
    subcomponents: tuple[str, ...] = ()
    """Package URLs (or ids) of the parts of the products in which the vulnerability lives."""
    status: VexStatus
    """What the author says about the products and the vulnerability."""
    justification: str | None = None
    """Why a product is not affected: an OpenVEX `Justification` value, or the CycloneDX
    `analysis.justification` value as written (e.g. `code_not_present`)."""
    impact_statement: str | None = None
    """Free text on the impact (OpenVEX `impact_statement`, CycloneDX `analysis.detail`)."""
    action_statement: str | None = None
    """What users should do (OpenVEX `action_statement`; CycloneDX `recommendation`, or else
    the `analysis.response` values joined with ', ')."""
    timestamp: datetime | None = None
    """When the statement was made or last updated, always timezone-aware; None when the file
    does not say. The newest statement wins when several apply."""
    source: str = ""
    """The path of the file the statement was read from, as it was given to `load`."""

    @property
    def names(self) -> frozenset[str]:
        """Every id of the vulnerability (primary and aliases), case-folded for comparison."""
        return frozenset(n.casefold() for n in (self.vulnerability, *self.aliases))


class VexError(MargoError):
    """A VEX document cannot be read, or says something that cannot be represented or trusted."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        where = ""
        if file:
            where = file + (f" (field '{field}')" if field else "") + ": "
        elif field:
            where = f"field '{field}': "
        super().__init__(where + message, fix=fix)
        self.file = file
        self.field = field
