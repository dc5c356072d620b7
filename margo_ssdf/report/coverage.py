"""The SAST coverage view: which engine parsed each analysed file, shared by every format."""

from __future__ import annotations

from margo_ssdf.checks.sast_coverage import CoverageRow, CoverageTable, Parse

HEADERS = ("File", "Parsed by", "Not (fully) parsed by, and why")


def summary(table: CoverageTable) -> str:
    """One sentence: files parsed by all engines, by some, by none."""
    engines = ", ".join(table.engines) or "no engine"
    under = "".join(f"; {e} parsed under {i}" for e, i in table.interpreters.items())
    return (f"{table.files} file(s) analysed by {engines}: {table.all_parsed} parsed by every "
            f"engine, {len(table.some)} by some, {len(table.none)} by none (coverage gaps, "
            f"counted as findings){under}.")


def rows(table: CoverageTable) -> list[tuple[str, str, str]]:
    """The files not parsed by every engine, gaps first."""
    return [_row(r) for r in (*table.none, *table.some)]


def _row(r: CoverageRow) -> tuple[str, str, str]:
    parsed = ", ".join(e + (" (partly)" if r.states[e] is Parse.PARTIAL else "")
                       for e in r.parsed_by) or "none"
    missed = "; ".join(f"{e}: {r.reasons.get(e, '') or s.value}" for e, s in r.states.items()
                       if s is not Parse.PARSED)
    return r.path, parsed, missed
