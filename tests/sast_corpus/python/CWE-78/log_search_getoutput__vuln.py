"""Counts log lines that match a pattern typed into the support console."""

import subprocess


def count_matches(pattern: str) -> int:
    output = subprocess.getoutput(f"grep -c '{pattern}' /var/log/app/app.log")
    return int(output or 0)
