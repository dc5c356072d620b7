"""Worker that takes JSON jobs from a shared spool directory."""

import json
from pathlib import Path


def next_job(spool: Path):
    for path in sorted(spool.glob("*.json")):
        return json.loads(path.read_text(encoding="utf-8"))
    return None
