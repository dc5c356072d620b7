"""Real Go builds for the build-info tests, the fuzz target and their archives.

Builds small programs with the Go toolchain on PATH (or /usr/local/go/bin): a stdlib-only main,
the same with -trimpath and a quoted -ldflags, stripped (-s -w), cross-compiled (Windows PE,
macOS Mach-O, 32-bit and big-endian ELF), one that depends on a real old module version
(golang.org/x/text v0.3.7) and a local replacement, and two with VCS stamps from a tiny git
repository. The build and module caches live in ~/.cache/margo-ssdf-tests/go (or
$MARGO_SSDF_TEST_GO_CACHE), so only the first run fetches x/text; later runs are offline.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git

CACHE = Path(os.environ.get("MARGO_SSDF_TEST_GO_CACHE")
             or Path.home() / ".cache" / "margo-ssdf-tests" / "go")
OLD_TEXT = "v0.3.7"
"""golang.org/x/text before the fix of CVE-2022-32149 (GO-2022-1059)."""
OLD_TEXT_SUM = "h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk="
"""Its go.sum hash, as published in the Go checksum database."""
LDFLAGS = "-s -w -X 'main.version=1.2.3 beta'"
"""Stripped, and a value Go must quote in the build settings."""

HELLO = """package main

import (
\t"fmt"
\t"os"
)

var version = "dev"

func main() { fmt.Fprintln(os.Stdout, "hello", version) }
"""
DEPS_MAIN = """package main

import (
\t"fmt"

\t"example.com/util"
\t"golang.org/x/text/language"
)

func main() { fmt.Println(language.English.String(), util.Name()) }
"""
DEPS_MOD = f"""module example.com/deps

go 1.22

require (
\texample.com/util v0.0.0
\tgolang.org/x/text {OLD_TEXT}
)

replace example.com/util => ./util
"""


def go() -> str | None:
    """The go command, or None when no Go toolchain is installed."""
    found = shutil.which("go")
    if found:
        return found
    default = Path("/usr/local/go/bin/go")
    return str(default) if default.exists() else None


def require_go() -> str:
    found = go()
    if found is None:
        pytest.skip("no Go toolchain (go on PATH or /usr/local/go/bin/go): these tests build "
                    "real Go programs; install Go 1.18 or newer to run them")
    return found


def go_env(*, online: bool = False) -> dict[str, str]:
    """A fixed environment: our caches, no toolchain switching, no cgo, the proxy only online."""
    return {
        "PATH": f"{Path(require_go()).parent}{os.pathsep}{os.environ.get('PATH', os.defpath)}",
        "HOME": os.environ.get("HOME", str(CACHE)), "GOCACHE": str(CACHE / "build"),
        "GOMODCACHE": str(CACHE / "mod"), "GOPATH": str(CACHE / "gopath"),
        "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local", "GOTELEMETRY": "off",
        "CGO_ENABLED": "0", "GOPROXY": "https://proxy.golang.org" if online else "off",
        "GOSUMDB": "sum.golang.org" if online else "off", "GOWORK": "off",
    }


def run_go(args: list[str], cwd: Path, *, online: bool = False, timeout: float = 600,
           extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([require_go(), *args], cwd=cwd, env={**go_env(online=online),
                                                                **(extra or {})},
                          capture_output=True, text=True, timeout=timeout, check=False)


def build(src: Path, out: Path, *flags: str, goos: str = "linux", goarch: str = "amd64",
          vcs: bool = False) -> Path:
    """go build in src; fails the test with Go's own message if the build fails."""
    argv = ["build", f"-buildvcs={'true' if vcs else 'false'}", *flags, "-o", str(out), "."]
    proc = run_go(argv, src, extra={"GOOS": goos, "GOARCH": goarch})
    assert proc.returncode == 0, f"go {' '.join(argv)} failed:\n{proc.stderr}"
    return out


