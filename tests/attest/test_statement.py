"""In-toto statements signed by others (attest/statement.py): v0.1 and v1 read, the rest refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.statement import STATEMENT_TYPES, read_statement

A_TXT = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
SLSA_V1 = "https://slsa.dev/provenance/v1"


def payload(**changes: Any) -> bytes:
    """A statement as slsa-github-generator writes them, with some fields changed (None: gone)."""
    statement: dict[str, Any] = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "a.txt", "digest": {"sha256": A_TXT}},
                    {"name": "b.whl", "digest": {"sha256": "AB" * 32, "sha512": "cd" * 64}}],
        "predicateType": SLSA_V1,
        "predicate": {"buildDefinition": {"buildType": "https://example.org/build"}},
    }
    for key, value in changes.items():
        if value is None:
            statement.pop(key, None)
        else:
            statement[key] = value
    return json.dumps(statement).encode()


@pytest.mark.parametrize("kind", STATEMENT_TYPES)
def test_v1_and_v0_1_statements_are_read(kind: str) -> None:
    statement = read_statement(payload(_type=kind))
    assert statement.type == kind
    assert statement.predicate_type == SLSA_V1
    assert [s.name for s in statement.subjects] == ["a.txt", "b.whl"]
    assert statement.predicate == {"buildDefinition": {"buildType": "https://example.org/build"}}


def test_subject_for_finds_a_digest_in_any_case_and_only_under_its_algorithm() -> None:
    statement = read_statement(payload())
    found = statement.subject_for("sha256", A_TXT.upper())
    assert found is not None and found.name == "a.txt"
    b = statement.subject_for("sha256", "ab" * 32)  # the statement spelled it in capitals
    assert b is not None and b.name == "b.whl"
    assert statement.subject_for("sha512", A_TXT) is None
    assert statement.subject_for("sha256", "00" * 32) is None


def test_summary_leaves_the_predicate_out() -> None:
    assert read_statement(payload()).summary() == {
        "type": "https://in-toto.io/Statement/v1", "predicate_type": SLSA_V1,
        "subjects": [{"name": "a.txt", "digest": {"sha256": A_TXT}},
                     {"name": "b.whl", "digest": {"sha256": "ab" * 32, "sha512": "cd" * 64}}]}


@pytest.mark.parametrize("kind", [
    "https://in-toto.io/Statement/v2",  # a future version: its meaning is unknown
    "https://in-toto.io/Statement/v1/",
    "https://in-toto.io/statement/v1",
    "",
    None,  # missing
    1,
])
def test_other_statement_types_are_refused(kind: object) -> None:
    with pytest.raises(BundleError) as info:
        read_statement(payload(_type=kind) if kind is not None else payload(_type=None),
                       bundle=Path("x.sigstore.json"))
    assert info.value.failure is BundleFailure.UNKNOWN_STATEMENT
    assert info.value.message.startswith("x.sigstore.json: the DSSE payload is not an in-toto")
    assert "Statement/v0.1" in info.value.message  # says what is understood


@pytest.mark.parametrize("raw, words", [
    (b"not json", "is not JSON"),
    (b'{"_type": "https://in-toto.io/Statement/v1", "_type": "x"}', "is not JSON"),
    (b"[]", "is not a JSON object"),
    (payload(predicateType=None), "predicateType is missing"),
    (payload(predicateType=""), "predicateType is missing"),
    (payload(predicate=[1]), "predicate is not a JSON object"),
    (payload(subject=None), "subject must be a non-empty list"),
    (payload(subject=[]), "subject must be a non-empty list"),
    (payload(subject={"name": "a"}), "subject must be a non-empty list"),
    (payload(subject=[{"name": "a"}]), "subject[0].digest"),
    (payload(subject=[{"name": "a", "digest": {}}]), "subject[0].digest"),
    (payload(subject=[{"name": "a", "digest": {"sha256": 1}}]), "subject[0].digest"),
    (payload(subject=[{"name": "a", "digest": {"sha256": A_TXT}}, "b"]), "subject[1].digest"),
])
def test_malformed_statements_say_which_field(raw: bytes, words: str) -> None:
    with pytest.raises(BundleError) as info:
        read_statement(raw, where="the payload", bundle=Path("b.json"))
    assert info.value.failure is BundleFailure.WRONG_CONTENT
    assert info.value.message.startswith("b.json: the payload")
    assert words in info.value.message


def test_a_statement_without_a_predicate_reads_as_an_empty_one() -> None:
    assert read_statement(payload(predicate=None)).predicate == {}


def test_a_subject_without_a_name_is_kept_by_its_digest() -> None:
    statement = read_statement(payload(subject=[{"digest": {"sha256": A_TXT}}]))
    found = statement.subject_for("sha256", A_TXT)
    assert found is not None and found.name == ""
