"""The Go binaries in a release's artifacts: plain files, and the archives goreleaser makes.

`go_binaries(paths)` yields one `GoArtifact` (display name, SHA-256, size, build info) per Go
binary, whether passed as a file or found inside a `.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`,
`.tar.xz`, `.zip` or single-file `.gz`. `entries(paths)` also yields a `Skipped` for every file
or member looked at and left out, with the reason, so a caller can show what was not audited.

Archives are streamed member by member; a binary found in one is written out only when asked
(`extract_to`, for govulncheck's binary mode). A file named like an archive that starts like
neither an archive nor an executable holds nothing that can be run and is skipped, saying so;
one that starts like an archive and cannot be read is an error. Member names that could
mislead a reader of the report (absolute, `..`, backslashes, drive letters, control
characters) and names that appear twice are refused; links are never followed; the member
count, each binary's size and the total uncompressed size are capped (`Limits`). A member name
is shown as `ARCHIVE!MEMBER`, e.g. `dist/app_linux_amd64.tar.gz!app`.
"""

from __future__ import annotations

import gzip
import hashlib
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from margo_ssdf.discovery import gobuildinfo, goexe
from margo_ssdf.discovery.gobuildinfo import GoBuildInfo, NotGoBinaryError
from margo_ssdf.errors import MargoError
from margo_ssdf.files import sha256_file

__all__ = ["NOT_AN_ARCHIVE", "ArtifactError", "GoArtifact", "Limits", "Skipped", "entries",
           "go_binaries"]

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)
UNSUPPORTED_SUFFIXES = (".tar.zst", ".tzst", ".zst", ".7z", ".rar")
"""Archives that may hold binaries but that the standard library cannot open: refused, so a
release is never reported as audited while its binaries went unseen."""
_CHUNK = 1 << 20
_ARCHIVE_ERRORS = (tarfile.TarError, zipfile.BadZipFile, zipfile.LargeZipFile, OSError,
                   EOFError, zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError,
                   ValueError)
"""What tarfile, zipfile, gzip, bz2 and lzma raise on damaged or unsupported input."""


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ArtifactError(MargoError):
    """A release artifact cannot be read safely: missing, damaged, hostile or over a limit."""


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile archive from exhausting memory or time."""

    max_member_size: int = 512 << 20
    """Largest executable read from an archive (it is held in memory while read)."""
    max_members: int = 100_000
    """Most members in one archive."""
    max_total_size: int = 4 << 30
    """Most uncompressed bytes one archive may declare."""


LIMITS = Limits()


@dataclass(frozen=True)
class GoArtifact:
    """A Go binary of the release."""

    name: str
    """The path as given, or `ARCHIVE!MEMBER` for a binary inside an archive."""
    sha256: str
    """Hex SHA-256 of the binary's bytes (of the member, not of the archive)."""
    size: int
    """The binary's size in bytes."""
    info: GoBuildInfo
    """Its embedded build information."""
    path: Path | None = None
    """Where its bytes are on disk: the file itself, or the copy of an archive member written
    by `entries(..., extract_to=DIR)`; None for a member that was not written out."""


@dataclass(frozen=True)
class Skipped:
    """A file or archive member looked at and not reported as a Go binary."""

    name: str
    reason: str
    """Why, e.g. "not an executable", "a link, not followed"."""


def go_binaries(paths: Iterable[str | os.PathLike[str]], *, limits: Limits = LIMITS,
                extract_to: Path | None = None) -> Iterator[GoArtifact]:
    """Every Go binary among the given files and inside the given archives, in order.

    With `extract_to` (a private directory), each binary found in an archive is also written
    there, for tools that need a file (govulncheck's binary mode). Raises `ArtifactError` for a
    missing path, a directory, a damaged or hostile archive or a limit reached, and
    `GoBuildInfoError` for a Go binary whose build information is damaged.
    """
    for entry in entries(paths, limits=limits, extract_to=extract_to):
        if isinstance(entry, GoArtifact):
            yield entry


