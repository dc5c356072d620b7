"""SLSA provenance predicates read into facts (attest/slsa_predicate.py), on plain dicts.

The shapes are those of slsa-github-generator (SLSA v0.2), GitHub artifact attestations and npm
provenance (SLSA v1, the GitHub Actions workflow build type).
"""

from __future__ import annotations

from typing import Any

import pytest

from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.slsa_predicate import (
    GITHUB_WORKFLOW_BUILD_TYPE,
    SLSA_PROVENANCE_V02,
    SLSA_PROVENANCE_V1,
    read_provenance,
    split_source_uri,
)

GENERATOR = ("https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
             "generator_generic_slsa3.yml@refs/tags/v1.9.0")
COMMIT = "D8B4A6445F38C48B9137A8099706D9B8073146E4"


def v02(**invocation: Any) -> dict[str, Any]:
    return {"builder": {"id": GENERATOR},
            "buildType": "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
            "invocation": invocation or {"configSource": {
                "uri": "git+https://github.com/octo/widget@refs/tags/v1.2.3",
                "digest": {"sha1": COMMIT}, "entryPoint": ".github/workflows/release.yml"}}}


def v1(build_type: str = GITHUB_WORKFLOW_BUILD_TYPE, **workflow: str) -> dict[str, Any]:
    workflow = workflow or {"repository": "https://github.com/octo/widget",
                            "ref": "refs/tags/v1.2.3", "path": ".github/workflows/release.yml"}
    return {"buildDefinition": {
                "buildType": build_type, "externalParameters": {"workflow": workflow},
                "resolvedDependencies": [
                    {"uri": "git+https://github.com/octo/other@refs/heads/main",
                     "digest": {"gitCommit": "0" * 40}},
                    {"uri": "git+https://github.com/octo/widget@refs/tags/v1.2.3",
                     "digest": {"gitCommit": COMMIT}}]},
            "runDetails": {"builder": {"id": "https://github.com/actions/runner/github-hosted"}}}


def test_slsa_github_generator_v02_names_its_source_in_config_source() -> None:
    facts = read_provenance(SLSA_PROVENANCE_V02, v02())
    assert (facts.builder_id, facts.source_repository, facts.source_ref, facts.source_digest,
            facts.workflow_path) == (GENERATOR, "https://github.com/octo/widget",
                                     "refs/tags/v1.2.3", COMMIT.lower(),
                                     ".github/workflows/release.yml")
    assert facts.source_uri == "git+https://github.com/octo/widget@refs/tags/v1.2.3"
    assert facts.source_known


def test_v02_without_config_source_names_no_source() -> None:
    facts = read_provenance(SLSA_PROVENANCE_V02, v02(parameters={}))
    assert not facts.source_known and facts.source_digest is None


def test_v02_source_uri_in_another_form_is_not_guessed() -> None:
    facts = read_provenance(SLSA_PROVENANCE_V02,
                            v02(configSource={"uri": "https://example.org/src.tar.gz"}))
    assert facts.source_uri == "https://example.org/src.tar.gz"
    assert facts.source_repository is None and facts.source_ref is None


def test_github_workflow_build_type_v1_reads_the_workflow_and_its_resolved_commit() -> None:
    facts = read_provenance(SLSA_PROVENANCE_V1, v1())
    assert (facts.builder_id, facts.build_type) == (
        "https://github.com/actions/runner/github-hosted", GITHUB_WORKFLOW_BUILD_TYPE)
    assert (facts.source_repository, facts.source_ref, facts.source_digest) == (
        "https://github.com/octo/widget", "refs/tags/v1.2.3", COMMIT.lower())
    assert facts.workflow_path == ".github/workflows/release.yml"


def test_unknown_v1_build_type_gives_no_source_even_with_workflow_like_parameters() -> None:
    facts = read_provenance(SLSA_PROVENANCE_V1, v1("https://example.org/build/v1"))
    assert facts.build_type == "https://example.org/build/v1"
    assert (facts.source_repository, facts.source_ref, facts.source_digest,
            facts.source_uri) == (None, None, None, None)
    assert not facts.source_known


def test_v1_source_digest_absent_when_no_dependency_is_the_source() -> None:
    predicate = v1()
    predicate["buildDefinition"]["resolvedDependencies"] = [
        {"uri": "git+https://github.com/evil/widget@refs/tags/v1.2.3",
         "digest": {"gitCommit": COMMIT}}]
    assert read_provenance(SLSA_PROVENANCE_V1, predicate).source_digest is None


@pytest.mark.parametrize("predicate_type", ["https://spdx.dev/Document",
                                            "https://slsa.dev/provenance/v0.1"])
def test_another_predicate_type_is_wrong_content(predicate_type: str) -> None:
    with pytest.raises(BundleError) as info:
        read_provenance(predicate_type, v02())
    assert info.value.failure is BundleFailure.WRONG_CONTENT
    assert "not SLSA provenance" in info.value.message


@pytest.mark.parametrize("predicate_type, predicate, field", [
    (SLSA_PROVENANCE_V02, {"buildType": "x"}, "predicate.builder"),
    (SLSA_PROVENANCE_V02, {"builder": {"id": ""}, "buildType": "x"}, "builder.id"),
    (SLSA_PROVENANCE_V1, {"runDetails": {"builder": {"id": "b"}}}, "predicate.buildDefinition"),
    (SLSA_PROVENANCE_V1, {"buildDefinition": {"buildType": GITHUB_WORKFLOW_BUILD_TYPE,
                                              "externalParameters": {"workflow": {"ref": "r"}}},
                          "runDetails": {"builder": {"id": "b"}}},
     "externalParameters.workflow.repository"),
])
def test_malformed_predicate_names_the_field(predicate_type: str, predicate: dict[str, Any],
                                             field: str) -> None:
    with pytest.raises(BundleError) as info:
        read_provenance(predicate_type, predicate)
    assert info.value.failure is BundleFailure.WRONG_CONTENT
    assert field in info.value.message


@pytest.mark.parametrize("uri, expected", [
    ("git+https://github.com/o/n@refs/tags/v1", ("https://github.com/o/n", "refs/tags/v1")),
    ("git+https://github.com/o/n.git@refs/heads/main", ("https://github.com/o/n",
                                                        "refs/heads/main")),
    ("git+https://github.com/o/n", ("https://github.com/o/n", None)),
    ("https://github.com/o/n@refs/tags/v1", None),
    ("git+ssh://github.com/o/n@v1", None),
])
def test_split_source_uri(uri: str, expected: tuple[str, str | None] | None) -> None:
    assert split_source_uri(uri) == expected
