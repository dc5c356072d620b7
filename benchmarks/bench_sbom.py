"""SBOM benchmark: margo-ssdf against cyclonedx-py on the same Python environment, and on the
Margo sandbox's go.mod/go.sum files.

    python benchmarks/bench_sbom.py [--repeat N]

Each figure is the median wall time of whole command runs (process start included, as a user
would see it). Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SANDBOX = REPO.parent / "shared" / "corpora" / "margo" / "sandbox"


def timed(argv: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, timeout=900)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def count(path: Path) -> int:
    return len(json.loads(path.read_text()).get("components", []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours = [sys.executable, "-m", "margo_ssdf"]
    cdx = shutil.which("cyclonedx-py") or str(Path(sys.executable).with_name("cyclonedx-py"))
    print("| input | tool | components | median wall time (s) | ratio to cyclonedx-py |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp, "project")
        empty.mkdir()
        (empty / "README").write_text("x")
        a, b = Path(tmp, "ours.json"), Path(tmp, "theirs.json")
        t_ours = timed([*ours, "sbom", str(empty), "--environment", "-o", str(a)], args.repeat)
        t_cdx = timed([cdx, "environment", sys.executable, "-o", str(b)], args.repeat)
        print(f"| this Python environment | margo-ssdf sbom --environment | {count(a)} "
              f"| {t_ours:.2f} | {t_ours / t_cdx:.2f} |")
        print(f"| this Python environment | cyclonedx-py environment | {count(b)} "
              f"| {t_cdx:.2f} | 1.00 |")
        if SANDBOX.is_dir():
            c = Path(tmp, "sandbox.json")
            t_go = timed([*ours, "sbom", str(SANDBOX), "-o", str(c)], args.repeat)
            print(f"| Margo sandbox (4 go.mod, 4 go.sum) | margo-ssdf sbom | {count(c)} "
                  f"| {t_go:.2f} | n/a (no Python peer for Go) |")


if __name__ == "__main__":
    main()
