"""`db update` benchmark: both ecosystems' whole corpora served as OSV exports from 127.0.0.1.

    python benchmarks/bench_db_update.py [--repeat N]

Builds PyPI/all.zip and Go/all.zip from every advisory of ../shared/corpora/osv, serves them
with the standard library's file server (Last-Modified and If-Modified-Since, as a mirror
would), and times a first update into an empty store and a second update that gets 304s.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from margo_ssdf.vulndb import OsvStore
from margo_ssdf.vulndb.fetch import update

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "osv"


def build_exports(root: Path) -> dict[str, tuple[int, int]]:
    """<root>/<Ecosystem>/all.zip of the whole corpus; (files, bytes) per ecosystem."""
    sizes = {}
    for eco in ("PyPI", "Go"):
        files = sorted(p for p in (CORPORA / eco).rglob("*")
                       if p.is_file() and p.suffix in (".json", ".yaml"))
        target = root / eco / "all.zip"
        target.parent.mkdir(parents=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, path.relative_to(CORPORA / eco).as_posix())
        sizes[eco] = (len(files), target.stat().st_size)
    return sizes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA} is not present")
    first, second, downloads = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bucket"
        sizes = build_exports(root)
        handler = functools.partial(_Quiet, directory=str(root))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        try:
            for run in range(args.repeat):
                with OsvStore(Path(tmp) / f"db{run}" / "osv.sqlite3") as store:
                    t0 = time.perf_counter()
                    report = update(store, source=url)
                    first.append(time.perf_counter() - t0)
                    downloads.append(sum(f.seconds for f in report.fetched))
                    advisories = store.status().advisories
                    t0 = time.perf_counter()
                    again = update(store, source=url)
                    second.append(time.perf_counter() - t0)
                    assert [f.status for f in again.fetched] == ["not modified"] * 2
        finally:
            httpd.shutdown()
    total = sum(b for _, b in sizes.values())
    print("| step | median (s) | figure |")
    print("|---|---|---|")
    print("| first update, empty store: download "
          + " + ".join(f"{e}/all.zip ({n} files, {b / 2**20:.1f} MiB)" for e, (n, b)
                       in sizes.items())
          + f" and import {advisories} advisories | {statistics.median(first):.2f} | "
          f"of which download {statistics.median(downloads):.2f} s "
          f"({total / 2**20 / statistics.median(downloads):.0f} MiB/s) |")
    print(f"| second update, exports unchanged (two 304s) | {statistics.median(second):.3f} "
          "| nothing downloaded or imported |")


if __name__ == "__main__":
    main()
