"""Container image references: is the image pinned by digest, and is its tag moving?"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class ImageRef:
    """What matters about an image reference for integrity."""

    text: str
    tag: str | None
    """The tag, or None when the reference has none (the runtime then pulls `latest`)."""
    pinned: bool
    """Named by a sha256 digest, so the content cannot change under the name."""

    @property
    def moving(self) -> bool:
        """`latest`, or no tag and no digest."""
        return not self.pinned and (self.tag is None or self.tag == "latest")


def parse(reference: str) -> ImageRef:
    """Split `[registry[:port]/]name[:tag][@sha256:...]` far enough to judge it."""
    text = reference.strip()
    pinned = bool(_DIGEST.search(text))
    name = text.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else None
    return ImageRef(text=text, tag=tag or None, pinned=pinned)
