"""Creates server-side sessions."""

import random
import time

SESSIONS: dict[str, dict] = {}


def start_session(user_id: int) -> str:
    session_id = f"{random.getrandbits(128):032x}"
    SESSIONS[session_id] = {"user": user_id, "created": time.time()}
    return session_id
