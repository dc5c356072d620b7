"""in-toto Statement v1: models, canonical bytes, strict parsing, strong digests only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from margo_ssdf import files
from margo_ssdf.attest.errors import AttestationError
from margo_ssdf.attest.intoto import (
    STATEMENT_TYPE,
    ResourceDescriptor,
    Statement,
    canonical_bytes,
    parse_statement,
    statement,
    subject_for_file,
)
from margo_ssdf.errors import MargoError, UsageError

SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc")
PREDICATE_TYPE = "https://example.org/margo-ssdf/test/v1"


def abc_statement() -> Statement:
    return statement([ResourceDescriptor(name="abc.txt", digest={"sha256": SHA256_ABC})],
                     PREDICATE_TYPE, {"b": [1, 2], "a": "naïve"})


def test_canonical_bytes_are_compact_sorted_utf8() -> None:
    expected = (
        '{"_type":"https://in-toto.io/Statement/v1",'
        '"predicate":{"a":"naïve","b":[1,2]},'
        '"predicateType":"https://example.org/margo-ssdf/test/v1",'
        '"subject":[{"digest":{"sha256":"' + SHA256_ABC + '"},"name":"abc.txt"}]}'
    ).encode("utf-8")
    assert canonical_bytes(abc_statement()) == expected
    assert b"na\xc3\xafve" in expected  # UTF-8, not \u escapes


def test_canonical_bytes_round_trip_through_parse() -> None:
    stmt = abc_statement()
    assert parse_statement(canonical_bytes(stmt)) == stmt
    assert canonical_bytes(parse_statement(canonical_bytes(stmt))) == canonical_bytes(stmt)


def test_aliases_on_the_wire() -> None:
    stmt = abc_statement()
    assert stmt.type_ == STATEMENT_TYPE == "https://in-toto.io/Statement/v1"
    assert stmt.predicate_type == PREDICATE_TYPE
    wire = json.loads(canonical_bytes(stmt))
    assert set(wire) == {"_type", "subject", "predicateType", "predicate"}


def test_unset_optional_descriptor_fields_are_absent_not_null() -> None:
    wire = json.loads(canonical_bytes(abc_statement()))
    assert wire["subject"][0] == {"name": "abc.txt", "digest": {"sha256": SHA256_ABC}}
    # ...while nulls the producer put in the predicate are kept.
    stmt = statement([ResourceDescriptor(name="x", digest={"sha256": SHA256_ABC})],
                     PREDICATE_TYPE, {"k": None})
    assert json.loads(canonical_bytes(stmt))["predicate"] == {"k": None}


def test_other_descriptor_fields_use_spec_names() -> None:
    rd = ResourceDescriptor(name="img", digest={"sha256": SHA256_ABC}, uri="pkg:oci/img",
                            mediaType="application/vnd.oci.image.index.v1+json",
                            downloadLocation="https://example.org/img")
    assert rd.media_type == "application/vnd.oci.image.index.v1+json"
    stmt = statement([rd], PREDICATE_TYPE, {})
    subject = json.loads(canonical_bytes(stmt))["subject"][0]
    assert subject["mediaType"] == "application/vnd.oci.image.index.v1+json"
    assert subject["downloadLocation"] == "https://example.org/img"
    assert subject["uri"] == "pkg:oci/img"


def test_in_toto_reference_bindings_accept_our_bytes() -> None:
    """Cross-check with the in-toto project's own bindings, when they are installed."""
    pytest.importorskip("in_toto_attestation")
    from google.protobuf import json_format  # type: ignore[import-untyped]
    from in_toto_attestation.v1 import statement_pb2  # type: ignore[import-untyped]
    from in_toto_attestation.v1.statement import (  # type: ignore[import-untyped]
        Statement as ReferenceStatement,
    )

    proto = json_format.Parse(canonical_bytes(abc_statement()), statement_pb2.Statement())
    ReferenceStatement.copy_from_pb(proto).validate()
    assert proto.type == STATEMENT_TYPE
    assert dict(proto.subject[0].digest) == {"sha256": SHA256_ABC}


@pytest.mark.parametrize("algorithm, hexdigest", [
    ("sha256", "a" * 64), ("sha384", "b" * 96), ("sha512", "c" * 128),
    ("sha3_256", "d" * 64), ("sha3_384", "e" * 96), ("sha3_512", "f" * 128),
])
def test_strong_digests_accepted(algorithm: str, hexdigest: str) -> None:
    rd = ResourceDescriptor.model_validate({"name": "x", "digest": {algorithm: hexdigest}})
    assert rd.digest == {algorithm: hexdigest}


@pytest.mark.parametrize("algorithm, hexdigest", [
    ("md5", "0" * 32),
    ("sha1", "0" * 40),
    ("sha224", "0" * 56),
    ("sha512_256", "0" * 64),
    ("sha3-256", "0" * 64),  # the DigestSet spec spells it sha3_256
    ("SHA256", "0" * 64),
    ("gitCommit", "0" * 40),
])
def test_weak_or_unknown_digest_cannot_be_represented(algorithm: str, hexdigest: str) -> None:
    with pytest.raises(ValidationError, match="is not accepted"):
        ResourceDescriptor.model_validate({"name": "x", "digest": {algorithm: hexdigest}})
    raw = json.dumps({"_type": STATEMENT_TYPE, "predicateType": PREDICATE_TYPE,
                      "subject": [{"name": "x", "digest": {algorithm: hexdigest}}]})
    with pytest.raises(AttestationError, match=f"subject.0.digest: digest algorithm '{algorithm}'"):
        parse_statement(raw.encode())