def entries(paths: Iterable[str | os.PathLike[str]], *, limits: Limits = LIMITS,
            extract_to: Path | None = None) -> Iterator[GoArtifact | Skipped]:
    """Like `go_binaries`, and also every file or member left out, with the reason."""
    out = _Out(limits, extract_to)
    for path in paths:
        label = os.fspath(path)
        lower = label.lower()
        if lower.endswith(UNSUPPORTED_SUFFIXES):
            raise ArtifactError(f"{label}: this archive format cannot be opened, so the "
                                "binaries in it would go unaudited.",
                                fix="Pass the binaries themselves, or .tar.gz or .zip archives.")
        with _open_regular(Path(path), label) as handle:
            kind = _content(handle, lower)
            if kind == "other":
                yield Skipped(label, NOT_AN_ARCHIVE)
            elif kind == "executable":
                yield _plain(handle, Path(path), label)
            elif lower.endswith(TAR_SUFFIXES):
                yield from _guard(label, _tar(handle, label, out))
            elif lower.endswith(ZIP_SUFFIXES):
                yield from _guard(label, _zip(handle, label, out))
            elif lower.endswith(".gz"):
                inner = Path(label).name[:-3] or "member"
                stream = gzip.GzipFile(fileobj=handle, mode="rb")
                yield from _guard(label, _member(stream, f"{label}!{inner}", None, out))
            else:
                yield _plain(handle, Path(path), label)


NOT_AN_ARCHIVE = ("named like an archive, but its content is neither an archive nor an "
                  "executable, so nothing in it can be run: not opened")
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def _content(handle: IO[bytes], lower: str) -> str:
    """`executable`, `archive` or `other` for a file named like an archive (else `plain`).

    One that starts like an archive and then fails to read is damaged, an error; one that does
    not start like an archive (or an executable) holds nothing that can be run: skipped.
    """
    if not lower.endswith((*TAR_SUFFIXES, *ZIP_SUFFIXES, ".gz")):
        return "plain"
    head = handle.read(512)
    handle.seek(0)
    if goexe.executable_format(head[:4]) is not None:
        return "executable"
    if head.startswith(_ZIP_MAGIC) or (not lower.endswith(ZIP_SUFFIXES)
                                       and head.startswith(_COMPRESSED)):
        return "archive"
    if not lower.endswith(TAR_SUFFIXES) or len(head) < 512:
        return "other"
    try:  # an uncompressed tar: a header whose checksum holds (v7 tars have no magic)
        tarfile.TarInfo.frombuf(head, "utf-8", "surrogateescape")
    except (tarfile.HeaderError, ValueError):
        return "other"
    return "archive"


def _open_regular(path: Path, label: str) -> IO[bytes]:
    """The file opened for reading; a FIFO, a device or a directory is refused, never read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ArtifactError(f"{label}: no such file.", fix="Check the artifact path.") from None
    except OSError as exc:
        raise ArtifactError(f"{label}: cannot be opened ({exc.strerror}).",
                            fix="Check the artifact path and its permissions.") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ArtifactError(f"{label}: not a regular file (a directory, FIFO or device).",
                            fix="Pass the release's files one by one, e.g. dist/*.tar.gz.")
    return os.fdopen(fd, "rb")


def _plain(handle: IO[bytes], path: Path, label: str) -> GoArtifact | Skipped:
    if goexe.executable_format(handle.read(4)) is None:
        return Skipped(label, "not an executable or an archive that is opened")
    try:
        info = gobuildinfo.read(path, name=label)
    except NotGoBinaryError as exc:
        return Skipped(label, exc.reason)
    return GoArtifact(label, sha256_file(path), path.stat().st_size, info, path)


@dataclass(frozen=True)
class _Out:
    """The limits of one reading, and where archive members are written out (if anywhere)."""

    limits: Limits
    extract_to: Path | None

    def write(self, shown: str, digest: str, data: bytes) -> Path | None:
        """The member's bytes as a private file named by its digest, or None when not asked."""
        if self.extract_to is None:
            return None
        base = re.sub(r"[^A-Za-z0-9._-]", "_", shown.rsplit("/", 1)[-1].rsplit("!", 1)[-1])
        target = self.extract_to / f"{digest[:16]}-{base[:64]}"
        if not target.exists():
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o700)
            with os.fdopen(fd, "wb") as sink:
                sink.write(data)
        return target


def _guard(label: str, found: Iterator[GoArtifact | Skipped]) -> Iterator[GoArtifact | Skipped]:
    """The archive library's own errors as one ArtifactError naming the archive."""
    try:
        yield from found
    except _ARCHIVE_ERRORS as exc:
        raise ArtifactError(f"{label}: the archive cannot be read ({type(exc).__name__}: "
                            f"{exc}).", fix="Check that the file is complete and of the "
                            "format its name says; rebuild the archive if it is damaged.") from None


