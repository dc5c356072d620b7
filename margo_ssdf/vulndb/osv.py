"""The part of the OSV schema (https://ossf.github.io/osv-schema/) that matching and reporting use.

Advisories arrive as JSON (osv.dev, the Go vulnerability database) or YAML (the PyPA advisory
database). `read_document` turns either into plain JSON-compatible data, refusing alias bombs
and turning the dates YAML reads as timestamps back into ISO 8601 strings; `parse_advisory`
validates that data against the schema. Either raises `AdvisoryError`, which names the file and
the field at fault, so an import can report one bad advisory and carry on with the rest.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from margo_ssdf.errors import MargoError

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""Advisories larger than this are refused (the largest real ones are a few hundred KiB)."""
MAX_DOCUMENT_NODES = 200_000
"""Values an advisory may expand to; a YAML alias bomb exceeds it and is refused, not expanded."""

# The C parser is several times faster on the PyPA corpus; the constructor (and so the types it
# builds) is the same safe one either way.
_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AdvisoryError(MargoError):
    """An advisory file cannot be read or does not follow the OSV schema."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(
            f"{file}: {reason}.",
            fix="Fix or remove this advisory; the other advisories are imported regardless.",
        )
        self.file = file
        self.reason = reason


def iso_timestamp(value: datetime | date | str) -> str:
    """An RFC 3339 UTC timestamp (`2024-01-31T12:00:00Z`) from a datetime, a date or a string.

    Naive times and bare dates are taken as UTC, as OSV timestamps always are.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' is not an RFC 3339 timestamp") from None
        value = parsed
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"'{value}' is outside the range of dates") from None
    # isoformat, not strftime: %Y does not pad years before 1000 (Go writes year 1).
    spec = "microseconds" if value.microsecond else "seconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def timestamp_micros(iso: str) -> int:
    """Microseconds since the Unix epoch of a timestamp made by `iso_timestamp` (for ordering)."""
    moment = datetime.fromisoformat(iso)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _timestamp(value: Any) -> Any:
    if isinstance(value, datetime | date | str):
        return iso_timestamp(value)
    return value


