"""Issues the six-digit one-time code for second-factor login."""

import random


def issue_otp(user: dict) -> str:
    otp = f"{random.randint(0, 999999):06d}"
    user["pending_otp"] = otp
    return otp
