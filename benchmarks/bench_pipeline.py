"""Pipeline benchmark: concurrent vs one-after-another, and a cached re-run vs a cold run.

    python benchmarks/bench_pipeline.py [TREE ...] [--repeat N]

Default trees: the Margo files in ../shared/corpora/margo (when present) and this repository.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from margo_ssdf.cache import ResultCache
from margo_ssdf.checks import registry
from margo_ssdf.discovery import discover
from margo_ssdf.policy import load_configuration
from margo_ssdf.scheduler import run_checks

REPO = Path(__file__).resolve().parents[1]
CHECKS = ("repo.hygiene", "sast.bandit", "sast.semgrep", "sast.workflows", "sbom", "deps.audit")


def timed(tree: Path, check_ids: tuple[str, ...], *, jobs: int | None = None,
          cache_dir: Path | None = None) -> float:
    project = discover(tree)
    policy = load_configuration(tree, checks=registry()).policy
    cache = ResultCache(cache_dir) if cache_dir else None
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        results = run_checks(project, policy, check_ids, Path(out), checks=registry(),
                             cache=cache, jobs=jobs)
        elapsed = time.perf_counter() - t0
    errors = [f"{r.check_id}: {r.reason}" for r in results.values() if r.outcome == "error"]
    if errors:
        raise SystemExit(f"a check errored, figures would be meaningless: {errors}")
    return elapsed


def median(runs: int, fn: object) -> float:
    return statistics.median(fn() for _ in range(runs))  # type: ignore[operator]


def bench(tree: Path, repeat: int) -> list[str]:
    rows = []
    alone = {c: median(repeat, lambda c=c: timed(tree, (c,))) for c in CHECKS}
    slowest = max(alone.values())
    sequential = median(repeat, lambda: timed(tree, CHECKS, jobs=1))
    concurrent = median(repeat, lambda: timed(tree, CHECKS))
    with tempfile.TemporaryDirectory() as cache:
        cold = timed(tree, CHECKS, cache_dir=Path(cache))
        warm = median(repeat, lambda: timed(tree, CHECKS, cache_dir=Path(cache)))
    files = len(discover(tree).files)
    name = tree.name if tree != REPO else "margo-ssdf (this repo)"
    rows.append(f"| {name} | {files} | "
                + " | ".join(f"{alone[c]:.2f}" for c in CHECKS)
                + f" | {sequential:.2f} | {concurrent:.2f} | {concurrent / slowest:.2f} | "
                  f"{cold:.2f} | {warm:.3f} | {warm / cold:.1%} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trees = args.trees or [p for p in (REPO.parent / "shared/corpora/margo", REPO) if p.is_dir()]
    print("| tree | files | " + " | ".join(f"{c} alone (s)" for c in CHECKS)
          + " | sequential (s) | concurrent (s) | concurrent / slowest | cold (s) "
            "| cached re-run (s) | cached / cold |")
    print("|---" * (len(CHECKS) + 8) + "|")
    for tree in trees:
        for row in bench(tree.resolve(), args.repeat):
            print(row, flush=True)


if __name__ == "__main__":
    main()
