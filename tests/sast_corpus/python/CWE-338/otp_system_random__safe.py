"""Issues the one-time code with the operating system's CSPRNG."""

import random

_rng = random.SystemRandom()


def issue_otp(user: dict) -> str:
    otp = f"{_rng.randrange(1_000_000):06d}"
    user["pending_otp"] = otp
    return otp
