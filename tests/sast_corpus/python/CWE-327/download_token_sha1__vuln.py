"""Signs time-limited download links."""

import hashlib
import time


def signed_link(path: str, key: bytes, ttl: int = 3600) -> str:
    expires = int(time.time()) + ttl
    signature = hashlib.sha1(key + f"{path}:{expires}".encode()).hexdigest()
    return f"{path}?expires={expires}&sig={signature}"
