"""Names cache entries after a digest of the request; not a security control."""

import hashlib


def cache_key(method: str, url: str) -> str:
    return hashlib.md5(f"{method} {url}".encode(), usedforsecurity=False).hexdigest()
