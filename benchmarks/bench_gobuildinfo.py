"""Go build info: margo-ssdf's pure-Python reader against `go version -m` on a ~50 MB binary.

    python benchmarks/bench_gobuildinfo.py [--repeat N] [--size-mb 45]

Builds a Go program that imports a dozen standard-library packages and embeds a generated file
of random bytes (so the binary is about 50 MB), then times, as medians of N runs with the file
in the page cache:
- `gobuildinfo.read(path)` inside a running Python process (what `run --artifact` pays),
- the same in a new Python process (interpreter start and imports included),
- `go version -m FILE` (the Go toolchain's own reader, process start included),
- `artifacts.go_binaries` on the binary packed in a .tar.gz (decompress, hash and parse), and
  `tar -xzf` then `go version -m` on the same archive.
Prints a Markdown table for docs/performance.md. Needs Go on PATH or in /usr/local/go/bin.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from margo_ssdf.discovery import artifacts, gobuildinfo

REPO = Path(__file__).resolve().parents[1]

CACHE = Path(os.environ.get("MARGO_SSDF_TEST_GO_CACHE")
             or Path.home() / ".cache" / "margo-ssdf-tests" / "go")
MAIN = """package main

import (
\t_ "crypto/tls"
\t_ "database/sql"
\t_ "encoding/xml"
\t_ "html/template"
\t_ "image/png"
\t_ "net/http"
\t_ "net/smtp"
\t_ "os/exec"
\t_ "regexp"
\t_ "text/template"
\t_ "compress/gzip"
\t_ "embed"
\t"fmt"
)

//go:embed blob.bin
var blob []byte

func main() { fmt.Println(len(blob)) }
"""


def go() -> str:
    found = shutil.which("go") or "/usr/local/go/bin/go"
    if not Path(found).exists():
        sys.exit("Go is needed to build the benchmark binary")
    return found


def go_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "GOCACHE": str(CACHE / "build"),
            "GOMODCACHE": str(CACHE / "mod"), "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local",
            "GOPROXY": "off", "CGO_ENABLED": "0", "GOTELEMETRY": "off"}


def build(root: Path, size_mb: int) -> Path:
    src = root / "big"
    src.mkdir()
    (src / "go.mod").write_text("module example.com/big\n\ngo 1.22\n")
    (src / "main.go").write_text(MAIN)
    (src / "blob.bin").write_bytes(os.urandom(size_mb << 20))
    out = root / "big-binary"
    subprocess.run([go(), "build", "-buildvcs=false", "-o", str(out), "."], cwd=src,
                   env=go_env(), check=True, timeout=1800)
    return out


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm the page cache and the imports
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def command(argv: list[str], **kw: object) -> Callable[[], object]:
    return lambda: subprocess.run(argv, check=True, capture_output=True, timeout=600,
                                  env=go_env(), **kw)  # type: ignore[call-overload]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--size-mb", type=int, default=45)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        binary = build(root, args.size_mb)
        archive = root / "big_linux_amd64.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(binary, arcname="big")
        info = gobuildinfo.read(binary)
        size = binary.stat().st_size
        assert info.path == "example.com/big"
        ours = median_ms(lambda: gobuildinfo.read(binary), args.repeat)
        script = ("import sys; from margo_ssdf.discovery import gobuildinfo; "
                  "gobuildinfo.read(sys.argv[1])")
        ours_cli = median_ms(command([sys.executable, "-c", script, str(binary)], cwd=REPO),
                             args.repeat)
        theirs = median_ms(command([go(), "version", "-m", str(binary)]), args.repeat)
        packed = median_ms(lambda: list(artifacts.go_binaries([archive])), max(3, args.repeat // 3))
        out = root / "x"
        out.mkdir()
        unpack = command(["sh", "-c", f'tar -xzf "{archive}" -C "{out}" && "{go()}" version -m '
                          f'"{out}/big" >/dev/null'])
        unpacked = median_ms(unpack, max(3, args.repeat // 3))
    print(f"Binary: {size / 1e6:.1f} MB ({info.go_version}, {len(info.settings)} settings); "
          f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}")
    print("| measurement | median (ms) | ratio to `go version -m` |")
    print("|---|---|---|")
    for label, ms in [("`gobuildinfo.read` in a running process", ours),
                      ("`gobuildinfo.read` in a new Python process", ours_cli),
                      ("`go version -m FILE`", theirs)]:
        print(f"| {label} | {ms:.2f} | {ms / theirs:.2f} |")
    print(f"| `artifacts.go_binaries` on the .tar.gz (decompress, SHA-256, parse) | "
          f"{packed:.0f} | {packed / theirs:.2f} |")
    print(f"| `tar -xzf` then `go version -m` on the same .tar.gz | {unpacked:.0f} | "
          f"{unpacked / theirs:.2f} |")


if __name__ == "__main__":
    main()
