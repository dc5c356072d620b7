"""in-toto Statement v1: the layer that binds a predicate to the artifacts it is about.

Spec: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md (with
resource_descriptor.md and digest_set.md beside it).

Only SHA-2 and SHA-3 digests of 256 bits or more can be represented: a subject named by MD5 or
SHA-1 is a validation error, not a value to be ignored later. Algorithm names are spelled as the
in-toto DigestSet spells them (`sha3_256`, with an underscore), which is also what sigstore-python
accepts in the statements it signs.

A statement read back from an envelope is validated here but never re-serialised for checking a
signature: the signed bytes are what `dsse.verify` returns, and they are kept as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
)

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.errors import UsageError
from margo_ssdf.files import sha256_file

STATEMENT_TYPE: Final = "https://in-toto.io/Statement/v1"
"""The `_type` of every in-toto Statement v1."""

DigestAlgorithm = Literal["sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512"]
"""The digest algorithms a subject may be named by: SHA-2 and SHA-3, 256 bits or more."""

DIGEST_HEX_LENGTHS: Final[dict[str, int]] = {
    "sha256": 64,
    "sha384": 96,
    "sha512": 128,
    "sha3_256": 64,
    "sha3_384": 96,
    "sha3_512": 128,
}
"""Length of each accepted algorithm's lowercase hex digest."""

_LOWER_HEX = re.compile(r"[0-9a-f]+")
_CHUNK = 1 << 20


class ResourceDescriptor(BaseModel):
    """One artifact a statement is about: a name and the digests of its content.

    The other ResourceDescriptor fields of the spec are accepted so that statements made by
    other tools parse; unknown fields are kept, as the spec's parsing rules require.
    """

    model_config = ConfigDict(
        frozen=True, extra="allow", validate_by_name=True, validate_by_alias=True
    )

    name: str | None = None
    """Machine-readable identifier, usually the file name. The spec allows it to be unset."""
    digest: dict[DigestAlgorithm, str] = Field(min_length=1)
    """Algorithm -> lowercase hex digest. At least one; only strong algorithms."""
    uri: str | None = None
    """A URI identifying the artifact globally."""
    download_location: str | None = Field(default=None, alias="downloadLocation")
    """Where the artifact can be fetched, if not at `uri`."""
    media_type: str | None = Field(default=None, alias="mediaType")
    """The artifact's media type."""
    annotations: dict[str, Any] | None = None
    """Free-form facts about the artifact."""

    @field_validator("digest", mode="before")
    @classmethod
    def _strong_hex_digests(cls, value: object) -> object:
        # Checked before the Literal keys so the error names the weak algorithm in plain words.
        if not isinstance(value, dict):
            return value
        for algorithm, hexdigest in value.items():
            expected = DIGEST_HEX_LENGTHS.get(algorithm) if isinstance(algorithm, str) else None
            if expected is None:
                raise ValueError(
                    f"digest algorithm {algorithm!r} is not accepted; only "
                    f"{', '.join(DIGEST_HEX_LENGTHS)} can name a subject"
                )
            if not isinstance(hexdigest, str) or not _LOWER_HEX.fullmatch(hexdigest):
                raise ValueError(f"{algorithm} digest must be lowercase hex, got {hexdigest!r}")
            if len(hexdigest) != expected:
                raise ValueError(
                    f"{algorithm} digest must be {expected} hex characters, got {len(hexdigest)}"
                )
        return value

    @model_serializer(mode="wrap")
    def _omit_unset_optionals(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        # Optional fields the producer did not set are absent on the wire, not null.
        data: dict[str, Any] = handler(self)
        for field_name, field in type(self).model_fields.items():
            if field.default is None and getattr(self, field_name) is None:
                data.pop(field.alias if info.by_alias and field.alias else field_name, None)
        return data


class Statement(BaseModel):
    """An in-toto Statement v1."""

    # NaN and Infinity stay floats when dumped, so canonical_bytes refuses them instead of
    # pydantic silently turning them into null.
    model_config = ConfigDict(
        frozen=True, extra="allow", validate_by_name=True, validate_by_alias=True,
        ser_json_inf_nan="constants",
    )

    type_: Literal["https://in-toto.io/Statement/v1"] = Field(alias="_type")
    """Always `https://in-toto.io/Statement/v1`."""
    subject: list[ResourceDescriptor] = Field(min_length=1)
    """The artifacts the statement is about; at least one."""
    predicate_type: str = Field(alias="predicateType", min_length=1)
    """URI naming the predicate's schema."""
    predicate: dict[str, Any] = Field(default_factory=dict)
    """The predicate; the spec treats an absent predicate as an empty one."""


def subject_for_file(path: Path, name: str | None = None) -> ResourceDescriptor:
    """Describe a file by its SHA-256, read in 1 MiB chunks; the name defaults to its file name."""
    try:
        digest = sha256_file(path, chunk=_CHUNK)
    except OSError as exc:
        raise UsageError(
            f"cannot read artifact {path}: {exc.strerror or exc}",
            fix="Check that the release artifact exists and is readable.",
        ) from exc
    return ResourceDescriptor(name=name if name is not None else path.name,
                              digest={"sha256": digest})


def statement(
    subjects: Iterable[ResourceDescriptor], predicate_type: str, predicate: dict[str, Any]
) -> Statement:
    """Build a statement; subject names must be unique, as the spec recommends."""
    subject_list = list(subjects)
    names = [s.name for s in subject_list if s.name is not None]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise AttestationError(
            f"subject names must be unique in a statement; repeated: {', '.join(duplicates)}"
        )
    try:
        return Statement.model_validate(
            {
                "_type": STATEMENT_TYPE,
                "subject": subject_list,
                "predicateType": predicate_type,
                "predicate": predicate,
            }
        )
    except ValidationError as exc:
        raise AttestationError(f"invalid in-toto statement: {_explain(exc)}") from exc


def canonical_bytes(stmt: Statement) -> bytes:
    """The bytes we sign: compact JSON, keys sorted, UTF-8, no NaN or Infinity."""
    data = stmt.model_dump(mode="json", by_alias=True)
    try:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise AttestationError(f"statement cannot be encoded as JSON: {exc}") from exc


def parse_statement(raw: bytes) -> Statement:
    """Validate bytes as an in-toto Statement v1 (UTF-8 JSON, no duplicate keys)."""
    try:
        data = strict_loads(raw)
    except UnicodeDecodeError as exc:
        raise AttestationError(f"statement is not UTF-8 text: {exc}") from exc
    except ValueError as exc:
        raise AttestationError(f"statement is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise AttestationError(
            f"statement must be a JSON object, got a JSON {type(data).__name__}"
        )
    if "_type" not in data:
        raise AttestationError(
            f"statement has no _type; an in-toto Statement v1 has _type {STATEMENT_TYPE!r}"
        )
    if data["_type"] != STATEMENT_TYPE:
        raise AttestationError(
            f"statement _type is {data['_type']!r}; only {STATEMENT_TYPE!r} is understood"
        )
    try:
        return Statement.model_validate(data)
    except ValidationError as exc:
        raise AttestationError(f"invalid in-toto statement: {_explain(exc)}") from exc


def _explain(exc: ValidationError) -> str:
    """One line per problem: `subject.0.digest: <what is wrong>`."""
    problems = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "statement"
        message = error["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {message}")
    return "; ".join(problems)
