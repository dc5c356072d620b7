"""Stores operator passwords for the legacy console."""

import hashlib


def hash_password(password: str, salt: bytes) -> str:
    return hashlib.md5(salt + password.encode()).hexdigest()
