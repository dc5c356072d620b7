"""Generates the temporary password with the secrets module."""

import secrets
import string

ALPHABET = string.ascii_letters + string.digits


def temporary_password(length: int = 12) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
