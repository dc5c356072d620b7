"""Verifies the signature on partner callbacks."""

import hashlib
import hmac


def signature_ok(body: bytes, secret: bytes, received: str) -> bool:
    digest = hashlib.new("md5", secret + body).hexdigest()
    return hmac.compare_digest(digest, received)