def _version_text(value: Any) -> Any:
    # YAML reads an unquoted `0` or `2` as an integer, which loses nothing; an unquoted `1.10`
    # becomes the float 1.1, which has lost a digit, so it is refused rather than guessed.
    if isinstance(value, bool):
        raise ValueError("a version must be a string, not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"the version {value!r} is a number, not a string; quote it")
    return value


def _version_list(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # Strings are checked natively; only a list that fails gets the per-item repair, since the
    # PyPA lists run to hundreds of versions.
    if value is None:
        return ()
    try:
        return handler(value)
    except ValidationError:
        if not isinstance(value, list | tuple):
            raise
    return handler([_version_text(v) for v in value])


def _empty_if_none(value: Any) -> Any:
    # `aliases: null` and the like mean "none", as if the key were omitted.
    return () if value is None else value


Timestamp = Annotated[str, BeforeValidator(_timestamp)]
NoneIsEmpty = BeforeValidator(_empty_if_none)
NonEmpty = Annotated[str, Field(min_length=1)]
RangeType = Literal["ECOSYSTEM", "SEMVER", "GIT"]
EventKind = Literal["introduced", "fixed", "last_affected", "limit"]
EVENT_KINDS: tuple[EventKind, ...] = ("introduced", "fixed", "last_affected", "limit")


class _OsvModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", use_attribute_docstrings=True)


class SeverityScore(_OsvModel):
    """A severity score of the advisory or of one affected package."""

    type: str
    """The scoring method: `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ..."""
    score: str
    """The score in that method's notation (a CVSS vector string for the CVSS types)."""


class Package(_OsvModel):
    """The package an `affected` entry is about."""

    ecosystem: str = Field(min_length=1)
    """The OSV ecosystem (`PyPI`, `Go`, ...)."""
    name: str = Field(min_length=1)
    """The package name as the ecosystem spells it (for Go, a module path or `stdlib`)."""
    purl: str | None = None
    """The package URL without a version, when the advisory gives one."""


class Event(_OsvModel):
    """One point of a range's timeline; OSV writes it as a single-key object."""

    kind: EventKind
    """`introduced`, `fixed`, `last_affected` or `limit`."""
    version: NonEmpty
    """The version (or commit, in GIT ranges) at which the event happens."""

    @model_validator(mode="before")
    @classmethod
    def _from_single_key(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "kind" in data:
            return data
        if len(data) == 1:
            kind, version = next(iter(data.items()))
            if kind in EVENT_KINDS:
                return {"kind": kind, "version": _version_text(version)}
        found = ", ".join(sorted(map(str, data))) or "nothing"
        raise ValueError(
            "an event must hold exactly one of introduced, fixed, last_affected, limit "
            f"(found {found})"
        )


class Range(_OsvModel):
    """A range of affected versions described as a timeline of events."""

    type: RangeType
    """How the event versions are ordered: the ecosystem's rules, SemVer 2.0, or Git history."""
    events: tuple[Event, ...] = Field(min_length=1)
    """The timeline; at least one `introduced`."""
    repo: str | None = None
    """The repository of a GIT range."""
    database_specific: dict[str, Any] | None = None
    """Free-form data of the publishing database."""

    @model_validator(mode="after")
    def _check_rules(self) -> Range:
        if not any(e.kind == "introduced" for e in self.events):
            raise ValueError("a range needs at least one 'introduced' event")
        if self.type == "GIT" and not self.repo:
            raise ValueError("a GIT range needs a 'repo'")
        return self


class Affected(_OsvModel):
    """One affected package and the versions of it that are affected."""

    package: Package | None = None
    """The package; entries without one (pure GIT ranges) cannot be matched by version."""
    ranges: Annotated[tuple[Range, ...], NoneIsEmpty] = ()
    """Affected ranges; a version in any of them is affected."""
    versions: Annotated[tuple[NonEmpty, ...], WrapValidator(_version_list)] = ()
    """Affected versions listed one by one; a version listed here is affected."""
    severity: Annotated[tuple[SeverityScore, ...], NoneIsEmpty] = ()
    """Per-package severity, when it differs between packages."""
    ecosystem_specific: dict[str, Any] | None = None
    """Free-form data defined by the ecosystem (Go lists the affected symbols here)."""
    database_specific: dict[str, Any] | None = None
    """Free-form data of the publishing database."""


class Reference(_OsvModel):
    """A link about the vulnerability."""

    type: str
    """`ADVISORY`, `FIX`, `REPORT`, `WEB`, ..."""
    url: str
    """The address."""


class Advisory(_OsvModel):
    """One OSV advisory, reduced to the fields margo-ssdf reads."""

    id: str = Field(min_length=1)
    """The advisory's id in its database (`PYSEC-2018-28`, `GO-2021-0238`, `GHSA-...`)."""
    modified: Timestamp
    """When the advisory last changed, as an RFC 3339 UTC timestamp."""
    published: Timestamp | None = None
    """When the advisory was first published."""
    withdrawn: Timestamp | None = None
    """When the advisory was withdrawn; a withdrawn advisory never matches."""
    aliases: Annotated[tuple[str, ...], NoneIsEmpty] = ()
    """Other ids of the same vulnerability (CVE, GHSA, ...)."""
    related: Annotated[tuple[str, ...], NoneIsEmpty] = ()
    """Ids of related but different vulnerabilities (never merged)."""
    summary: str | None = None
    """A one-line summary."""
    details: str | None = None
    """A longer description in CommonMark."""
    severity: Annotated[tuple[SeverityScore, ...], NoneIsEmpty] = ()
    """Severity scores of the vulnerability."""
    affected: Annotated[tuple[Affected, ...], NoneIsEmpty] = ()
    """The affected packages and versions."""
    references: Annotated[tuple[Reference, ...], NoneIsEmpty] = ()
    """Links about the vulnerability."""
    database_specific: dict[str, Any] | None = None
    """Free-form data of the publishing database."""
    schema_version: str | None = None
    """The OSV schema version the advisory says it follows."""

    @property
    def ids(self) -> tuple[str, ...]:
        """The advisory's own id followed by its aliases."""
        return (self.id, *self.aliases)

    @property
    def is_withdrawn(self) -> bool:
        """True when the advisory has been withdrawn by its database."""
        return self.withdrawn is not None


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ""
        for piece in item["loc"]:
            if isinstance(piece, int):
                where += f"[{piece}]"
            elif piece.startswith(("function-", "tagged-union")):
                continue
            else:
                where += f".{piece}" if where else str(piece)
        message = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{where or 'the document'}: {message}")
    more = error.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def parse_advisory(data: Any, source: str) -> Advisory:
    """Validate a JSON-compatible document as an OSV advisory; `source` names it in errors."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise AdvisoryError(source, f"not an OSV advisory: the document is {kind}, not a mapping")
    try:
        return Advisory.model_validate(data)
    except ValidationError as exc:
        raise AdvisoryError(source, _describe(exc)) from None


def parse_advisory_json(text: str | bytes, source: str) -> Advisory:
    """Parse a stored advisory (JSON written by `read_document`)."""
    try:
        return Advisory.model_validate_json(text)
    except ValidationError as exc:
        raise AdvisoryError(source, _describe(exc)) from None


class _Budget:
    def __init__(self, nodes: int) -> None:
        self.nodes = nodes


def _plain(value: Any, budget: _Budget) -> Any:
    # Rebuild the loaded YAML as fresh JSON values. PyYAML shares one object for every use of
    # an alias, so the loaded data is small even for a "billion laughs" document; this walk is
    # where it would expand, hence the node budget.
    budget.nodes -= 1
    if budget.nodes < 0:
        raise ValueError(
            f"it expands to more than {MAX_DOCUMENT_NODES} values (a YAML alias bomb?)"
        )
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, datetime | date):
        return iso_timestamp(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, datetime | date):
                key = iso_timestamp(key)
            elif not isinstance(key, str):
                key = str(key)
            out[key] = _plain(item, budget)
        return out
    if isinstance(value, list):
        return [_plain(item, budget) for item in value]
    raise ValueError(f"it holds a YAML value of type {type(value).__name__}, which JSON lacks")


def is_yaml_name(name: str) -> bool:
    """Whether a file name says YAML."""
    return name.lower().endswith((".yaml", ".yml"))


def is_advisory_name(name: str) -> bool:
    """Whether a file name looks like an OSV advisory file (JSON or YAML)."""
    return name.lower().endswith((".json", ".yaml", ".yml"))


def read_document(raw: bytes, source: str) -> Any:
    """Decode an advisory file to JSON-compatible data (YAML when `source` ends in .yaml/.yml).

    Dates become ISO 8601 strings; documents over the size or node budget are refused.
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise AdvisoryError(source, f"the file is larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AdvisoryError(source, f"not UTF-8 text (byte {exc.start})") from None
    if not is_yaml_name(source):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise AdvisoryError(
                source, f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        except ValueError as exc:  # e.g. an integer of thousands of digits
            raise AdvisoryError(source, f"a value cannot be read: {exc}") from None
        except RecursionError:
            raise AdvisoryError(source, "the JSON is nested too deeply") from None
    try:
        # _YamlLoader is yaml.CSafeLoader (or SafeLoader without libyaml): only safe types.
        loaded = yaml.load(text, Loader=_YamlLoader)  # noqa: S506  # nosec B506 -- safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise AdvisoryError(source, f"not valid YAML{where}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise AdvisoryError(source, f"not valid YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:  # an impossible date, a huge integer
        raise AdvisoryError(source, f"a value cannot be read: {exc}") from None
    except RecursionError:
        raise AdvisoryError(source, "the YAML is nested too deeply") from None
    try:
        return _plain(loaded, _Budget(MAX_DOCUMENT_NODES))
    except ValueError as exc:
        raise AdvisoryError(source, str(exc)) from None
    except RecursionError:
        raise AdvisoryError(source, "the YAML is nested too deeply") from None


def load_advisory(raw: bytes, source: str) -> tuple[dict[str, Any], Advisory]:
    """Read and validate one advisory file: its JSON-compatible document and its model."""
    document = read_document(raw, source)
    advisory = parse_advisory(document, source)
    return document, advisory
