"""Checks of a Sigstore bundle that sigstore-python's verification does not make.

sigstore-python 4.5.1 accepts a verified bundle with some parts edited that it does not verify
(found by the tamper suite, tests/reliability/test_tamper.py). They change nothing it proves,
but a verified bundle should have one spelling only, so these are refused after it verifies.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any, Final

from sigstore.models import TrustedRoot

from margo_ssdf.attest.errors import BundleError, BundleFailure

# The bundle's fields that protobuf-specs declares `bytes`, which JSON spells in base64.
_BYTES_FIELDS: Final = frozenset({
    "rawBytes", "digest", "signature", "keyId", "canonicalizedBody", "signedEntryTimestamp",
    "rootHash", "hashes", "signedTimestamp", "payload", "sig"})
# Go's note package, which Rekor and witnesses use, refuses notes with more signatures.
_MAX_SIGNATURES: Final = 100


def check_unverified_parts(data: dict[str, Any], root: TrustedRoot, path: Path) -> None:
    """Refuse edits that sigstore-python's verification lets through (found by the tamper suite).

    They change nothing it verifies, but a verified bundle should have one spelling only:
    base64 with stray trailing bits, a log id naming no log of the trust root, a Rekor v2
    entry index that is not its proof's, an inclusion promise without the time it signs, a
    checkpoint that is not a well-formed signed note (C2SP signed-note and tlog-checkpoint),
    or whose log signature names another log than its origin line. Witness cosignatures may
    stand anywhere among the signature lines (the spec fixes no order); they are not verified:
    the trust root has no witness keys. Still not covered: parts of an RFC 3161 token its
    verification ignores.
    """
    _check_base64(data, path)
    known = {bytes(t.log_id.key_id) for t in root._inner.tlogs}  # sigstore has no accessor
    for n, entry in enumerate(data["verificationMaterial"].get("tlogEntries") or []):
        _check_log_entry(n, entry, known, path)


def _check_base64(data: dict[str, Any], path: Path) -> None:
    for where, text in _byte_strings(data, "bundle"):
        if _strict_b64(text) is None:
            raise BundleError(BundleFailure.MALFORMED, f"{where} is not canonically "
                              "base64-encoded: it was edited after signing", bundle=path)


def _strict_b64(text: str) -> bytes | None:
    """The bytes `text` encodes, if it is their one canonical base64 spelling."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode() == text else None


def _check_log_entry(n: int, entry: dict[str, Any], known: set[bytes], path: Path) -> None:
    where = f"tlogEntries[{n}]"
    log_id = _strict_b64(str((entry.get("logId") or {}).get("keyId")))
    if log_id not in known:
        raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                          f"{where}.logId names no log of the trust root", bundle=path)
    proof = entry.get("inclusionProof") or {}
    if (entry.get("kindVersion") or {}).get("version") == "0.0.2" and \
            str(entry.get("logIndex")) != str(proof.get("logIndex")):
        # Rekor v2 logs are not sharded: only the inclusion proof's index is verified, and
        # the entry's own must be the same.
        raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                          f"{where}.logIndex is not the index its inclusion proof verifies",
                          bundle=path)
    if entry.get("inclusionPromise") and not entry.get("integratedTime"):
        # sigstore-python checks a promise only together with the time it signs.
        raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                          f"{where} has an inclusion promise but no integratedTime, so "
                          "nothing verifies it", bundle=path)
    note = (proof.get("checkpoint") or {}).get("envelope")
    if isinstance(note, str):
        _check_checkpoint(f"{where}.inclusionProof.checkpoint", note, proof,
                          log_id, known, path)


def _check_checkpoint(where: str, note: str, proof: dict[str, Any], log_id: bytes,
                      known: set[bytes], path: Path) -> None:
    """The checkpoint is a well-formed signed note, signed in its origin's name by the log.

    sigstore-python finds the log's signature by key hint alone, skips text between
    signature lines and reads the root hash leniently; these checks hold the rest.
    """
    def refuse(why: str) -> BundleError:
        return BundleError(BundleFailure.LOG_ENTRY_MISMATCH, f"{where}: {why}", bundle=path)

    if any(c < " " and c != "\n" for c in note) or note.count("\n\n") != 1:
        raise refuse("not a signed note (one blank line, no control characters)")
    body, block = note.split("\n\n")
    lines = body.split("\n")
    if len(lines) < 3 or not lines[0] or lines[1] != str(proof.get("treeSize")) or \
            _strict_b64(lines[2]) != _strict_b64(str(proof.get("rootHash"))):
        raise refuse("the checkpoint's origin, tree size and root hash are not the "
                     "inclusion proof's")
    log = lines[0].split(" - ", 1)[0]  # Rekor v1 origins add " - <tree id>" to the name
    signatures = [_signature_line(line) for line in block.split("\n")[:-1]]
    if block[-1:] != "\n" or None in signatures or len(signatures) > _MAX_SIGNATURES:
        raise refuse("a signature line is not '\u2014 NAME BASE64' (at most "
                     f"{_MAX_SIGNATURES} lines, each ending in a newline)")
    hints = {key[:4] for key in known}
    for name, hint in (s for s in signatures if s is not None):
        if hint == log_id[:4] and name != log:
            raise refuse(f"the log's signature names {name!r}, not the log {log!r} its "
                         "origin line names")
        if name == log and hint not in hints:
            raise refuse(f"a signature in the name of {log!r} is by no log of the trust root")
    if (log, log_id[:4]) not in signatures:
        raise refuse(f"no signature line names the log {log!r} with its key")


def _signature_line(line: str) -> tuple[str, bytes] | None:
    """(key name, key hint) of a signature line, None if it is malformed."""
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != "\u2014" or not parts[1] or "+" in parts[1] or \
            any(c.isspace() for c in parts[1]):
        return None
    raw = _strict_b64(parts[2])
    return (parts[1], raw[:4]) if raw is not None and len(raw) > 4 else None


def _byte_strings(node: Any, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _BYTES_FIELDS:
                values = value if isinstance(value, list) else [value]
                found += [(f"{where}.{key}", v) for v in values if isinstance(v, str)]
            else:
                found += _byte_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _byte_strings(value, f"{where}[{i}]")
    return found
