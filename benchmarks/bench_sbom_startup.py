"""SBOM start-up benchmark: `margo-ssdf sbom --environment` against `cyclonedx-py environment`
on the same Python environment, runs interleaved so both see the same machine load.

    python benchmarks/bench_sbom_startup.py [--repeat N] [--before SRC]

The project declares every installed distribution as a dependency, so its closure is the whole
environment and both tools list the same packages. `--before SRC` also times the margo-ssdf
source tree SRC (for example a checkout of the previous commit) in the same rounds. Each figure
is the median wall time of whole command runs, process start included. Prints Markdown for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def project(root: Path) -> Path:
    """A project whose declared dependencies are every distribution installed here."""
    names = sorted({d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]})
    root.mkdir()
    deps = ", ".join(json.dumps(n) for n in names if n != "bench-project")
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "bench-project"\nversion = "1.0.0"\ndependencies = [{deps}]\n')
    return root


def once(argv: list[str], source: Path | None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU time (user + system) is the steadier under load.

    Runs outside any source tree: `python -m` puts the working directory before PYTHONPATH.
    """
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, timeout=900, env=env,
                   cwd=tempfile.gettempdir())
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def components(path: Path) -> int:
    return len(json.loads(path.read_text()).get("components", []))


# Prints [import margo_ssdf.cli, first strict validation, a second one] from a fresh process.
IN_PROCESS = (
    "import time, json, sys\n"
    "t0 = time.perf_counter(); import margo_ssdf.cli; t1 = time.perf_counter()\n"
    "from margo_ssdf.sbom.validation import first_error\n"
    "text = open(sys.argv[1]).read()\n"
    "t2 = time.perf_counter(); assert first_error(text) is None; t3 = time.perf_counter()\n"
    "assert first_error(text) is None; t4 = time.perf_counter()\n"
    "print(json.dumps([t1 - t0, t3 - t2, t4 - t3]))\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another margo-ssdf source tree to time")
    args = parser.parse_args()
    cdx = shutil.which("cyclonedx-py") or str(Path(sys.executable).with_name("cyclonedx-py"))
    with tempfile.TemporaryDirectory() as tmp:
        proj = project(Path(tmp, "project"))
        ours_out, cdx_out = Path(tmp, "ours.json"), Path(tmp, "cdx.json")
        ours = [sys.executable, "-m", "margo_ssdf", "sbom", str(proj), "--environment",
                "-o", str(ours_out)]
        runs: dict[str, list[tuple[float, float]]] = {"after": [], "before": [], "cdx": [],
                                                      "python": []}
        for _ in range(args.repeat):  # interleaved: every tool sees the same load
            runs["after"].append(once(ours, REPO))
            if args.before:
                runs["before"].append(once(ours, args.before))
            runs["cdx"].append(once([cdx, "environment", sys.executable, "-o", str(cdx_out)],
                                    None))
            runs["python"].append(once([sys.executable, "-c", "pass"], None))
        wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items() if v}
        cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items() if v}
        print(f"{args.repeat} interleaved rounds, medians, on {os.cpu_count()} cores\n")
        print("| tool | components | wall (s) | ratio | CPU (s) | CPU ratio |")
        print("|---|---|---|---|---|---|")
        names = {"after": "margo-ssdf sbom --environment (this tree)",
                 "before": f"margo-ssdf sbom --environment ({args.before})",
                 "cdx": "cyclonedx-py environment", "python": "python -c pass"}
        counts = {"after": components(ours_out), "before": components(ours_out),
                  "cdx": components(cdx_out), "python": ""}
        for key in (k for k in names if k in wall):
            print(f"| {names[key]} | {counts[key]} | {wall[key]:.2f} "
                  f"| {wall[key] / wall['cdx']:.3f} | {cpu[key]:.2f} "
                  f"| {cpu[key] / cpu['cdx']:.3f} |")
        probe = subprocess.run([sys.executable, "-c", IN_PROCESS, str(ours_out)], check=True,
                               capture_output=True, text=True, timeout=300, cwd=tmp,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
        cli, first, second = json.loads(probe.stdout)
        print(f"\nIn one process: `import margo_ssdf.cli` {cli:.2f} s; strict validation of "
              f"this SBOM {first:.2f} s the first time (schema compiled), {second:.2f} s after.")


if __name__ == "__main__":
    main()
