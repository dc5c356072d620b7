"""What the taint rules cost: semgrep with and without rules/semgrep/*-taint.yml, same files.

semgrep runs exactly as the sast.semgrep check runs it (same flags, files named on the command
line, the packs handed over as one JSON config; --as-yaml passes the YAML packs instead, as the
check did before, to show what the JSON form saves). The runs of one tree alternate (without,
with, without, ...) so that both sides see the same machine load; CPU time (user + system of
semgrep and its children) is the steadier figure on a shared machine, wall time is shown beside
it. Issue 19 allows the taint rules at most 1.5x.

Trees: this repository as the check scans it (its default excludes: no tests), the labelled
corpus tests/sast_corpus, and Go's own net/http package (non-test files) when Go is installed.

    python benchmarks/bench_sast_cost.py [--repeat N] [--rules DIR ...] [--as-yaml]

Each --rules DIR is a rule directory to measure (default: the package's rules); giving an older
copy beside the current one compares rule versions under the same load.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from margo_ssdf.checks.sast import DEFAULT_SAST_EXCLUDES
from margo_ssdf.checks.sast_semgrep import read_packs
from margo_ssdf.resources import rules_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "sast_corpus"
FLAGS = ["scan", "--metrics=off", "--disable-version-check", "--json", "--quiet",
         "--disable-nosem", "--no-git-ignore", "--oss-only"]


def repo_targets() -> tuple[Path, list[str]]:
    """This repository's Python and Go files after the check's default excludes."""
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=True).stdout.split()
    return REPO, [f for f in listed if f.endswith((".py", ".go"))
                  and not any(fnmatch.fnmatchcase(f, p) for p in DEFAULT_SAST_EXCLUDES)]


def tree_files(root: Path, suffixes: tuple[str, ...], skip: str = "") -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name.endswith(suffixes) and not (skip and skip in p.name))


def trees() -> list[tuple[str, Path, list[str]]]:
    out = [("margo-ssdf (check's targets)", *repo_targets()),
           ("tests/sast_corpus", CORPUS, tree_files(CORPUS, (".py", ".go")))]
    go = shutil.which("go")
    if go:
        goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True,
                                timeout=60, check=True).stdout.strip()
        http = Path(goroot) / "src" / "net" / "http"
        files = [f for f in tree_files(http, (".go",), "_test.go") if "/" not in f]
        out.append(("Go net/http (non-test files)", http, files))
    return out


def configs(rules: Path, taint: bool, scratch: Path, as_yaml: bool) -> list[str]:
    files = sorted(p for p in rules.glob("*.yml") if taint or not p.stem.endswith("-taint"))
    if as_yaml:
        return [a for f in files for a in ("--config", str(f))]
    config = scratch / f"{rules.name}-{'with' if taint else 'without'}.json"
    config.write_text(json.dumps({"rules": read_packs(files)}), encoding="utf-8")
    return ["--config", str(config)]


def run_once(root: Path, files: list[str], config: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one semgrep run."""
    semgrep = str(Path(sys.executable).with_name("semgrep"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([semgrep, *FLAGS, *config, *files], cwd=root, capture_output=True,
                          timeout=1800, check=False,
                          env={**os.environ, "SEMGREP_SEND_METRICS": "off"})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"semgrep failed on {root}: {done.stderr[-500:]!r}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules", type=Path, action="append")
    parser.add_argument("--as-yaml", action="store_true",
                        help="pass the YAML packs to semgrep (the check's way before 2026-12-06)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-sast-cost-"))
    rule_dirs = args.rules or [rules_dir() / "semgrep"]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| tree | files | rules | without taint: CPU s (wall s) | with taint: CPU s (wall s) "
          "| ratio CPU (wall) |")
    print("|---|---|---|---|---|---|")
    for name, root, files in trees():
        sides = [(d, t) for d in rule_dirs for t in (False, True)]
        times: dict[tuple[Path, bool], list[tuple[float, float]]] = {s: [] for s in sides}
        for _ in range(args.repeat):
            for side in sides:
                times[side].append(run_once(root, files,
                                            configs(*side, scratch, args.as_yaml)))
        for d in rule_dirs:
            (w0, c0), (w1, c1) = ((statistics.median(x[0] for x in times[(d, t)]),
                                   statistics.median(x[1] for x in times[(d, t)]))
                                  for t in (False, True))
            print(f"| {name} | {len(files)} | {d.name if args.rules else 'current'} "
                  f"| {c0:.1f} ({w0:.1f}) | {c1:.1f} ({w1:.1f}) | {c1 / c0:.2f} ({w1 / w0:.2f}) |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
