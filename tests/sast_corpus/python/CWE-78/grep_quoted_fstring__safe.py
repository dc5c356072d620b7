"""Counts log lines that match a pattern, with the pattern shell-quoted."""

import shlex
import subprocess


def count_matches(pattern: str) -> int:
    command = f"grep -c -- {shlex.quote(pattern)} /var/log/app/app.log || true"
    output = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    return int(output.stdout or 0)
