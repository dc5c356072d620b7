"""Strict JSON reading for signed data: one meaning per document.

Two parsers can disagree on a document with a repeated key (one keeps the first copy, another the
last), and NaN or Infinity are not JSON at all; both are refused before anything trusts the data.
"""

from __future__ import annotations

import json
from typing import Any


def strict_loads(raw: bytes) -> Any:
    """Parse UTF-8 JSON, refusing repeated keys and NaN/Infinity; raises ValueError."""
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
