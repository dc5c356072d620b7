"""Placeholders a template leaves for the project to fill, found the same way everywhere.

`init` writes templates holding TODO markers; `verify` (through the declaration reader and
repo.hygiene) reports every marker still there, so a copied template never passes as the
project's own words.
"""

from __future__ import annotations

import re

MARKER = "TODO"
"""What a template puts where the project's own words belong."""

_MARKER = re.compile(rf"\b{MARKER}\b")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def marker_lines(text: str) -> list[int]:
    """1-based numbers of the lines that hold a TODO marker."""
    return [n for n, line in enumerate(text.splitlines(), 1) if _MARKER.search(line)]


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index, level, text) of each Markdown ATX heading outside fenced code."""
    found, fenced = [], False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            found.append((i, len(m.group(1)), m.group(2)))
    return found


def sections(text: str, task_id: str) -> list[tuple[int, str]]:
    """Each Markdown section whose heading names `task_id`, as (first line number, text).

    A section runs to the next heading of the same or a higher level.
    """
    lines = text.splitlines()
    heads = _headings(lines)
    named = _named(task_id)
    out = []
    for k, (start, level, title) in enumerate(heads):
        if not named.search(title):
            continue
        end = next((i for i, lvl, _ in heads[k + 1:] if lvl <= level), len(lines))
        out.append((start + 1, "\n".join(lines[start:end])))
    return out


def _named(task_id: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(task_id)}(?!\w|\.\d)")


def section_markers(text: str, task_id: str) -> list[int]:
    """Line numbers of the TODO markers left in the sections that name `task_id`; without
    such a section, in the lines that name it (a declaration is never checked less for being
    written as prose)."""
    found = sections(text, task_id)
    if not found:
        named = _named(task_id)
        return [n for n, line in enumerate(text.splitlines(), 1)
                if named.search(line) and _MARKER.search(line)]
    return [first + n - 1 for first, body in found for n in marker_lines(body)]
