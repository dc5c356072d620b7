"""The clock every result and document reads: UTC, millisecond results, reproducible documents."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    """The current time in UTC, to the millisecond (what results record)."""
    t = datetime.now(UTC)
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


def source_date_epoch() -> datetime | None:
    """$SOURCE_DATE_EPOCH as a time (reproducible builds), None when unset."""
    from margo_ssdf.errors import UsageError

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a time in seconds since "
                         "1970.", fix="Set it to a whole number of seconds, e.g. the last "
                                      "commit's time: git log -1 --format=%ct.") from exc


def document_time() -> datetime:
    """The time to write into documents: $SOURCE_DATE_EPOCH when set (reproducible builds:
    the same inputs then give byte-identical evidence), else now."""
    return source_date_epoch() or now().replace(microsecond=0)
