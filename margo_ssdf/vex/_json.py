"""Reading a JSON document defensively, and typed access to its fields that names them on error."""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from margo_ssdf.vex import _purl
from margo_ssdf.vex.model import VexError

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""VEX documents larger than this (16 MiB) are refused unread."""


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _ConstantError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys; a VEX statement with two `status` keys has no
    # single meaning, so it is refused instead.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> NoReturn:
    raise _ConstantError(name)


def read_json(path: str | os.PathLike[str]) -> Any:
    """The parsed content of a JSON file of at most `MAX_DOCUMENT_BYTES`, or a VexError."""
    source = os.fspath(path)
    file = Path(path)
    try:
        if not file.is_file():
            if file.exists():
                raise VexError("is not a regular file.", file=source,
                               fix="Name a VEX document (a .json file).")
            raise VexError("does not exist.", file=source, fix="Check the path.")
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            _too_large(source, size)
        with file.open("rb") as stream:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise VexError(f"cannot be read: {exc.strerror or exc}.", file=source,
                       fix="Check that the file exists and is readable.") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        _too_large(source, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VexError(f"is not UTF-8 text (bad byte at offset {exc.start}).", file=source,
                       fix="Save the document as UTF-8 JSON.") from None
    if text.lstrip().startswith("<"):
        raise VexError("is XML, not JSON.", file=source,
                       fix="Only JSON VEX documents are read: write CycloneDX VEX as JSON, "
                           "or use OpenVEX.")
    try:
        return json.loads(text, object_pairs_hook=_object_without_duplicates,
                          parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise VexError(f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
                       file=source, fix="Fix the JSON syntax at that place.") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise VexError(f"cannot be read as JSON: {exc}.", file=source,
                       fix="Write an ordinary VEX document.") from None
    except _DuplicateKeyError as exc:
        raise VexError(f"has the key '{exc.key}' twice in one object, so its meaning is "
                       "ambiguous.", file=source, field=exc.key,
                       fix="Keep one of the two values.") from None
    except _ConstantError as exc:
        raise VexError(f"contains {exc.name}, which is not JSON.", file=source,
                       fix="Replace it with a string or a number.") from None
    except RecursionError:
        raise VexError("is nested too deeply to be a VEX document.", file=source,
                       fix="Check that this is the VEX document you meant.") from None


def _too_large(source: str, size: int) -> NoReturn:
    raise VexError(
        f"is {size} bytes, more than the {MAX_DOCUMENT_BYTES} bytes (16 MiB) a VEX document "
        "may have.",
        file=source,
        fix="Split the statements over several smaller documents.",
    )


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 date-time as an aware datetime (no offset means UTC); ValueError otherwise.

    Fractions finer than a microsecond (Go writes nanoseconds) are truncated.
    """
    value = text.strip()
    if len(value) <= len("2024-01-31") or value[10] not in "Tt ":
        raise ValueError("a date-time needs a time of day")
    head, dot, rest = value.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if digits > 6:
            value = f"{head}.{rest[:6]}{rest[digits:]}"
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


class FieldReader:
    """Typed access to one JSON object of a document; every error names the file and the field.

    `path` is the object's place in the document (`statements[2].vulnerability`, or '' for the
    top level); `hint` is the fix suggested when a call gives none of its own.
    """

    def __init__(self, source: str, data: Mapping[str, Any], path: str, hint: str) -> None:
        self.source = source
        self.data = data
        self.path = path
        self.hint = hint

    @classmethod
    def of(cls, source: str, value: Any, path: str, hint: str, what: str) -> FieldReader:
        """A reader for `value`, which must be a JSON object (`what` says what it should be)."""
        if not isinstance(value, dict):
            raise VexError(f"must be {what} (a JSON object), not {_kind(value)}.", file=source,
                           field=path or None, fix=hint)
        return cls(source, value, path, hint)

    def field(self, key: str) -> str:
        """The full name of a key of this object, as error messages show it."""
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str | None, message: str, fix: str | None = None) -> NoReturn:
        """Raise a VexError about `key` of this object (or about the object itself)."""
        field = self.field(key) if key else (self.path or None)
        raise VexError(message, file=self.source, field=field, fix=fix or self.hint)

    def has(self, key: str) -> bool:
        """Whether the key is present with a value other than null."""
        return self.data.get(key) is not None

    def only(self, allowed: Collection[str], fix: str | None = None) -> None:
        """Refuse keys outside `allowed`: a misspelt key would otherwise be silently lost."""
        for key in self.data:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                self.fail(key, f"is not a known field here (known: {names}).",
                          fix or f"Remove or correct '{key}'. {self.hint}")

    def string(self, key: str) -> str | None:
        """An optional non-empty string."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be a string, not {_kind(value)}.")
        if not value.strip():
            self.fail(key, "must not be empty.")
        return value

    def required_string(self, key: str, fix: str | None = None) -> str:
        """A non-empty string that must be present."""
        value = self.string(key)
        if value is None:
            self.fail(key, "is missing.", fix)
        return value

    def choice(self, key: str, allowed: Collection[str]) -> str | None:
        """An optional string that must be one of `allowed`."""
        value = self.string(key)
        if value is not None and value not in allowed:
            names = ", ".join(sorted(allowed))
            self.fail(key, f"is '{value}', which is not one of: {names}.")
        return value

    def required_choice(self, key: str, allowed: Collection[str]) -> str:
        """A string that must be present and one of `allowed`."""
        value = self.choice(key, allowed)
        if value is None:
            self.fail(key, "is missing; it must be one of: " + ", ".join(sorted(allowed)) + ".")
        return value

    def array(self, key: str) -> list[Any]:
        """An optional array; absent or null is empty."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"must be an array, not {_kind(value)}.")
        return value

    def strings(self, key: str) -> list[str]:
        """An optional array of non-empty strings."""
        values = self.array(key)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{key}[{index}]", f"must be a non-empty string, not {_kind(value)}.")
        return values

    def objects(self, key: str, what: str) -> list[FieldReader]:
        """An optional array of JSON objects, each as a reader."""
        return [FieldReader.of(self.source, value, f"{self.field(key)}[{index}]", self.hint, what)
                for index, value in enumerate(self.array(key))]

    def object(self, key: str, what: str) -> FieldReader | None:
        """An optional JSON object as a reader."""
        value = self.data.get(key)
        if value is None:
            return None
        return FieldReader.of(self.source, value, self.field(key), self.hint, what)

    def identifier(self, key: str) -> str | None:
        """An optional product id; if it claims to be a package URL, it must be a valid one."""
        value = self.string(key)
        return None if value is None else self.check_id(key, value)

    def check_id(self, key: str, value: str) -> str:
        """`value` (found at `key`), refused if it is a malformed package URL.

        A purl with a typo would make its statement silently apply to nothing.
        """
        if _purl.is_purl(value):
            problem = _purl.check(value)
            if problem:
                self.fail(key, f"is '{value}', which is not a valid package URL: {problem}.",
                          "Write it as pkg:<type>/<namespace>/<name>@<version>; see "
                          "https://github.com/package-url/purl-spec.")
        return value

    def timestamp(self, key: str) -> datetime | None:
        """An optional RFC 3339 date-time."""
        value = self.string(key)
        if value is None:
            return None
        try:
            return parse_timestamp(value)
        except ValueError:
            self.fail(key, f"is '{value}', which is not an RFC 3339 date-time.",
                      "Write it like 2024-01-31T12:00:00Z.")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
