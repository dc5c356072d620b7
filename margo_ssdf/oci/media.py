"""The media types margo-ssdf gives what it pushes (documented in attestations/README.md)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from margo_ssdf.errors import UsageError

ARTIFACT_TYPE = "application/vnd.margo-ssdf.attestation.v1+json"
"""The artifactType of the manifest: one release's signed attestation with its evidence."""
DSSE = "application/vnd.margo-ssdf.attestation.dsse.v1+json"
SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json"
STATEMENTS = "application/vnd.margo-ssdf.statements.v1+jsonl"
CYCLONEDX = "application/vnd.cyclonedx+json"
EVIDENCE = "application/vnd.margo-ssdf.evidence.v1"
SIGNED = (DSSE, SIGSTORE_BUNDLE)

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MANIFESTS = (OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)
EMPTY = "application/vnd.oci.empty.v1+json"
EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
EMPTY_CONFIG = {"mediaType": EMPTY, "digest": EMPTY_DIGEST, "size": 2, "data": "e30="}
TITLE = "org.opencontainers.image.title"

_UNSAFE_TAG = re.compile(r"[^A-Za-z0-9_.-]")


def for_file(rel: str) -> str:
    """The layer media type of one file of an attest directory, from its name."""
    if rel.endswith(".dsse.json"):
        return DSSE
    if rel.endswith(".sigstore.json"):
        return SIGSTORE_BUNDLE
    if rel.endswith(".intoto.jsonl"):
        return STATEMENTS
    if rel.endswith("sbom.cdx.json"):
        return CYCLONEDX
    return EVIDENCE


def release_tag(attestation_name: str) -> str:
    """The tag of a release's own artifact: `<name>-<version>.margo-ssdf`, from the file
    name attest gave the attestation (`<name>-<version>.dsse.json`)."""
    stem = attestation_name.removesuffix(".dsse.json").removesuffix(".sigstore.json")
    tag = _UNSAFE_TAG.sub("_", stem).lstrip(".-")[:116] + ".margo-ssdf"
    return tag if tag[0].isalnum() or tag[0] == "_" else f"_{tag}"


def safe_title(title: object) -> str:
    """A layer's title as a relative path to write, refusing anything that could leave the
    directory (absolute, `..`, backslashes, empty parts)."""
    if not isinstance(title, str) or not title or "\\" in title or "\0" in title:
        raise UsageError(f"the artifact names a file {title!r}, which is not a plain path.",
                         fix="Fetch only artifacts that margo-ssdf publish pushed.")
    path = PurePosixPath(title)
    if path.is_absolute() or any(p in ("", ".", "..") for p in title.split("/")):
        raise UsageError(f"the artifact names a file '{title}' outside its directory.",
                         fix="Fetch only artifacts that margo-ssdf publish pushed.")
    return title
