"""Real Go for the tests: govulncheck v1.9.0 and two tiny modules on a vulnerable golang.org/x/text.

Everything fetched (govulncheck's sources, golang.org/x/text v0.3.7) goes once, through the Go
module proxy, into ~/.cache/margo-ssdf-tests/go; later runs find it there and stay offline.
Without Go, or without the network on a first run, the tests that need this skip and say why.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from margo_ssdf.govulncheck import PINNED_VERSION

CACHE = Path.home() / ".cache" / "margo-ssdf-tests" / "go"
GOBIN = CACHE / "bin"
GOMODCACHE = CACHE / "mod"

TEXT_MODULE = "golang.org/x/text"
TEXT_VERSION = "v0.3.7"
# go.sum lines of golang.org/x/text v0.3.7 (as `go mod tidy` writes them), so the download
# is checked against known hashes and no checksum database is asked.
GO_SUM = (
    "golang.org/x/text v0.3.7 h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=\n"
    "golang.org/x/text v0.3.7/go.mod h1:u+2+/6zg+i71rQMx5EYifcz6MCKuco9NR6JIITiCfzQ=\n"
)
# GO-2022-1059 lists language.ParseAcceptLanguage among its vulnerable symbols.
CALLS = """package main

import (
\t"fmt"
\t"os"

\t"golang.org/x/text/language"
)

func main() {
\ttags, _, err := language.ParseAcceptLanguage(os.Getenv("ACCEPT_LANGUAGE"))
\tfmt.Println(tags, err)
}
"""
CALL_LINE = 11
# Imports the vulnerable package but calls none of its vulnerable functions.
IMPORTS_ONLY = """package main

import (
\t"fmt"

\t"golang.org/x/text/language"
)

func main() {
\tfmt.Println(language.English)
}
"""


@dataclass(frozen=True)
class GoModules:
    """The two test modules and their binaries."""

    calls: Path
    """Module example.com/calls: calls language.ParseAcceptLanguage."""
    imports_only: Path
    """Module example.com/importsonly: imports golang.org/x/text/language, calls nothing of it."""
    calls_binary: Path
    """`calls` built with -trimpath."""
    imports_only_binary: Path
    """`imports_only` built with -trimpath."""
    imports_only_stripped: Path
    """`imports_only` built with -trimpath -ldflags='-s -w' (no symbol table)."""


def go_env(**extra: str) -> dict[str, str]:
    """The environment of the tests' go commands: the shared module cache, no toolchain fetch."""
    # The caller's GOPROXY (a company proxy, or off) is kept; the cache is ours, writable so
    # it can be deleted, and never a downloaded toolchain.
    return {**os.environ, "GOMODCACHE": str(GOMODCACHE), "GOFLAGS": "-modcacherw -buildvcs=false",
            "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", **extra}


def _go() -> str:
    go = shutil.which("go")
    if go is None:
        pytest.skip("Go is not installed (the govulncheck tests need a Go toolchain)")
    return go


def _run(argv: list[str], cwd: Path | None = None,
         **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=go_env(**extra), capture_output=True, text=True,
                          timeout=900, check=False)


def _fetch_failed(what: str, run: subprocess.CompletedProcess[str]) -> None:
    pytest.skip(f"cannot fetch {what} through the Go module proxy (no network?): "
                f"{run.stderr.strip()[-400:]}")


def _is_pinned(binary: Path) -> bool:
    if not binary.is_file():
        return False
    run = subprocess.run([str(binary), "-version"], capture_output=True, text=True, timeout=60,
                         check=False)
    return f"govulncheck@{PINNED_VERSION}" in run.stdout


@functools.cache
def _installed() -> Path | str:
    on_path = shutil.which("govulncheck")
    if on_path and _is_pinned(Path(on_path)):
        return Path(on_path)
    binary = GOBIN / "govulncheck"
    CACHE.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers share the cache: one installs while the others wait, then reuse it.
    with (CACHE / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_pinned(binary):
            return binary
        run = _run([_go(), "install", f"golang.org/x/vuln/cmd/govulncheck@{PINNED_VERSION}"],
                   GOBIN=str(GOBIN))
    if run.returncode != 0 or not _is_pinned(binary):
        return (f"cannot fetch govulncheck {PINNED_VERSION} through the Go module proxy "
                f"(no network?): {run.stderr.strip()[-400:]}")
    return binary


def govulncheck() -> Path:
    """govulncheck v1.9.0: on PATH (CI puts it there), cached, or installed now."""
    found = _installed()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def _module(root: Path, name: str, source: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "go.mod").write_text(
        f"module example.com/{name}\n\ngo 1.22\n\nrequire {TEXT_MODULE} {TEXT_VERSION}\n")
    (folder / "go.sum").write_text(GO_SUM)
    (folder / "main.go").write_text(source)
    return folder


def _build(module: Path, out: Path, *flags: str) -> Path:
    run = _run([_go(), "build", "-trimpath", *flags, "-o", str(out), "."], cwd=module)
    assert run.returncode == 0, run.stderr
    return out


def build_modules(root: Path) -> GoModules:
    """Write the two modules under `root`, fetch golang.org/x/text once, build the binaries."""
    go = _go()
    calls = _module(root, "calls", CALLS)
    imports_only = _module(root, "importsonly", IMPORTS_ONLY)
    run = _run([go, "mod", "download", TEXT_MODULE], cwd=calls)
    if run.returncode != 0:
        _fetch_failed(f"{TEXT_MODULE}@{TEXT_VERSION}", run)
    return GoModules(
        calls=calls,
        imports_only=imports_only,
        calls_binary=_build(calls, root / "calls.bin"),
        imports_only_binary=_build(imports_only, root / "importsonly.bin"),
        imports_only_stripped=_build(imports_only, root / "importsonly-stripped.bin",
                                     "-ldflags=-s -w"),
    )
