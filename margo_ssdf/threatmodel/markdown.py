"""Markdown threat models (`THREAT_MODEL.md`, `docs/threat-model*.md`, ...): every table with a
threat column and a status/state column (a priority/severity column is read when present)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from margo_ssdf.threatmodel.model import ModelError, Threat, normalise_priority, normalise_state

MARKDOWN_NAME = re.compile(r"^threat[-_ ]?models?\b.*\.md$", re.IGNORECASE)
"""File names (without their directory) of Markdown threat models."""
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    # Emphasis around a whole cell (**High**, `Mitigated`) is decoration, not content.
    return [c.strip().strip("*_`").strip().replace("\\|", "|") for c in _CELL_SPLIT.split(text)]


def _cell(row: Sequence[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    names = [h.lower() for h in header]
    exact = [i for i, h in enumerate(names) if h in ("threat", "title", "threat title", "name")]
    loose = [i for i, h in enumerate(names) if "threat" in h and "id" not in h.split()]
    state = [i for i, h in enumerate(names) if "status" in h or "state" in h]
    priority = [i for i, h in enumerate(names) if any(w in h for w in ("priority", "severity",
                                                                       "risk"))]
    threat = (exact or loose)[:1]
    if not threat or not state:
        return None
    return threat[0], state[0], priority[0] if priority else None


def parse_markdown(text: str, rel: str) -> list[Threat]:
    """Threats from every table with a threat column and a status or state column."""
    lines = text.splitlines()
    threats: list[Threat] = []
    tables = 0
    i = 0
    while i + 1 < len(lines):
        if not (lines[i].lstrip().startswith("|") and _SEPARATOR.match(lines[i + 1].strip())):
            i += 1
            continue
        columns = _columns(_cells(lines[i]))
        i += 2
        if columns is None:
            continue
        tables += 1
        threat_col, state_col, priority_col = columns
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            row = _cells(lines[i])
            if threat_col < len(row) and row[threat_col]:
                threats.append(Threat(title=row[threat_col],
                                      state=normalise_state(_cell(row, state_col)),
                                      priority=normalise_priority(_cell(row, priority_col)),
                                      line=i + 1))
            i += 1
    if not tables:
        raise ModelError(f"{rel}: no threats table: add a Markdown table with a 'Threat' column "
                         "and a 'Status' (or 'State') column, and a 'Priority' column.")
    return threats
