"""How the report words things: timestamps, counts, plurals, and untrusted text made safe."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """A string safe to show: control and bidirectional-override characters replaced.

    Escape sequences could rewrite a terminal, and bidi overrides make text read differently
    from what it is; neither belongs in a report of untrusted data.
    """
    return _UNSAFE_CHARS.sub("\ufffd", str(text))


def when(stamp: datetime | str | None) -> str:
    """A timestamp as people read it, in UTC."""
    if stamp is None:
        return "unknown"
    if isinstance(stamp, str):
        try:
            stamp = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return clean(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def counts_text(counts: Iterable[tuple[str, int]]) -> str:
    """'2 high, 18 low', or 'none'."""
    return ", ".join(f"{n} {s}" for s, n in counts) or "none"
