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


def check_unverified_parts(data: dict[str, Any], root: TrustedRoot, path: Path) -> None:
    """Refuse edits that sigstore-python's verification lets through (found by the tamper suite).

    They change nothing it verifies, but a verified bundle should have one spelling only:
    base64 with stray trailing bits, a log id naming no log of the trust root, a Rekor v2
    entry index that is not its proof's, a checkpoint whose log signature names another log
    than its origin line. Still not covered: witness cosignatures in a checkpoint (the trust
    root has no witness keys) and parts of an RFC 3161 token its verification ignores.
    """
    _check_base64(data, path)
    known = {base64.b64encode(t.log_id.key_id).decode()
             for t in root._inner.tlogs}  # sigstore has no public accessor
    for n, entry in enumerate(data["verificationMaterial"].get("tlogEntries") or []):
        _check_log_entry(n, entry, known, path)


def _check_base64(data: dict[str, Any], path: Path) -> None:
    for where, text in _byte_strings(data, "bundle"):
        try:
            canonical = base64.b64encode(base64.b64decode(text, validate=True)).decode()
        except (binascii.Error, ValueError):
            canonical = None
        if canonical != text:
            raise BundleError(BundleFailure.MALFORMED, f"{where} is not canonically "
                              "base64-encoded: it was edited after signing", bundle=path)


def _check_log_entry(n: int, entry: dict[str, Any], known: set[str], path: Path) -> None:
    log_id = (entry.get("logId") or {}).get("keyId")
    if log_id not in known:
        raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                          f"tlogEntries[{n}].logId names no log of the trust root", bundle=path)
    proof = entry.get("inclusionProof") or {}
    if (entry.get("kindVersion") or {}).get("version") == "0.0.2" and \
            str(entry.get("logIndex")) != str(proof.get("logIndex")):
        # Rekor v2 logs are not sharded: only the inclusion proof's index is verified, and
        # the entry's own must be the same.
        raise BundleError(BundleFailure.LOG_ENTRY_MISMATCH,
                          f"tlogEntries[{n}].logIndex is not the index its inclusion "
                          "proof verifies", bundle=path)
    note = (proof.get("checkpoint") or {}).get("envelope")
    if isinstance(note, str) and "\n\n" in note:
        body, signatures = note.split("\n\n", 1)
        log = body.split("\n", 1)[0].split(" - ", 1)[0]
        first = signatures.split("\n", 1)[0].split(" ")
        if len(first) != 3 or first[0] != "\u2014" or first[1] != log:
            raise BundleError(
                BundleFailure.LOG_ENTRY_MISMATCH,
                f"tlogEntries[{n}]: the checkpoint's first signature does not name the "
                f"log {log!r} its origin line names", bundle=path)


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
