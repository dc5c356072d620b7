"""Computes a git blob id, which git defines as SHA-1; interoperability, not security."""

import hashlib


def blob_id(content: bytes) -> str:
    header = f"blob {len(content)}\0".encode()
    return hashlib.sha1(header + content, usedforsecurity=False).hexdigest()
