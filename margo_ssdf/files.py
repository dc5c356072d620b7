"""The file habits of the package: atomic writes, streamed digests, reading regular files only."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import tempfile
from pathlib import Path

from margo_ssdf.errors import OutputError, UsageError

PUBLISHED_MODE = 0o644
"""What margo-ssdf writes is published (SBOM, statements, evidence, reports): world-readable.
Private keys are written elsewhere, 0600 (`attest.keys`)."""

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link"))


class NotRegularFileError(OSError):
    """The path names a FIFO, device, socket, directory or (when not followed) a symlink."""


def file_kind(mode: int) -> str:
    """What a stat mode describes, in words: 'a regular file', 'a FIFO (named pipe)'..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path, *, follow_symlinks: bool = True) -> io.FileIO:
    """Open a file for reading, refusing anything but a regular file before reading a byte.

    Opening a FIFO waits for a writer and reading a device may never end, so the file is opened
    without blocking and its type checked on the open descriptor (no race with a rename).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags | (0 if follow_symlinks else os.O_NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks and path.is_symlink():
            raise NotRegularFileError(errno.ELOOP, "it is a symbolic link, not a regular file",
                                      str(path)) from exc
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL,
                                      f"it is {file_kind(mode)}, not a regular file", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


def open_input(path: Path, what: str) -> io.FileIO:
    """Open a file the user named on the command line; UsageError unless it is a regular file."""
    try:
        return open_regular(path)
    except NotRegularFileError as exc:
        raise UsageError(f"{what} {path}: {exc.strerror}.",
                         fix="Give the file itself: margo-ssdf reads no pipes, devices or "
                             "directories, which could block it or never end.") from exc
    except FileNotFoundError as exc:
        raise UsageError(f"{what} {path} does not exist.", fix="Check the path.") from exc
    except OSError as exc:
        raise UsageError(f"{what} {path} cannot be read: {exc.strerror or exc}.",
                         fix="Check the path and its permissions.") from exc


def read_input(path: Path, what: str) -> bytes:
    """The bytes of a file the user named; UsageError unless it is a readable regular file."""
    with open_input(path, what) as f:
        try:
            return f.read()
        except OSError as exc:
            raise UsageError(f"{what} {path} cannot be read: {exc.strerror or exc}.",
                             fix="Check the file and the disk.") from exc



def write_atomic(path: Path, data: bytes, *, within: Path | None = None,
                 mode: int = PUBLISHED_MODE) -> None:
    """Write a file so that readers see the old content or the whole new one, never half.

    With `within`, directories are made below it only: if it is gone, so is the write; a path
    that leaves it (`..`, or a directory on the way that is a link out of it) is refused.
    The file gets `mode` (mkstemp would leave it 0600, unreadable to the people it is for).
    """
    if within is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        rel = path.relative_to(within)
        if ".." in rel.parts:
            raise OutputError(f"{path}: refused, it is outside {within}.",
                              fix="Name a file inside the directory.")
        for part in reversed([*rel.parents][:-1]):
            (within / part).mkdir(exist_ok=True)  # FileNotFoundError once `within` is removed
        if not path.parent.resolve().is_relative_to(within.resolve()):
            raise OutputError(f"{path}: refused, a directory on its way is a link out of "
                              f"{within}.", fix="Remove the link, or write the file yourself.")
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
    with open_regular(path) as f:  # a FIFO would block the digest forever
        # No larger than the file: zeroing 4 MiB for each small evidence file dominated audit.
        buffer = bytearray(max(1, min(chunk, os.fstat(f.fileno()).st_size + 1)))
        view = memoryview(buffer)
        while n := f.readinto(buffer):
            h.update(view[:n])
    return h.hexdigest()


def tree_entries(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry under `root` that is not a directory, as (relative POSIX path, lstat).

    Symbolic links are listed, never followed (a link to a directory is not walked, a link
    loop is one entry), so a caller sees FIFOs, devices and links as what they are.
    """
    found: list[tuple[str, os.stat_result]] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    pending.append(Path(entry.path))
                else:
                    found.append((Path(entry.path).relative_to(root).as_posix(), info))
    return sorted(found, key=lambda item: item[0])
