"""`margo-ssdf fetch` and `audit oci://...`: find the release's artifact, pull every file.

The reference names either the artifact itself (what publish printed) or an attested image,
whose referrers of our artifact type are looked up (the referrers API, else the tag schema).
Every manifest and blob is checked against its digest before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margo_ssdf.errors import ExitCode, MargoError
from margo_ssdf.files import write_atomic
from margo_ssdf.oci import media
from margo_ssdf.oci.client import Manifest, Registry, RegistryError


class NoAttestation(MargoError):
    """Nothing margo-ssdf published refers to the given digest."""

    exit_code = ExitCode.NOT_COMPLIANT


@dataclass(frozen=True)
class Fetched:
    """What was pulled into a directory."""

    directory: Path
    attestation: Path
    """The signed attestation, to audit with `directory` as its evidence directory."""
    artifact: str
    """The digest of the artifact manifest the files came from."""
    subject: str | None = None
    """The image or chart digest (`sha256:HEX`) the artifact says it describes. The registry's
    `subject` link is not signed: the audit requires the signed statement to name it."""


def find_artifact(registry: Registry) -> Manifest:
    """The artifact manifest the reference names, directly or as its one referrer."""
    wanted = registry.ref.manifest
    named = registry.manifest(wanted)
    if named is None:
        raise NoAttestation(f"{registry.ref}: no such manifest in the registry.",
                            fix="Check the digest; publish prints the reference to use.")
    if named.body.get("artifactType") == media.ARTIFACT_TYPE:
        return named
    found = {d["digest"]: d for d in registry.referrers(named.digest, media.ARTIFACT_TYPE)
             if isinstance(d.get("digest"), str)}
    if not found:
        raise NoAttestation(
            f"{registry.ref}: no margo-ssdf attestation refers to {named.digest} (neither the "
            "referrers API nor the referrers tag schema lists one).",
            fix="Publish the release with `margo-ssdf publish OUT_DIR --to "
                f"oci://{registry.ref.registry}/{registry.ref.repository}`, or give the "
                "reference publish printed.")
    if len(found) > 1:
        listed = ", ".join(str(registry.ref.at(d)) for d in sorted(found))
        raise NoAttestation(f"{registry.ref}: {len(found)} margo-ssdf attestations refer to "
                            f"it: {listed}.", fix="Audit one of them by its reference.")
    artifact = registry.manifest(next(iter(found)))
    subject = artifact.body.get("subject") if artifact else None
    if artifact is None or artifact.body.get("artifactType") != media.ARTIFACT_TYPE \
            or not isinstance(subject, dict) or subject.get("digest") != named.digest:
        raise NoAttestation(f"{registry.ref}: the referrer listed for {named.digest} is "
                            "missing, or is not a margo-ssdf attestation of it.",
                            fix="Publish the release again.")
    return artifact


def pull(registry: Registry, into: Path) -> Fetched:
    """Pull the artifact's files into the empty directory `into`."""
    artifact = find_artifact(registry)
    layers = artifact.body.get("layers")
    if not isinstance(layers, list) or not layers:
        raise RegistryError(f"{registry.ref.at(artifact.digest)}: the artifact has no files.")
    titles = [_title(layer) for layer in layers]
    if len(set(titles)) != len(titles):
        raise RegistryError(f"{registry.ref.at(artifact.digest)}: names a file twice.")
    signed = [t for t, layer in zip(titles, layers, strict=True)
              if layer.get("mediaType") in media.SIGNED and "/" not in t]
    if len(signed) != 1:
        raise NoAttestation(f"{registry.ref.at(artifact.digest)}: holds {len(signed)} signed "
                            "attestations, not one.", fix="Publish the release again.")
    for title in titles:
        if any(other.startswith(f"{title}/") for other in titles):
            raise RegistryError(f"{registry.ref.at(artifact.digest)}: names {title} both as a "
                                "file and as a directory.", fix="Publish the release again.")
    for title, layer in zip(titles, layers, strict=True):
        data = registry.blob(str(layer.get("digest")), layer.get("size"))
        try:
            write_atomic(into / title, data, within=into)
        except OSError as exc:
            raise RegistryError(f"{registry.ref.at(artifact.digest)}: its file {title[:80]} "
                                f"cannot be written ({exc.strerror}).",
                                fix="Publish the release again.") from exc
    subject = artifact.body.get("subject")
    named = subject.get("digest") if isinstance(subject, dict) else None
    return Fetched(into, into / signed[0], artifact.digest,
                   named if isinstance(named, str) else None)


def _title(layer: Any) -> str:
    if not isinstance(layer, dict):
        raise RegistryError("the artifact's layer list holds something that is not a layer.")
    annotations = layer.get("annotations")
    return media.safe_title(annotations.get(media.TITLE) if isinstance(annotations, dict)
                            else None)
