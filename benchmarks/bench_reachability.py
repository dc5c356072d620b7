"""The cost of reachability inside deps.audit: the check with and without govulncheck.

    python -m benchmarks.bench_reachability [--repeat N]

Run from the repository root. It reuses the tests' Go fixtures (govulncheck v1.9.0 and the
`calls` module on golang.org/x/text v0.3.7, in ~/.cache/margo-ssdf-tests/go) and audits that
module against the whole Go corpus, from its go.mod alone (source mode) and with its binary
in a goreleaser-style archive (source and binary mode). govulncheck's results are kept for the
process, so that memo is cleared before every timed run. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.discovery import discover
from margo_ssdf.vulndb import OsvStore, reachability
from tests import golang
from tests.checks import gorelease_fixture

GO_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "osv" / "Go"


def timed(project: Path, db: Path, evidence: Path, artifacts: tuple[Path, ...],
          repeat: int, **options: Any) -> tuple[float, str]:
    """Median seconds of the check, and its reason."""
    check = DepsAuditCheck()
    times, reason = [], ""
    for n in range(repeat):
        reachability._MEMO.clear()  # every run pays for govulncheck
        ctx = CheckContext(project=discover(project), evidence_root=evidence / str(n),
                           timeout=600, artifacts=artifacts,
                           options={**check.options, "db": str(db), **options})
        started = time.perf_counter()
        reason = check.run(ctx).reason or ""
        times.append(time.perf_counter() - started)
    return statistics.median(times), reason


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not GO_CORPUS.is_dir():
        raise SystemExit(f"{GO_CORPUS} is not present")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        try:
            release = gorelease_fixture.build(root / "fixture")
        except pytest.skip.Exception as exc:
            raise SystemExit(str(exc)) from None
        os.environ["GOMODCACHE"] = str(golang.GOMODCACHE)
        db = root / "corpus.sqlite3"
        with OsvStore(db) as store:
            store.import_source(GO_CORPUS)
        tool = {"govulncheck": [str(release.govulncheck)]}
        archive = (release.archive(release.calls),)
        rows = []
        for label, artifacts in (("go.mod only (source mode)", ()),
                                 ("go.mod and its binary in a .tar.gz (source and binary "
                                  "mode)", archive)):
            off, _ = timed(release.calls, db, root / "off", artifacts, args.repeat,
                           reachability=False)
            on, reason = timed(release.calls, db, root / "on", artifacts, args.repeat, **tool)
            rows.append((label, off, on, reason.split(";")[0]))
    print("| deps.audit on the test module | without govulncheck (s) | with (s) | ratio "
          "| headline |")
    print("|---|---|---|---|---|")
    for label, off, on, headline in rows:
        print(f"| {label} | {off:.2f} | {on:.2f} | {on / off:.1f}x | {headline} |")


if __name__ == "__main__":
    main()
