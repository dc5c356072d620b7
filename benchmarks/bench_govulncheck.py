"""The govulncheck step's cost: `db export` of the whole Go corpus, then govulncheck on it.

    python -m benchmarks.bench_govulncheck [--repeat N]

Run from the repository root (it reuses the tests' Go fixtures: govulncheck v1.9.0 and the two
small modules on golang.org/x/text v0.3.7, fetched once into ~/.cache/margo-ssdf-tests/go).
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from margo_ssdf.govulncheck import scan_binary, scan_source
from margo_ssdf.vulndb import OsvStore
from margo_ssdf.vulndb.export import export_govulncheck
from tests import golang

GO_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "osv" / "Go"


def median_seconds(step: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `step`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not GO_CORPUS.is_dir():
        raise SystemExit(f"{GO_CORPUS} is not present")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        try:
            tool = [str(golang.govulncheck())]
            modules = golang.build_modules(root)
        except pytest.skip.Exception as exc:
            raise SystemExit(str(exc)) from None
        os.environ["GOMODCACHE"] = str(golang.GOMODCACHE)
        with OsvStore(root / "osv.sqlite3") as store:
            store.import_source(GO_CORPUS)
            target = root / "vulndb"
            first = median_seconds(lambda: export_govulncheck(store, root / "fresh"), 1)
            report = export_govulncheck(store, target)
            again = median_seconds(lambda: export_govulncheck(store, target), args.repeat)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        source = median_seconds(lambda: scan_source(modules.calls, target, command=tool),
                                args.repeat)
        binary = median_seconds(lambda: scan_binary(modules.calls_binary, target, command=tool),
                                args.repeat)
    print("| step | median (s) | figure |")
    print("|---|---|---|")
    print(f"| `db export`, whole Go corpus ({report.advisories:,} advisories, "
          f"{report.modules:,} modules, {size / 2**20:.1f} MiB), new directory | {first:.2f} "
          "| one run |")
    print(f"| `db export` again, replacing the earlier export | {again:.2f} | byte-identical |")
    print(f"| govulncheck source mode on the test module (golang.org/x/text, 1 package) "
          f"| {source:.2f} | on the whole-corpus export |")
    print(f"| govulncheck binary mode on its binary | {binary:.2f} | |")


if __name__ == "__main__":
    main()
