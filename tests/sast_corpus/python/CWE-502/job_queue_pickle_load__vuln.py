"""Worker that takes jobs from a shared spool directory."""

import pickle
from pathlib import Path


def next_job(spool: Path):
    for path in sorted(spool.glob("*.job")):
        with path.open("rb") as handle:
            return pickle.load(handle)
    return None
