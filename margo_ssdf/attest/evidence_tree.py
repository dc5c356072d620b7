"""What `audit --evidence-dir` demands of the directory, entry by entry.

Every attested file is a regular file reached through no symbolic link (a link could point at
a file with the right digest today and another one tomorrow, or outside the directory), and
every other entry, whatever its kind or name, is reported, except three: the attestation being
audited (or a byte-identical copy of it), the one statements file, and margo-ssdf's own
output marker.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from margo_ssdf.files import file_kind, open_regular, sha256_file, tree_entries
from margo_ssdf.flow import OUTPUT_MARKER, is_output_marker

STATEMENTS_SUFFIX = ".intoto.jsonl"
_SHOWN = 50  # entries named in one step's detail; the count covers the rest


def attested_file_problem(root: Path, rel: str, sha256: str) -> str | None:
    """Why the attested file `rel` under `root` does not hold, or None when it has its digest."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
        return f"{rel} is not a path inside the evidence directory"
    here = root
    for depth, part in enumerate(parts, 1):
        here = here / part
        try:
            mode = here.lstat().st_mode
        except FileNotFoundError:
            return f"{rel} is missing"
        except OSError as exc:
            return f"{rel} cannot be read: {exc.strerror or exc}"
        shown = "/".join(parts[:depth])
        if stat.S_ISLNK(mode):
            return f"{shown} is a symbolic link, not the attested file"
        if depth < len(parts) and not stat.S_ISDIR(mode):
            return f"{shown} is {file_kind(mode)}, not a directory"
    if not stat.S_ISREG(mode):
        return f"{rel} is {file_kind(mode)}, not a regular file"
    try:
        digest = sha256_file(here)
    except OSError as exc:
        return f"{rel} cannot be read: {exc.strerror or exc}"
    return None if digest == sha256 else f"{rel} changed (sha256 differs)"


@dataclass(frozen=True)
class Statements:
    """The evidence directory's statements file, or why there is no single readable one."""

    path: Path | None
    lines: list[bytes]
    problem: str | None


def read_statements(root: Path) -> Statements:
    """The single top-level `*.intoto.jsonl`, read only if it is a regular file."""
    found = sorted(root.glob(f"*{STATEMENTS_SUFFIX}"))
    if len(found) != 1:
        return Statements(None, [], None if not found else "more than one statements file: "
                          + ", ".join(p.name for p in found))
    try:
        with open_regular(found[0], follow_symlinks=False) as f:
            data = f.read()
    except OSError as exc:
        return Statements(found[0], [], f"{found[0].name}: {exc.strerror or exc}")
    return Statements(found[0], [line for line in data.split(b"\n") if line], None)


def unattested_entries(root: Path, attested: set[str], attestation: Path) -> list[str]:
    """Every entry of `root` the attestation does not bind, each with its kind if not a file."""
    is_audited = _same_as(attestation)
    top_statements = [p.name for p in root.glob(f"*{STATEMENTS_SUFFIX}")]
    extra = []
    for rel, info in tree_entries(root):
        regular = stat.S_ISREG(info.st_mode)
        if regular and (rel in attested or is_audited(root / rel, info)):
            continue
        if regular and top_statements == [rel]:
            continue  # the statements file, checked line by line against the signed digests
        if rel == OUTPUT_MARKER and is_output_marker(root / rel):
            continue
        extra.append(rel if regular else f"{rel} ({file_kind(info.st_mode)})")
    return extra


def _same_as(attestation: Path) -> Callable[[Path, os.stat_result], bool]:
    """A test for 'this regular file is the audited attestation, or a byte-identical copy'."""
    try:
        signed = attestation.stat()
        digest = sha256_file(attestation)
    except OSError:
        return lambda path, info: False

    def same(path: Path, info: os.stat_result) -> bool:
        if os.path.samestat(info, signed):
            return True
        try:
            return info.st_size == signed.st_size and sha256_file(path) == digest
        except OSError:
            return False
    return same


def describe_unattested(extra: list[str]) -> str:
    """The step's detail: how many, and the first ones by name."""
    if not extra:
        return "every file in the evidence directory is named by the attestation"
    shown = ", ".join(extra[:_SHOWN])
    more = f", and {len(extra) - _SHOWN} more" if len(extra) > _SHOWN else ""
    return f"{len(extra)} file(s) the attestation does not name: {shown}{more}"
