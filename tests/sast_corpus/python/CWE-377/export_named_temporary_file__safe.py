"""Streams a CSV export through a named temporary file."""

import csv
import tempfile


def export_rows(rows: list[list[str]]) -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix="export-", suffix=".csv", newline="", delete=False, encoding="utf-8"
    ) as handle:
        csv.writer(handle).writerows(rows)
        return handle.name
