"""Where advisory files come from on disk: a directory tree, a zip, or one file.

`PathSource` reads them for `importer`; `check_archive` refuses a zip bomb from the zip's
directory alone, before a byte is unpacked.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from margo_ssdf.files import sha256_file
from margo_ssdf.vulndb.errors import StoreError
from margo_ssdf.vulndb.osv import MAX_DOCUMENT_BYTES, is_advisory_name


@dataclass(frozen=True)
class ImportProblem:
    """An advisory file that was not imported."""

    file: str
    """The file: a path, or `archive.zip!member` inside a zip."""
    reason: str
    """Why it was refused."""



class PathSource:
    """Every advisory file of a directory tree (zips in it included), a zip, or one file."""

    def __init__(self, path: Path, *, location: str | None = None) -> None:
        self.path = path
        self.location = location or str(path)
        self.problems: list[ImportProblem] = []
        self.manifest: list[tuple[str, str]] = []  # (relative name, sha256) for the digest
        if path.is_dir():
            self.kind = "directory"
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            self.kind = "zip"
        elif is_advisory_name(path.name):
            self.kind = "file"
        else:
            raise StoreError(
                f"{path} is neither a directory, a zip, nor an OSV JSON or YAML file.",
                fix="Give a directory or zip of OSV advisories (.json, .yaml or .yml files).",
            )

    def digest(self) -> str:
        """sha256 of the zip or file; for a directory, of its sorted (path, sha256) list."""
        if self.kind != "directory":
            return sha256_file(self.path)
        h = hashlib.sha256()
        for name, digest in sorted(self.manifest):
            h.update(f"{name}\t{digest}\n".encode())
        return h.hexdigest()

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(display name, bytes) of every advisory file, hidden files and folders skipped."""
        if self.kind == "zip":
            yield from self._archive(self.path, self.location)
        elif self.kind == "file":
            yield from self._file(self.path, str(self.path))
        else:
            yield from self._directory()

    def _directory(self) -> Iterator[tuple[str, bytes]]:
        def unreadable(error: OSError) -> None:
            reason = f"cannot be read: {error.strerror}"
            self.problems.append(ImportProblem(str(error.filename), reason))

        for dirpath, dirnames, filenames in os.walk(self.path, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                path = Path(dirpath) / filename
                if filename.lower().endswith(".zip"):
                    self.manifest.append((self._relative(path), sha256_file(path)))
                    yield from self._archive(path, str(path))
                elif is_advisory_name(filename):
                    yield from self._file(path, self._relative(path))

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.path).as_posix()

    def _file(self, path: Path, name: str) -> Iterator[tuple[str, bytes]]:
        try:
            size = path.stat().st_size
            if size > MAX_DOCUMENT_BYTES:
                self.problems.append(ImportProblem(str(path), "larger than 16 MiB; not read"))
                return
            raw = path.read_bytes()
        except OSError as exc:
            self.problems.append(ImportProblem(str(path), f"cannot be read: {exc.strerror}"))
            return
        if self.kind == "directory":
            self.manifest.append((name, hashlib.sha256(raw).hexdigest()))
        yield str(path), raw

    def _archive(self, path: Path, display: str) -> Iterator[tuple[str, bytes]]:
        fix = "Download or copy the archive again; nothing was imported from it."
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise StoreError(f"{display} is not a readable zip archive: {exc}.", fix=fix) from exc
        with archive:
            check_archive(archive, display)
            for info in archive.infolist():
                parts = info.filename.split("/")
                hidden = any(p.startswith(".") for p in parts) or parts[0] == "__MACOSX"
                if info.is_dir() or hidden or not is_advisory_name(parts[-1]):
                    continue
                member = f"{display}!{info.filename}"
                if info.file_size > MAX_DOCUMENT_BYTES:
                    self.problems.append(ImportProblem(member, "larger than 16 MiB; not read"))
                    continue
                try:
                    with archive.open(info) as stream:
                        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                    raise StoreError(
                        f"{display} is corrupt: member {info.filename} cannot be read ({exc}).",
                        fix=fix,
                    ) from exc
                except (NotImplementedError, RuntimeError) as exc:
                    raise StoreError(
                        f"{display}: member {info.filename} cannot be read ({exc}).",
                        fix="Use an unencrypted zip with deflate compression.",
                    ) from exc
                if len(raw) > MAX_DOCUMENT_BYTES:
                    self.problems.append(ImportProblem(member, "larger than 16 MiB; not read"))
                    continue
                yield member, raw


MAX_ARCHIVE_BYTES = 16 * 1024**3
"""A zip whose members add up to more than this is refused unread (the largest OSV
ecosystem export, npm, unpacks to a few GiB)."""
MAX_ARCHIVE_MEMBERS = 2_000_000
MAX_PACKING_RATIO = 100
"""Advisory JSON packs about tenfold; a zip unpacking to over 64 MiB at more than this
ratio is a zip bomb, refused before anything is unpacked."""


def check_archive(archive: zipfile.ZipFile, display: str, *,
                  max_bytes: int = MAX_ARCHIVE_BYTES) -> None:
    """Refuse a zip bomb from its directory alone: too many members, too many bytes unpacked,
    or far more unpacked than packed."""
    members = archive.infolist()
    unpacked = sum(i.file_size for i in members)
    packed = sum(i.compress_size for i in members)
    why = None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        why = f"{len(members)} members, more than {MAX_ARCHIVE_MEMBERS}"
    elif unpacked > max_bytes:
        why = f"{unpacked} bytes unpacked, more than {max_bytes}"
    elif unpacked > 64 * 1024**2 and unpacked > MAX_PACKING_RATIO * max(packed, 1):
        why = (f"{unpacked} bytes unpacked from {packed} packed, more than "
               f"{MAX_PACKING_RATIO} times")
    if why:
        raise StoreError(f"{display} looks like a zip bomb ({why}); nothing was imported.",
                         fix="Use the OSV export itself, or split the archive by ecosystem.")
