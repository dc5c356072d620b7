"""Signs time-limited download links with HMAC-SHA256."""

import hashlib
import hmac
import time


def signed_link(path: str, key: bytes, ttl: int = 3600) -> str:
    expires = int(time.time()) + ttl
    signature = hmac.new(key, f"{path}:{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{path}?expires={expires}&sig={signature}"
