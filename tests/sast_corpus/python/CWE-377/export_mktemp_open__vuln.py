"""Streams a CSV export through a temporary file."""

import csv
import tempfile


def export_rows(rows: list[list[str]]) -> str:
    path = tempfile.mktemp(prefix="export-", suffix=".csv")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