def _tar(handle: IO[bytes], label: str, out: _Out) -> Iterator[GoArtifact | Skipped]:
    limits = out.limits
    seen: set[str] = set()
    total = 0
    # Stream mode ("r|*"): members are read in order, nothing is seeked or extracted.
    with tarfile.open(fileobj=handle, mode="r|*") as archive:
        for count, member in enumerate(archive, 1):
            _count(label, count, limits)
            shown = f"{label}!{_safe_name(label, member.name)}"
            if member.isdir():
                continue
            if member.issym() or member.islnk():
                yield Skipped(shown, "a link, not followed")
                continue
            if not member.isfile():
                yield Skipped(shown, "not a regular file")
                continue
            _once(shown, seen)
            total = _add(label, total, member.size, limits)
            stream = archive.extractfile(member)
            if stream is not None:
                yield from _member(stream, shown, member.size, out)


def _zip(handle: IO[bytes], label: str, out: _Out) -> Iterator[GoArtifact | Skipped]:
    limits = out.limits
    seen: set[str] = set()
    total = 0
    with zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
        _count(label, len(members), limits)
        for member in members:
            shown = f"{label}!{_safe_name(label, member.filename)}"
            mode = member.external_attr >> 16
            if member.is_dir():
                continue
            if stat.S_ISLNK(mode):
                yield Skipped(shown, "a link, not followed")
                continue
            if mode and not stat.S_ISREG(mode):
                yield Skipped(shown, "not a regular file")
                continue
            if member.flag_bits & 1:
                raise ArtifactError(f"{shown}: the member is encrypted and cannot be read.",
                                    fix="Pass release archives without encryption.")
            _once(shown, seen)
            total = _add(label, total, member.file_size, limits)
            with archive.open(member) as stream:
                yield from _member(stream, shown, member.file_size, out)


def _member(stream: _Readable, shown: str, size: int | None,
            out: _Out) -> Iterator[GoArtifact | Skipped]:
    """Read a member only if it starts like an executable; then in chunks, up to the cap."""
    limits = out.limits
    head = stream.read(4)
    if goexe.executable_format(head) is None:
        yield Skipped(shown, "not an executable")
        return
    if size is not None and size > limits.max_member_size:
        raise _too_big(shown, size, limits)
    digest = hashlib.sha256(head)
    chunks, length = [head], len(head)
    while chunk := stream.read(_CHUNK):
        length += len(chunk)
        if length > limits.max_member_size:
            raise _too_big(shown, length, limits)
        digest.update(chunk)
        chunks.append(chunk)
    data = b"".join(chunks)
    try:
        info = gobuildinfo.read(data, name=shown)
    except NotGoBinaryError as exc:
        yield Skipped(shown, exc.reason)
        return
    hexdigest = digest.hexdigest()
    yield GoArtifact(shown, hexdigest, length, info, out.write(shown, hexdigest, data))


def _too_big(shown: str, size: int, limits: Limits) -> ArtifactError:
    return ArtifactError(f"{shown}: the executable is {size} bytes or more, over the limit of "
                         f"{limits.max_member_size} bytes read from an archive.",
                         fix="Pass the binary itself rather than the archive, or raise "
                         "Limits.max_member_size.")


def _safe_name(label: str, raw: str) -> str:
    """The member name shown in reports; names that could point elsewhere are refused."""
    name = raw
    while name.startswith("./"):
        name = name[2:]
    parts = name.rstrip("/").split("/")
    unsafe = (not name or name.startswith("/") or "\\" in name or ".." in parts
              or (len(name) > 1 and name[1] == ":")
              or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name))
    if unsafe:
        raise ArtifactError(f"{label}: the member name {raw!r} is absolute, climbs out with "
                            "'..', or holds a backslash, a drive letter or a control character; "
                            "it is refused rather than shown.",
                            fix="Rebuild the archive with plain relative member names (as "
                            "goreleaser writes them).")
    return name


def _once(shown: str, seen: set[str]) -> None:
    if shown in seen:
        raise ArtifactError(f"{shown}: the member appears twice in the archive, so which one "
                            "a user gets depends on the tool that unpacks it.",
                            fix="Rebuild the archive with each file once.")
    seen.add(shown)


def _count(label: str, count: int, limits: Limits) -> None:
    if count > limits.max_members:
        raise ArtifactError(f"{label}: the archive has more than {limits.max_members} members.",
                            fix="Pass the binaries themselves, or raise Limits.max_members.")


def _add(label: str, total: int, size: int, limits: Limits) -> int:
    total += size
    if total > limits.max_total_size:
        raise ArtifactError(f"{label}: the archive's members add up to more than "
                            f"{limits.max_total_size} bytes uncompressed.",
                            fix="Pass the binaries themselves, or raise Limits.max_total_size.")
    return total
