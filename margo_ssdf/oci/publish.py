"""`margo-ssdf publish`: an attest directory pushed as one OCI artifact per attested image.

The artifact is an OCI 1.1 image manifest with `artifactType` ARTIFACT_TYPE, the empty config
and one layer per file of the directory (titled with its relative path, typed by `media`).
For each subject of the signed statement that is a manifest in the target repository, one
such manifest names it as `subject`; when any subject is not (plain release files), one more
without a subject is tagged `<name>-<version>.margo-ssdf`. A registry that does not answer
the push with `OCI-Subject` gets the referrers tag schema: the index tagged `sha256-<hex>`
gains the new manifest.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margo_ssdf.errors import UsageError
from margo_ssdf.files import read_input, tree_entries
from margo_ssdf.flow import OUTPUT_MARKER
from margo_ssdf.oci import media
from margo_ssdf.oci.client import Manifest, Registry, fallback_tag, sha256
from margo_ssdf.oci.reference import Reference


@dataclass(frozen=True)
class Pushed:
    """One artifact manifest pushed."""

    reference: Reference
    """oci://REGISTRY/REPO@sha256:... of the artifact manifest."""
    subject: str | None
    """The image digest it refers to, or None for the release's own tagged artifact."""
    tag: str | None
    referrers: str
    """How it is found from its subject: "api", "tag schema", or "tag" (no subject)."""

    def as_json(self) -> dict[str, Any]:
        return {"reference": str(self.reference), "subject": self.subject, "tag": self.tag,
                "referrers": self.referrers}


@dataclass(frozen=True)
class _Layer:
    title: str
    data: bytes

    def descriptor(self) -> dict[str, Any]:
        return {"mediaType": media.for_file(self.title), "digest": sha256(self.data),
                "size": len(self.data), "annotations": {media.TITLE: self.title}}


def collect(out_dir: Path) -> tuple[list[_Layer], _Layer]:
    """Every file of the attest directory, and the signed attestation among them."""
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise UsageError(f"{out_dir}: is not a directory.",
                         fix="Give the directory `margo-ssdf attest --out` wrote.")
    try:
        entries = tree_entries(out_dir)
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot be read: {exc.strerror or exc}.") from exc
    odd = [rel for rel, info in entries if not stat.S_ISREG(info.st_mode)]
    if odd:
        raise UsageError(f"{out_dir}: holds entries that are not regular files "
                         f"({', '.join(sorted(odd)[:5])}).",
                         fix="Publish the directory attest wrote, without links or pipes.")
    layers = [_Layer(rel, read_input(out_dir / rel, "evidence file"))
              for rel, _ in sorted(entries) if rel != OUTPUT_MARKER]
    signed = [layer for layer in layers if media.for_file(layer.title) in media.SIGNED
              and "/" not in layer.title]
    if len(signed) != 1:
        raise UsageError(f"{out_dir}: holds {len(signed)} signed attestations "
                         "(*.dsse.json, *.sigstore.json), not one.",
                         fix="Publish the directory of one `margo-ssdf attest --sign key|"
                             "sigstore` run: an unsigned release cannot be audited.")
    return layers, signed[0]


def statement_subjects(signed: _Layer) -> list[str]:
    """The sha256 digests the signed statement names (read, not verified: the auditor
    verifies; these only choose what the artifact refers to)."""
    from margo_ssdf.attest.statement import claimed_subjects

    try:
        document = json.loads(signed.data)
    except ValueError:
        document = None
    found = claimed_subjects(document) if isinstance(document, dict) else set()
    if not found:
        raise UsageError(f"{signed.title}: its statement's subjects cannot be read.",
                         fix="Publish a directory written by `margo-ssdf attest`.")
    return [f"sha256:{hexdigest}" for hexdigest in sorted(found)]


def manifest_bytes(layers: list[_Layer], title: str, subject: Manifest | None) -> bytes:
    body: dict[str, Any] = {
        "schemaVersion": 2, "mediaType": media.OCI_MANIFEST,
        "artifactType": media.ARTIFACT_TYPE, "config": media.EMPTY_CONFIG,
        "layers": [layer.descriptor() for layer in layers],
        "annotations": {media.TITLE: title}}
    if subject is not None:
        body["subject"] = subject.descriptor()
    # No timestamp: publishing the same directory again yields the same digest.
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def publish(out_dir: Path, registry: Registry) -> list[Pushed]:
    """Push the attest directory; one Pushed per manifest, image referrers first."""
    layers, signed = collect(out_dir)
    digests = statement_subjects(signed)
    registry.push_blob(b"{}")
    for layer in layers:
        registry.push_blob(layer.data)
    title = signed.title.removesuffix(".dsse.json").removesuffix(".sigstore.json")
    images = [m for d in dict.fromkeys(digests) if (m := registry.manifest(d)) is not None]
    pushed = [_push_referrer(registry, manifest_bytes(layers, title, image), image)
              for image in images]
    if len(images) < len(set(digests)):
        raw = manifest_bytes(layers, title, None)
        tag = media.release_tag(signed.title)
        registry.put_manifest(raw, media.OCI_MANIFEST, sha256(raw))
        registry.put_manifest(raw, media.OCI_MANIFEST, tag)
        pushed.append(Pushed(registry.ref.at(sha256(raw)), None, tag, "tag"))
    return pushed


def _push_referrer(registry: Registry, raw: bytes, image: Manifest) -> Pushed:
    response = registry.put_manifest(raw, media.OCI_MANIFEST, sha256(raw))
    ref = registry.ref.at(sha256(raw))
    if response.headers.get("OCI-Subject") == image.digest:
        return Pushed(ref, image.digest, None, "api")
    _add_to_tag_index(registry, image.digest, {
        "mediaType": media.OCI_MANIFEST, "digest": sha256(raw), "size": len(raw),
        "artifactType": media.ARTIFACT_TYPE})
    return Pushed(ref, image.digest, None, "tag schema")


def _add_to_tag_index(registry: Registry, subject: str, entry: dict[str, Any]) -> None:
    """The referrers tag schema: the index tagged sha256-<hex> lists every referrer."""
    index = registry.tag_index(subject)
    listed = [m for m in index.get("manifests", []) if isinstance(m, dict)]
    if any(m.get("digest") == entry["digest"] for m in listed):
        return
    index = {**index, "schemaVersion": 2, "mediaType": media.OCI_INDEX,
             "manifests": [*listed, entry]}
    raw = json.dumps(index, sort_keys=True, separators=(",", ":")).encode()
    registry.put_manifest(raw, media.OCI_INDEX, fallback_tag(subject))
