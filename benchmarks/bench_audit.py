"""Audit benchmark: hashing throughput on 1 GiB of artifacts against `openssl dgst -sha256`,
and the fixed cost of an audit without artifacts.

    python benchmarks/bench_audit.py [--gib N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_release(tmp: Path, gib: int) -> list[Path]:
    files = []
    block = os.urandom(1 << 20)
    for i in range(4):  # four artifacts of a quarter each, like a multi-arch release
        path = tmp / f"agent-linux-{i}.tar.gz"
        with path.open("wb") as f:
            for _ in range(gib * 256):
                f.write(block)
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gib", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    openssl = shutil.which("openssl")
    with tempfile.TemporaryDirectory(dir=REPO.parent) as tmp_name:
        tmp = Path(tmp_name)
        files = make_release(tmp, args.gib)
        key = tmp / "k"
        run = [sys.executable, "-m", "margo_ssdf"]
        subprocess.run([*run, "keygen", "--out", str(key)], check=True, capture_output=True)
        out = tmp / "out"
        subprocess.run([*run, "attest", str(REPO), "--check", "repo.hygiene", "--artifact",
                        str(tmp / "*.tar.gz"), "--sign", "key", "--key", str(key.with_suffix(
                            ".key")), "--out", str(out)], capture_output=True, timeout=900)
        signed = next(out.glob("*.dsse.json"))
        base = [*run, "audit", str(signed), "--key", str(key.with_suffix(".pub"))]

        def timed(argv: list[str]) -> float:
            samples = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                subprocess.run(argv, capture_output=True, timeout=900)
                samples.append(time.perf_counter() - t0)
            return statistics.median(samples)

        fixed = timed(base)
        with_files = timed([*base, *[a for f in files for a in ("--artifact", str(f))]])
        ssl = timed([openssl, "dgst", "-sha256", *map(str, files)]) if openssl else None
        gib = args.gib
        print("| measurement | median wall time (s) | figure |")
        print("|---|---|---|")
        print(f"| `audit` without artifacts (signature, schema, recomputed verdict) "
              f"| {fixed:.2f} | fixed cost, process start included |")
        hashing = with_files - fixed
        print(f"| `audit` with {gib} GiB of artifacts (4 files) | {with_files:.2f} "
              f"| hashing {gib / hashing:.2f} GiB/s |")
        if ssl:
            print(f"| `openssl dgst -sha256` on the same files | {ssl:.2f} "
                  f"| {gib / ssl:.2f} GiB/s; ours / openssl = {ssl / hashing:.2f} |")


if __name__ == "__main__":
    main()
