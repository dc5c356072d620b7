"""Creates server-side sessions with unguessable ids."""

import secrets
import time

SESSIONS: dict[str, dict] = {}


def start_session(user_id: int) -> str:
    session_id = secrets.token_hex(16)
    SESSIONS[session_id] = {"user": user_id, "created": time.time()}
    return session_id
