"""SLSA provenance predicates made by others, read into the few facts a verifier compares.

Pure: a predicate (JSON already parsed from a verified statement) in, `ProvenanceFacts` out.
SLSA provenance v0.2 names its source generically (`invocation.configSource`), so it is read
whatever the build type. SLSA v1 leaves `externalParameters` to each build type, so the source
is read only for build types whose parameters we know; any other build type gives facts with
no source (`source_known` is False) rather than a guess from fields that may mean something
else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from margo_ssdf.attest.errors import BundleError, BundleFailure

SLSA_PROVENANCE_V02: Final = "https://slsa.dev/provenance/v0.2"
SLSA_PROVENANCE_V1: Final = "https://slsa.dev/provenance/v1"
PROVENANCE_TYPES: Final = (SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02)
"""The predicate types understood, newest first."""

GITHUB_WORKFLOW_BUILD_TYPE: Final = (
    "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1")
"""GitHub Actions workflow build type (GitHub artifact attestations, npm provenance)."""

# slsa-github-generator's own v1 build types carry the same `workflow` parameters.
_WORKFLOW_BUILD_TYPES: Final = frozenset({
    GITHUB_WORKFLOW_BUILD_TYPE,
    "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
    "https://github.com/slsa-framework/slsa-github-generator/container@v1",
    "https://github.com/slsa-framework/slsa-github-generator/go@v1",
})

# Git commit digests, as SLSA v0.2 (sha1) and v1 (gitCommit) spell them.
_COMMIT_ALGORITHMS: Final = ("gitCommit", "sha1", "sha256")


@dataclass(frozen=True)
class ProvenanceFacts:
    """What a SLSA provenance predicate says about who built what from which source."""

    predicate_type: str
    """SLSA_PROVENANCE_V02 or SLSA_PROVENANCE_V1."""
    builder_id: str
    """The builder's id (v0.2 builder.id, v1 runDetails.builder.id)."""
    build_type: str
    """The build type (v0.2 buildType, v1 buildDefinition.buildType)."""
    source_uri: str | None
    """The source as the predicate spells it, e.g. git+https://github.com/O/N@refs/tags/v1."""
    source_repository: str | None
    """The source repository URL, e.g. https://github.com/O/N."""
    source_ref: str | None
    """The source ref, e.g. refs/tags/v1.0.0."""
    source_digest: str | None
    """The source commit (lowercase hex), when the predicate records it."""
    workflow_path: str | None = None
    """The workflow file that ran (v0.2 entryPoint, v1 workflow.path), e.g.
    .github/workflows/release.yml."""

    @property
    def source_known(self) -> bool:
        """The predicate names its source repository in a form we understand."""
        return self.source_repository is not None


def read_provenance(predicate_type: str, predicate: dict[str, Any]) -> ProvenanceFacts:
    """The facts of a SLSA v0.2 or v1 predicate; BundleError (wrong-content) for anything else.

    Another predicate type is wrong content, not an unknown statement: the statement was read,
    it is simply not provenance (an SBOM or a test report attestation, say).
    """
    if predicate_type == SLSA_PROVENANCE_V02:
        return _read_v02(predicate)
    if predicate_type == SLSA_PROVENANCE_V1:
        return _read_v1(predicate)
    raise BundleError(
        BundleFailure.WRONG_CONTENT,
        f"the statement's predicate type is {predicate_type!r}, not SLSA provenance "
        f"({', '.join(PROVENANCE_TYPES)})",
        fix="Give the provenance bundle of the artifact (e.g. its .intoto.jsonl or the "
            "attestation with predicate type https://slsa.dev/provenance/v1).")


def split_source_uri(uri: str) -> tuple[str, str | None] | None:
    """git+https://host/O/N@REF as (https://host/O/N, REF); None for another form."""
    if not uri.startswith("git+https://"):
        return None
    location, _, ref = uri.removeprefix("git+").partition("@")
    location = location.removesuffix(".git").rstrip("/")
    if len(location) <= len("https://x"):
        return None
    return location, ref or None


def _read_v02(predicate: dict[str, Any]) -> ProvenanceFacts:
    builder = _object(predicate, "builder", "predicate")
    invocation = predicate.get("invocation")
    config = invocation.get("configSource") if isinstance(invocation, dict) else None
    uri = _optional_text(config, "uri", "invocation.configSource")
    entry = _optional_text(config, "entryPoint", "invocation.configSource")
    digest = _commit(config.get("digest") if isinstance(config, dict) else None)
    split = split_source_uri(uri) if uri else None
    repository, ref = split if split else (None, None)
    return ProvenanceFacts(
        predicate_type=SLSA_PROVENANCE_V02,
        builder_id=_text(builder, "id", "builder"),
        build_type=_text(predicate, "buildType", "predicate"),
        source_uri=uri, source_repository=repository, source_ref=ref,
        source_digest=digest if repository else None, workflow_path=entry)


def _read_v1(predicate: dict[str, Any]) -> ProvenanceFacts:
    definition = _object(predicate, "buildDefinition", "predicate")
    builder = _object(_object(predicate, "runDetails", "predicate"), "builder", "runDetails")
    build_type = _text(definition, "buildType", "buildDefinition")
    facts = ProvenanceFacts(predicate_type=SLSA_PROVENANCE_V1,
                            builder_id=_text(builder, "id", "runDetails.builder"),
                            build_type=build_type, source_uri=None, source_repository=None,
                            source_ref=None, source_digest=None)
    if build_type not in _WORKFLOW_BUILD_TYPES:
        return facts
    return _with_workflow_source(facts, definition)


def _with_workflow_source(facts: ProvenanceFacts, definition: dict[str, Any]) -> ProvenanceFacts:
    """The GitHub workflow build type: externalParameters.workflow and the resolved source."""
    parameters = _object(definition, "externalParameters", "buildDefinition")
    workflow = _object(parameters, "workflow", "externalParameters")
    where = "externalParameters.workflow"
    repository = _text(workflow, "repository", where).removesuffix(".git").rstrip("/")
    ref = _text(workflow, "ref", where)
    uri = f"git+{repository}@{ref}"
    return ProvenanceFacts(
        predicate_type=facts.predicate_type, builder_id=facts.builder_id,
        build_type=facts.build_type, source_uri=uri, source_repository=repository,
        source_ref=ref, source_digest=_resolved_commit(definition, uri),
        workflow_path=_optional_text(workflow, "path", where))


def _resolved_commit(definition: dict[str, Any], uri: str) -> str | None:
    """The commit of the resolved dependency that is the workflow's source, if recorded."""
    dependencies = definition.get("resolvedDependencies")
    if not isinstance(dependencies, list):
        return None
    for dependency in dependencies:
        if isinstance(dependency, dict) and dependency.get("uri") == uri:
            return _commit(dependency.get("digest"))
    return None


def _commit(digest: object) -> str | None:
    if not isinstance(digest, dict):
        return None
    for algorithm in _COMMIT_ALGORITHMS:
        value = digest.get(algorithm)
        if isinstance(value, str) and value:
            return value.lower()
    return None


def _object(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _malformed(f"{where}.{key} is missing or not a JSON object")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise _malformed(f"{where}.{key} is missing or not a non-empty string")
    return value


def _optional_text(data: object, key: str, where: str) -> str | None:
    if not isinstance(data, dict) or data.get(key) in (None, ""):
        return None
    value = data[key]
    if not isinstance(value, str):
        raise _malformed(f"{where}.{key} is not a string")
    return value


def _malformed(message: str) -> BundleError:
    return BundleError(BundleFailure.WRONG_CONTENT,
                       f"the SLSA provenance predicate is malformed: {message}")
