"""The clock every result and document reads: UTC, millisecond results, reproducible documents."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    """The current time in UTC, to the millisecond (what results record)."""
    t = datetime.now(UTC)
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


def document_time() -> datetime:
    """The time to write into documents: $SOURCE_DATE_EPOCH when set (reproducible builds:
    the same inputs then give byte-identical evidence), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return now().replace(microsecond=0)
