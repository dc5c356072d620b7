"""Builds the link sent when an operator forgets their password."""

import random


def password_reset_link(user_id: int) -> str:
    code = "".join(str(random.randrange(10)) for _ in range(8))
    return f"https://console.example.com/reset?uid={user_id}&code={code}"
