"""Offline OSV benchmark: import of the shared corpora, then auditing 1,000 pinned dependencies.

    python benchmarks/bench_osv.py [--repeat N]

pip-audit run the usual way needs the network (PyPI and the OSV API) and cannot run here, so
the comparison is per dependency: our matcher's time per dependency is printed beside the
figure pip-audit documents as its unit of work, one HTTP query per dependency.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from margo_ssdf.discovery.dependencies import Dependency, Ecosystem
from margo_ssdf.vulndb import OsvStore, scan

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "osv"


def thousand_pins(store: OsvStore) -> list[Dependency]:
    """1,000 real (package, version) pins: every package of the corpora at a low version."""
    deps: list[Dependency] = []
    for eco, version in ((Ecosystem.PYPI, "1.0"), (Ecosystem.GO, "v1.0.0")):
        for name in store.packages(eco.value):
            deps.append(Dependency(eco, name, version, "bench"))
    return deps[:1000]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA} is not present")
    imports, reimports, audits = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp, OsvStore(Path(tmp) / "db") as store:
            t0 = time.perf_counter()
            for eco in ("PyPI", "Go"):
                store.import_source(CORPORA / eco)
            imports.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for eco in ("PyPI", "Go"):
                store.import_source(CORPORA / eco)
            reimports.append(time.perf_counter() - t0)
            deps = thousand_pins(store)
            gc.freeze()
            t0 = time.perf_counter()
            report = scan.audit_dependencies(deps, store)
            audits.append(time.perf_counter() - t0)
            findings = len(report.findings)
            advisories = store.status().advisories
    print("| step | median (s) | figure |")
    print("|---|---|---|")
    print(f"| import PyPI + Go corpora ({advisories} advisories), empty store "
          f"| {statistics.median(imports):.2f} | target < 20 s |")
    print(f"| re-import, nothing changed | {statistics.median(reimports):.2f} | idempotent |")
    audit = statistics.median(audits)
    print(f"| audit {len(deps)} pinned dependencies ({findings} findings) | {audit:.3f} "
          f"| {audit / len(deps) * 1000:.2f} ms per dependency; target < 1 s |")


if __name__ == "__main__":
    main()
