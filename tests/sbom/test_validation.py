"""Strict CycloneDX 1.6 validation: every format the schema uses is checked, cheaply."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from margo_ssdf.sbom import build, validation
from tests.conftest import REPO


def bom(**component: object) -> str:
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "metadata": {"timestamp": "2026-01-01T00:00:00Z"},
           "components": [{"type": "library", "name": "a", "version": "1", **component}]}
    return json.dumps(doc)


VALID_IRIS = [
    "https://example.org/a/b?c=d#e",
    "https://例え.jp/パス?q=値#片",
    "mailto:someone@example.org",
    "urn:uuid:9b2e0b3e-0000-4000-8000-000000000000",
    "http://[::1]:8080/x",
    "https://example.org/%E2%82%AC",
    "https://example.org/?\ue000",  # a private-use character, allowed in the query only
]
INVALID_IRIS = [
    "http://exa mple.org/",  # a space
    "https://example.org/\x85",  # a C1 control character: not a ucschar
    "https://example.org/\ufffe",  # a noncharacter
    "https://example.org/\ue000",  # private use outside the query
    "https://example.org/%zz",  # a broken percent-encoding
    "ht^tp://example.org/",  # not a scheme
    "http://example.org/#a#b",  # two fragments
]


@pytest.mark.parametrize("iri", VALID_IRIS)
def test_valid_iris_pass(iri: str) -> None:
    assert validation.is_iri(iri) and validation.is_iri_reference(iri)


@pytest.mark.parametrize("iri", INVALID_IRIS)
def test_invalid_iris_fail(iri: str) -> None:
    assert not validation.is_iri_reference(iri)


def test_relative_references_are_iri_references_not_iris() -> None:
    assert validation.is_iri_reference("../ü/x?y") and not validation.is_iri("../ü/x?y")


def test_the_iri_check_agrees_with_the_grammar_jsonschema_would_use() -> None:
    # rfc3987-syntax is the (slow) grammar jsonschema uses for `iri-reference` when it is
    # importable; ours accepts and refuses the same samples, except IPv6 literals, which RFC 3987
    # allows (its ipath examples hold one) and that grammar refuses.
    syntax = pytest.importorskip("rfc3987_syntax")
    for iri in VALID_IRIS + INVALID_IRIS:
        if "[" in iri:
            continue
        assert validation.is_iri_reference(iri) == syntax.is_valid_syntax("iri_reference", iri), iri


def test_a_valid_bom_passes() -> None:
    assert validation.first_error(bom(externalReferences=[
        {"type": "website", "url": "https://例え.jp/"}])) is None


@pytest.mark.parametrize(("component", "why"), [
    ({"externalReferences": [{"type": "website", "url": "http://a b"}]}, "iri-reference"),
    ({"authors": [{"email": "nobody"}]}, "idn-email"),
])
def test_format_errors_fail_the_write(component: dict[str, object], why: str) -> None:
    error = validation.first_error(bom(**component))
    assert error is not None and why in error
    with pytest.raises(build.SbomError, match=r"does not validate against CycloneDX 1\.6"):
        build.validate(bom(**component))


def test_a_bad_timestamp_fails() -> None:
    doc = json.loads(bom())
    doc["metadata"]["timestamp"] = "yesterday"
    error = validation.first_error(json.dumps(doc))
    assert error is not None and "date-time" in error


def test_xml_is_validated_too() -> None:
    error = validation.first_error("<bom xmlns='http://cyclonedx.org/schema/bom/1.6'>"
                                   "<nonsense/></bom>", "xml")
    assert error is not None


def test_validation_never_imports_the_slow_iri_grammar() -> None:
    # The whole point: a fresh process validates strictly without paying for rfc3987-syntax.
    code = ("import sys, json\n"
            "from margo_ssdf.sbom.validation import first_error\n"
            f"assert first_error({bom()!r}) is None\n"
            f"assert first_error({bom(externalReferences=[{'type': 'vcs', 'url': 'a b'}])!r})\n"
            "print(json.dumps('rfc3987_syntax' in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120)
    assert json.loads(out.stdout) is False