def go_version_json(binary: Path) -> dict[str, Any]:
    """`go version -m -json` on a binary: the reference our parser is compared against."""
    proc = run_go(["version", "-m", "-json", str(binary)], binary.parent, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc: dict[str, Any] = json.loads(proc.stdout)
    return doc


def module(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@dataclass(frozen=True)
class Builds:
    """The binaries built once per test session, by name."""

    root: Path
    binaries: dict[str, Path]

    def __getitem__(self, name: str) -> Path:
        return self.binaries[name]


@functools.cache
def stdlib_builds(root: Path) -> Builds:
    """Everything that needs no module download: plain, trimpath, stripped, cross, vcs."""
    root.mkdir(parents=True, exist_ok=True)
    src = module(root / "hello", {"go.mod": "module example.com/hello\n\ngo 1.22\n",
                                  "main.go": HELLO})
    out = root / "bin"
    out.mkdir(exist_ok=True)
    made = {
        "plain": build(src, out / "hello"),
        "trimpath": build(src, out / "hello-trimpath", "-trimpath"),
        "stripped": build(src, out / "hello-stripped", f"-ldflags={LDFLAGS}"),
        "windows": build(src, out / "hello.exe", goos="windows"),
        "darwin": build(src, out / "hello-darwin", goos="darwin", goarch="arm64"),
        "elf32": build(src, out / "hello-386", goarch="386"),
        "bigendian": build(src, out / "hello-s390x", goarch="s390x"),
    }
    vcs = module(root / "vcs", {"go.mod": "module example.com/vcs\n\ngo 1.22\n",
                                "main.go": HELLO})
    git(vcs, "init", "-q")
    git(vcs, "add", ".")
    git(vcs, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "first",
        env={"GIT_COMMITTER_DATE": "2024-05-06T07:08:09Z", "GIT_AUTHOR_DATE":
             "2024-05-06T07:08:09Z"})
    made["vcs"] = build(vcs, out / "hello-vcs", vcs=True)
    (vcs / "main.go").write_text(HELLO + "\n// changed after the commit\n")
    made["vcs-modified"] = build(vcs, out / "hello-vcs-modified", vcs=True)
    return Builds(root, made)


@functools.cache
def deps_build(root: Path) -> Path:
    """A binary that links golang.org/x/text v0.3.7 (fetched once) and a local replacement.

    Skips the test when the module is neither in the cache nor reachable through the proxy.
    """
    root.mkdir(parents=True, exist_ok=True)
    src = module(root / "deps", {"go.mod": DEPS_MOD, "main.go": DEPS_MAIN,
                                 "util/go.mod": "module example.com/util\n\ngo 1.22\n",
                                 "util/util.go": 'package util\n\nfunc Name() string '
                                                 '{ return "util" }\n'})
    tidy = run_go(["mod", "tidy"], src)
    if tidy.returncode != 0:  # not cached yet: fetch through the module proxy, once
        tidy = run_go(["mod", "tidy"], src, online=True)
    if tidy.returncode != 0:
        pytest.skip(f"golang.org/x/text {OLD_TEXT} is not in {CACHE / 'mod'} and the Go module "
                    f"proxy cannot be reached to fetch it: {tidy.stderr.strip()[-300:]}")
    out = root / "bin"
    out.mkdir(exist_ok=True)
    return build(src, out / "deps")


PARSER = """package main

import (
\t"encoding/json"
\t"os"
\t"runtime/debug"
)

type result struct {
\tInfo  *debug.BuildInfo `json:",omitempty"`
\tError string           `json:",omitempty"`
}

func main() {
\tvar texts []string
\tif err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
\t\tpanic(err)
\t}
\tout := make([]result, len(texts))
\tfor i, text := range texts {
\t\tinfo, err := debug.ParseBuildInfo(text)
\t\tif err != nil {
\t\t\tout[i].Error = err.Error()
\t\t} else {
\t\t\tout[i].Info = info
\t\t}
\t}
\tif err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
\t\tpanic(err)
\t}
}
"""


@functools.cache
def go_parser(root: Path) -> Path:
    """A tiny Go program that runs Go's own runtime/debug.ParseBuildInfo on JSON input."""
    root.mkdir(parents=True, exist_ok=True)
    src = module(root / "parser", {"go.mod": "module example.com/parser\n\ngo 1.22\n",
                                   "main.go": PARSER})
    return build(src, root / "parse-buildinfo")


def go_parse(parser: Path, texts: list[str]) -> list[dict[str, Any]]:
    """Go's verdict on each module-information text: {"Info": ...} or {"Error": ...}."""
    proc = subprocess.run([str(parser)], input=json.dumps(texts), capture_output=True,
                          text=True, timeout=120, check=True)
    found: list[dict[str, Any]] = json.loads(proc.stdout)
    return found
