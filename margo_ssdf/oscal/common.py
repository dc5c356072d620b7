"""What every OSCAL document we write shares: the version, content-derived UUIDs, reproducible
timestamps, properties in our namespace, and the check against compliance-trestle's models."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from margo_ssdf import __version__
from margo_ssdf.errors import MargoError

OSCAL_VERSION = "1.2.3"
"""The OSCAL release our documents declare and are validated against (NIST's JSON schema)."""

NS = "https://github.com/margo/margo-ssdf/ns/oscal"
"""The namespace of our own property names, so they cannot be read as NIST's."""

_UUID_NS = uuid.UUID("6d1b6a3e-7c7f-5d2e-9a43-6f5a1c2b0e11")
"""Fixed root of every UUID we derive: the same content gives the same UUID, run after run."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REVISED = datetime(2026, 12, 6, tzinfo=UTC)
"""When the catalogue titles, crosswalks and check-to-task mapping these documents carry last
changed: their `last-modified` without SOURCE_DATE_EPOCH (bump it with them)."""


class Model(StrEnum):
    """The OSCAL models we write; the value is the document's root key."""

    CATALOG = "catalog"
    COMPONENT_DEFINITION = "component-definition"
    ASSESSMENT_RESULTS = "assessment-results"


class OscalError(MargoError):
    """A document we built does not conform to OSCAL: a bug of ours, never written out."""


def content_uuid(*parts: str) -> str:
    """A version-5 UUID named by `parts`: stable across runs, distinct for distinct content."""
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(parts)))


def iso(moment: datetime) -> str:
    """A recorded time as OSCAL writes it (UTC, Z); a naive time is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def timestamp(fallback: datetime) -> str:
    """The document's own time: $SOURCE_DATE_EPOCH when set (reproducible builds), else
    `fallback` (a recorded time); never the clock."""
    from margo_ssdf.clock import source_date_epoch

    return iso(source_date_epoch() or fallback)


def token(text: str) -> str:
    """An OSCAL token from a framework's id: CRA "I(2)(a)" becomes "I.2.a"; SSDF ids stay."""
    out = re.sub(r"[^A-Za-z0-9_.-]+", ".", text).strip(".")
    return out if re.match(r"[A-Za-z_]", out) else f"_{out}"


def prop(name: str, value: str, *, remarks: str | None = None,
         nist: bool = False) -> dict[str, Any]:
    """A property in our namespace, or NIST's own (`label`, `status`...) with `nist`."""
    out: dict[str, Any] = {"name": name, "value": " ".join(value.split())}
    if not nist:
        out["ns"] = NS
    if remarks:
        out["remarks"] = remarks
    return out


def metadata(title: str, last_modified: str, version: str,
             props: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The metadata block: title, time, our version of the document, the OSCAL version."""
    out: dict[str, Any] = {"title": title, "last-modified": last_modified, "version": version,
                           "oscal-version": OSCAL_VERSION}
    tool = [prop("generator", f"margo-ssdf {__version__}")]
    out["props"] = tool + list(props or [])
    return out


def resource(title: str, *, href: str | None = None, citation: str | None = None,
             description: str | None = None, key: str | None = None) -> dict[str, Any]:
    """A back-matter resource citing a document, its UUID derived from `key` or the title."""
    out: dict[str, Any] = {"uuid": content_uuid("resource", key or title), "title": title}
    if description:
        out["description"] = description
    if citation:
        out["citation"] = {"text": citation}
    if href:
        out["rlinks"] = [{"href": href}]
    return out


def check_model(model: Model, document: dict[str, Any]) -> None:
    """Fail closed unless compliance-trestle's model loads `document` (strict: no extra keys)."""
    from pydantic import ValidationError  # trestle is heavy: only OSCAL paths load it

    validator = _trestle_model(model)
    try:
        validator.model_validate(document[model.value])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise OscalError(
            f"the OSCAL {model.value} margo-ssdf built does not conform to compliance-trestle's "
            f"model ({exc.error_count()} error(s), first at {where}: {first['msg']}); nothing "
            "was written.",
            fix="This is a bug in margo-ssdf: please report it with the command you ran.",
        ) from exc


def _trestle_model(model: Model) -> Any:
    match model:
        case Model.CATALOG:
            from trestle.oscal.catalog import Catalog

            return Catalog
        case Model.COMPONENT_DEFINITION:
            from trestle.oscal.component import ComponentDefinition

            return ComponentDefinition
        case Model.ASSESSMENT_RESULTS:
            from trestle.oscal.assessment_results import AssessmentResults

            return AssessmentResults


def dump(model: Model, document: dict[str, Any]) -> str:
    """The document checked against trestle's model, as the JSON we write (stable order)."""
    check_model(model, document)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
