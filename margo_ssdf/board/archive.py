"""A release's evidence published as one archive (`<release>.evidence.tar.gz`), unpacked safely.

The archive comes from a download, so it is untrusted: only regular files and directories
with relative names inside the target are accepted (no links, devices or FIFOs, no absolute
names, no `..`), with caps on the member count and the unpacked size, all checked from the
headers before anything is written. Python's own 'data' filter then guards the extraction
too, where the interpreter has it (3.11.4 and later). Unpacking proves nothing about the
evidence: every file is still checked against its attested digest afterwards.
"""

from __future__ import annotations

import tarfile
from pathlib import Path, PurePosixPath

from margo_ssdf.errors import MargoError

ARCHIVE_SUFFIX = ".evidence.tar.gz"
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
"""The compressed archive itself."""
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""All members together, as their headers declare them (tarfile reads no more than that)."""
MAX_MEMBERS = 20_000


class EvidenceArchiveError(MargoError):
    """An evidence archive that was refused, and why."""


def _refuse(archive: Path, why: str) -> EvidenceArchiveError:
    return EvidenceArchiveError(
        f"the evidence archive {archive.name} was refused: {why}.",
        fix="Publish the archive the reusable workflow's publish job makes (regular files "
            "only, relative names, sorted, mtime 0), or the evidence directory itself.")


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's relative path ('./' prefixes dropped), or None when it could escape."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or "\0" in name:
        return None
    return path


def vetted_members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    """Every member, after refusing anything that is not a safe file or directory."""
    members: list[tarfile.TarInfo] = []
    seen: set[PurePosixPath] = set()
    total = 0
    for member in tar:
        if len(members) >= MAX_MEMBERS:
            raise _refuse(archive, f"it holds more than {MAX_MEMBERS} members")
        path = _safe_name(member.name)
        if path is None:
            raise _refuse(archive, f"member {member.name!r} has a path outside the archive")
        if not (member.isfile() or member.isdir()):
            raise _refuse(archive, f"member {member.name!r} is a link or a special file, "
                                   "which evidence never is")
        if member.isfile() and path in seen:
            raise _refuse(archive, f"member {member.name!r} appears twice")
        total += member.size if member.isfile() else 0
        if total > MAX_UNPACKED_BYTES:
            raise _refuse(archive, f"it unpacks to more than {MAX_UNPACKED_BYTES} bytes")
        seen.add(path)
        members.append(member)
    return members


def unpack_evidence(archive: Path, into: Path) -> None:
    """Unpack `archive` into the empty directory `into`; EvidenceArchiveError when refused."""
    try:
        size = archive.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise _refuse(archive, f"it is {size} bytes, over the cap of {MAX_ARCHIVE_BYTES}")
        with tarfile.open(archive, mode="r:gz") as tar:
            members = vetted_members(tar, archive)
            _extract(tar, members, into)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise _refuse(archive, f"it could not be unpacked safely as a .tar.gz ({exc})") from exc


def _extract(tar: tarfile.TarFile, members: list[tarfile.TarInfo], into: Path) -> None:
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
        tar.extractall(into, members=members, filter="data")
        return
    # Older Pythons: the members were vetted above; write them ourselves without their modes.
    for member in members:
        path = _safe_name(member.name)
        assert path is not None  # vetted
        target = into.joinpath(*path.parts)
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is None:
            raise tarfile.ReadError(f"member {member.name!r} has no data")
        with source, target.open("xb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
