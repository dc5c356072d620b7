"""margo_ssdf.files: atomic, published (world-readable) writes and streamed digests."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from margo_ssdf.files import sha256_file, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_published_files_are_world_readable(tmp_path: Path) -> None:
    out = tmp_path / "sbom.cdx.json"
    write_atomic(out, b"{}")
    assert _mode(out) == 0o644 and out.read_bytes() == b"{}"
    write_atomic(out, b"[]")  # replacing keeps the mode, and leaves no temporary file
    assert _mode(out) == 0o644 and [p.name for p in tmp_path.iterdir()] == ["sbom.cdx.json"]


def test_a_private_file_keeps_the_mode_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "secret"
    write_atomic(out, b"x", mode=0o600)
    assert _mode(out) == 0o600


def test_digest_streams_the_whole_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000
    (tmp_path / "f").write_bytes(data)
    assert sha256_file(tmp_path / "f", chunk=4096) == hashlib.sha256(data).hexdigest()
