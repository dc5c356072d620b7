"""Writing files atomically and digesting them by streaming: the two file habits of the package."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

PUBLISHED_MODE = 0o644
"""What margo-ssdf writes is published (SBOM, statements, evidence, reports): world-readable.
Private keys are written elsewhere, 0600 (`attest.keys`)."""


def write_atomic(path: Path, data: bytes, *, within: Path | None = None,
                 mode: int = PUBLISHED_MODE) -> None:
    """Write a file so that readers see the old content or the whole new one, never half.

    With `within`, directories are made below it only: if it is gone, so is the write.
    The file gets `mode` (mkstemp would leave it 0600, unreadable to the people it is for).
    """
    if within is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        for part in reversed([*path.relative_to(within).parents][:-1]):
            (within / part).mkdir(exist_ok=True)  # FileNotFoundError once `within` is removed
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    """Digest of a file, streamed through one reused buffer so memory stays flat."""
    h = hashlib.sha256()
    with path.open("rb", buffering=0) as f:
        # No larger than the file: zeroing 4 MiB for each small evidence file dominated audit.
        buffer = bytearray(max(1, min(chunk, os.fstat(f.fileno()).st_size + 1)))
        view = memoryview(buffer)
        while n := f.readinto(buffer):
            h.update(view[:n])
    return h.hexdigest()