def test_weak_digest_beside_a_strong_one_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="'sha1' is not accepted"):
        ResourceDescriptor.model_validate(
            {"name": "x", "digest": {"sha256": SHA256_ABC, "sha1": "0" * 40}})


@pytest.mark.parametrize("digest, message", [
    ({"sha256": SHA256_ABC.upper()}, "lowercase hex"),
    ({"sha256": SHA256_ABC[:-1]}, "64 hex characters, got 63"),
    ({"sha256": SHA256_ABC + "0"}, "64 hex characters, got 65"),
    ({"sha512": SHA256_ABC}, "128 hex characters, got 64"),
    ({"sha256": "g" * 64}, "lowercase hex"),
    ({"sha256": 12}, "lowercase hex"),
    ({}, "at least 1 item"),
])
def test_digest_values_must_be_lowercase_hex_of_the_right_length(
        digest: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ResourceDescriptor.model_validate({"name": "x", "digest": digest})


def test_subject_for_file_hashes_in_1_mib_chunks(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytes(range(256)) * (3 * 4096 + 1)  # a little over 3 MiB
    path = tmp_path / "release.tar.gz"
    path.write_bytes(data)
    chunks: list[int] = []
    real = files.sha256_file

    def spy(p: Path, chunk: int = 0) -> str:
        chunks.append(chunk)
        return real(p, chunk)

    monkeypatch.setattr("margo_ssdf.attest.intoto.sha256_file", spy)
    rd = subject_for_file(path)
    assert chunks == [1 << 20]
    assert rd.name == "release.tar.gz"
    assert rd.digest == {"sha256": hashlib.sha256(data).hexdigest()}
    assert subject_for_file(path, name="dist/release.tar.gz").name == "dist/release.tar.gz"


def test_subject_for_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read artifact"):
        subject_for_file(tmp_path / "missing")


def test_statement_refuses_repeated_subject_names() -> None:
    rd = ResourceDescriptor(name="same", digest={"sha256": SHA256_ABC})
    with pytest.raises(AttestationError, match="repeated: same"):
        statement([rd, rd], PREDICATE_TYPE, {})


def test_statement_needs_a_subject_and_a_predicate_type() -> None:
    with pytest.raises(AttestationError, match="subject"):
        statement([], PREDICATE_TYPE, {})
    rd = ResourceDescriptor(name="x", digest={"sha256": SHA256_ABC})
    with pytest.raises(AttestationError, match="predicateType"):
        statement([rd], "", {})


def test_nan_in_predicate_cannot_be_encoded() -> None:
    rd = ResourceDescriptor(name="x", digest={"sha256": SHA256_ABC})
    with pytest.raises(AttestationError, match="cannot be encoded"):
        canonical_bytes(statement([rd], PREDICATE_TYPE, {"x": float("nan")}))


GOOD = {"_type": STATEMENT_TYPE, "predicateType": PREDICATE_TYPE,
        "subject": [{"name": "x", "digest": {"sha256": SHA256_ABC}}], "predicate": {}}


@pytest.mark.parametrize("raw, message", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[]", "must be a JSON object"),
    (b'"text"', "must be a JSON object"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "_type"}).encode(), "has no _type"),
    (json.dumps({**GOOD, "_type": "https://in-toto.io/Statement/v0.1"}).encode(),
     "_type is 'https://in-toto.io/Statement/v0.1'"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "subject"}).encode(),
     "subject: Field required"),
    (json.dumps({**GOOD, "subject": []}).encode(), "subject: List should have at least 1"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "predicateType"}).encode(),
     "predicateType: Field required"),
    (json.dumps({**GOOD, "subject": [{"name": "x"}]}).encode(), "subject.0.digest: Field required"),
    (json.dumps({**GOOD, "predicate": [1]}).encode(), "predicate: Input should be a valid dict"),
    (b'{"_type":"https://in-toto.io/Statement/v1","_type":"x"}', "duplicate key '_type'"),
    (b'{"_type":"https://in-toto.io/Statement/v1","predicate":{"x":NaN}}', "NaN"),
])
def test_parse_statement_errors_say_what_is_wrong(raw: bytes, message: str) -> None:
    with pytest.raises(AttestationError, match=message) as info:
        parse_statement(raw)
    assert isinstance(info.value, MargoError)
    assert info.value.exit_code == 1


def test_parse_keeps_extension_fields_and_defaults_an_absent_predicate() -> None:
    raw = json.dumps({k: v for k, v in GOOD.items() if k != "predicate"}
                     | {"x-margo": {"note": 1}}).encode()
    stmt = parse_statement(raw)
    assert stmt.predicate == {}
    assert stmt.model_extra == {"x-margo": {"note": 1}}


def test_parse_accepts_subject_without_name() -> None:
    raw = json.dumps({**GOOD, "subject": [{"digest": {"sha256": SHA256_ABC}}]}).encode()
    assert parse_statement(raw).subject[0].name is None
