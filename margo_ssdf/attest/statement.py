"""In-toto statements signed by others: read them, never trust what is not understood.

Our own attestations are Statement v1 and are validated strictly by `intoto`. Statements made by
other tools (SLSA provenance from slsa-github-generator, GitHub artifact attestations, npm
provenance) come as Statement v0.1 or v1; both have the same shape (`_type`, `subject`,
`predicateType`, `predicate`). Any other `_type`, or none, is refused: a verifier must not read
unknown statement semantics as if they were v1.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.errors import BundleError, BundleFailure

STATEMENT_TYPES: Final = ("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1")
"""The statement types understood, newest first."""


@dataclass(frozen=True)
class Subject:
    """One artifact a statement is about."""

    name: str
    digests: dict[str, str]
    """Algorithm (as in-toto spells it: sha256, sha512...) to lowercase hex digest."""


@dataclass(frozen=True)
class ForeignStatement:
    """An in-toto statement as signed, with its predicate left as JSON."""

    type: str
    predicate_type: str
    subjects: tuple[Subject, ...]
    predicate: dict[str, Any]

    def subject_for(self, algorithm: str, hex_digest: str) -> Subject | None:
        """The subject with this digest, if the statement names one."""
        wanted = hex_digest.lower()
        return next((s for s in self.subjects if s.digests.get(algorithm) == wanted), None)

    def summary(self) -> dict[str, Any]:
        """What a person or a script needs to see of it (not the predicate)."""
        return {"type": self.type, "predicate_type": self.predicate_type,
                "subjects": [{"name": s.name, "digest": s.digests} for s in self.subjects]}


def read_statement(payload: bytes, *, where: str = "the DSSE payload",
                   bundle: Path | None = None) -> ForeignStatement:
    """Parse a signed payload as an in-toto statement; a BundleError says why it is not one.

    `bundle` is the file the payload came from, named in the error.
    """
    try:
        data = strict_loads(payload)
    except ValueError as exc:
        raise _bad(f"{where} is not JSON: {exc}", bundle) from exc
    if not isinstance(data, dict):
        raise _bad(f"{where} is not a JSON object", bundle)
    kind = data.get("_type")
    if kind not in STATEMENT_TYPES:
        raise BundleError(
            BundleFailure.UNKNOWN_STATEMENT,
            f"{where} is not an in-toto statement this verifier understands: _type is "
            f"{kind!r}, expected one of {', '.join(STATEMENT_TYPES)}", bundle=bundle,
            fix="Its meaning is unknown, so nothing in it can be trusted; verify it with "
                "a tool that understands this statement type.")
    predicate_type = data.get("predicateType")
    if not isinstance(predicate_type, str) or not predicate_type:
        raise _bad(f"{where}: predicateType is missing", bundle)
    predicate = data.get("predicate", {})
    if not isinstance(predicate, dict):
        raise _bad(f"{where}: predicate is not a JSON object", bundle)
    return ForeignStatement(type=kind, predicate_type=predicate_type,
                            subjects=_subjects(data.get("subject"), where, bundle),
                            predicate=predicate)


def _subjects(raw: object, where: str, bundle: Path | None) -> tuple[Subject, ...]:
    if not isinstance(raw, list) or not raw:
        raise _bad(f"{where}: subject must be a non-empty list", bundle)
    subjects = []
    for n, item in enumerate(raw):
        digests = item.get("digest") if isinstance(item, dict) else None
        if not isinstance(digests, dict) or not digests or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in digests.items()):
            raise _bad(f"{where}: subject[{n}].digest must map algorithms to hex digests",
                       bundle)
        name = item.get("name", "")
        subjects.append(Subject(name=name if isinstance(name, str) else "",
                                digests={k: v.lower() for k, v in digests.items()}))
    return tuple(subjects)


def _bad(message: str, bundle: Path | None) -> BundleError:
    return BundleError(BundleFailure.WRONG_CONTENT, message, bundle=bundle)


def claimed_subjects(document: dict[str, Any]) -> set[str]:
    """The sha256 subjects a bundle's or envelope's statement claims, before anything is
    verified: only to choose what to verify or where to publish, never to conclude."""
    envelope = document.get("dsseEnvelope", document)  # or a bare envelope
    payload = envelope.get("payload") if isinstance(envelope, dict) else None
    try:
        statement = read_statement(base64.b64decode(str(payload), validate=True))
    except (BundleError, binascii.Error, ValueError):
        return set()
    return {s.digests["sha256"] for s in statement.subjects if "sha256" in s.digests}
