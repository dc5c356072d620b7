"""Generates the temporary password mailed to new operators."""

import random
import string

ALPHABET = string.ascii_letters + string.digits


def temporary_password(length: int = 12) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(length))
