"""`oci://REGISTRY/REPOSITORY@sha256:HEX` (or `:TAG`), as publish prints and audit takes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from margo_ssdf.errors import UsageError

SCHEME = "oci://"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
# The distribution spec's grammar for repository names and tags.
_REPOSITORY = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                         r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
_REGISTRY = re.compile(r"^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$|^\[[0-9a-fA-F:]+\](?::[0-9]{1,5})?$")


def is_oci(text: str) -> bool:
    """True for an argument that names a registry rather than a file."""
    return text.startswith(SCHEME)


@dataclass(frozen=True)
class Reference:
    """A repository in a registry, and optionally one manifest in it by digest or tag."""

    registry: str
    """Host and optional port, e.g. ghcr.io or 127.0.0.1:5000."""
    repository: str
    digest: str | None = None
    """sha256:HEX when the reference pins a manifest."""
    tag: str | None = None

    @property
    def manifest(self) -> str:
        """The digest or tag to ask the registry for (UsageError when neither was given)."""
        if self.digest or self.tag:
            return self.digest or self.tag or ""
        raise UsageError(f"{self}: names no manifest.",
                         fix=f"Give the reference publish printed: {self}@sha256:...")

    def at(self, digest: str) -> Reference:
        return Reference(self.registry, self.repository, digest=digest)

    def __str__(self) -> str:
        base = f"{SCHEME}{self.registry}/{self.repository}"
        return base + (f"@{self.digest}" if self.digest else f":{self.tag}" if self.tag else "")


def parse(text: str, *, what: str = "reference") -> Reference:
    """Parse an oci:// reference; UsageError naming the part that is wrong."""
    fix = "Write oci://REGISTRY/REPOSITORY (e.g. oci://ghcr.io/org/app) and, to name one " \
          "manifest, @sha256:<64 hex digits> or :TAG."
    if not is_oci(text):
        raise UsageError(f"{what} '{text}' does not start with {SCHEME}.", fix=fix)
    rest = text[len(SCHEME):]
    registry, _, path = rest.partition("/")
    digest = tag = None
    if "@" in path:
        path, _, digest = path.partition("@")
        if not _DIGEST.match(digest):
            raise UsageError(f"{what} '{text}': '{digest}' is not sha256:<64 hex digits>.",
                             fix=fix)
    elif ":" in path.rsplit("/", 1)[-1]:
        path, _, tag = path.rpartition(":")
        if not _TAG.match(tag):
            raise UsageError(f"{what} '{text}': '{tag}' is not a valid tag.", fix=fix)
    if not _REGISTRY.match(registry):
        raise UsageError(f"{what} '{text}': '{registry}' is not a registry host[:port].",
                         fix=fix)
    if not _REPOSITORY.match(path):
        raise UsageError(f"{what} '{text}': '{path}' is not a repository name (lower-case "
                         "letters, digits, separators . _ - and /).", fix=fix)
    return Reference(registry, path, digest=digest, tag=tag)
