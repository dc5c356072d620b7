"""Memory benchmark: peak RSS of `margo-ssdf run` on a large generated tree, and of hashing a
large artifact, each measured in its own child process.

    python benchmarks/bench_memory.py [--files 50000] [--hash-gib 1] [--check ID ...]

For each measurement the child reports its own peak resident set (VmHWM from /proc/self/status),
that is margo-ssdf's memory without the scanners it starts; the parent then reads the largest
peak of any process of the run (wait4's rusage), which includes bandit, semgrep or zizmor.
Prints a Markdown table for docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs in the child: imports, then one margo-ssdf command or library call; its peak RSS before
# and after the work.
CHILD = """
import json, sys, time
sys.path.insert(0, {repo!r})
def hwm():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
{setup}
before = hwm()
started = time.perf_counter()
{work}
elapsed = time.perf_counter() - started
print(json.dumps({{"before_kib": before, "hwm_kib": hwm(), "seconds": elapsed,
                   "result": result}}))
"""

KINDS = (".py", ".py", ".go", ".yaml", ".txt")


def generate(root: Path, files: int) -> Path:
    """A tree of `files` small files (Python, Go, YAML, text) in directories of 100."""
    root.mkdir(parents=True)
    (root / "SECURITY.md").write_text("Report vulnerabilities privately.\n")
    (root / "CODEOWNERS").write_text("* @team\n")
    (root / "pyproject.toml").write_text('[project]\nname = "big"\nversion = "1.0.0"\n'
                                         'dependencies = ["click==8.1.7"]\n')
    (root / "go.mod").write_text("module example.com/big\n\ngo 1.22\n")
    (root / "THREAT_MODEL.md").write_text("| Threat | Status | Priority |\n|---|---|---|\n"
                                          "| Tampered release | Mitigated | High |\n")
    made = 5
    d = 0
    while made < files:
        directory = root / f"pkg{d // 100:03d}" / f"mod{d % 100:02d}"
        directory.mkdir(parents=True)
        for i in range(min(100, files - made)):
            kind = KINDS[i % len(KINDS)]
            n = made + i
            text = {".py": f"def f{n}(x):\n    return x + {n}\n",
                    ".go": f"package mod{d % 100:02d}\n\nfunc F{n}() int {{ return {n} }}\n",
                    ".yaml": f"name: item-{n}\nvalues: [1, 2, 3]\n",
                    ".txt": f"line {n}: nothing to see here\n"}[kind]
            (directory / f"f{n}{kind}").write_text(text)
        made += min(100, files - made)
        d += 1
    return root


def osv_database(tmp: Path) -> str:
    """A small vulnerability database, so deps.audit and vuln.response run for real."""
    src = tmp / "advisories"
    src.mkdir()
    for i, (eco, name, fixed) in enumerate([("PyPI", "click", "8.1.0"),
                                            ("Go", "golang.org/x/net", "0.17.0")]):
        (src / f"ADV-{i}.json").write_text(json.dumps({
            "id": f"ADV-{i}", "modified": "2024-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": eco, "name": name}, "ranges": [
                {"type": "ECOSYSTEM" if eco == "PyPI" else "SEMVER",
                 "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]}))
    db = tmp / "osv.sqlite3"
    subprocess.run([sys.executable, "-m", "margo_ssdf", "db", "import", str(src), "--db",
                    str(db)], check=True, capture_output=True, timeout=300,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    return str(db)


def child(setup: str, work: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run `work` after `setup` in a fresh interpreter: its own peak RSS, what the work added to
    it, and the largest peak of the process tree."""
    script = CHILD.format(repo=str(REPO), setup=setup, work=work)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=out, stderr=err, env=env)
        # wait4's rusage covers the child and every descendant it waited for (the scanners).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"child failed:\n{err.read().decode()[-3000:]}")
        report = json.loads(out.read().decode().strip().splitlines()[-1])
    return {"self_mib": report["hwm_kib"] / 1024,
            "added_mib": (report["hwm_kib"] - report["before_kib"]) / 1024,
            "tree_mib": usage.ru_maxrss / 1024, "seconds": report["seconds"],
            "wall": wall, "result": report["result"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--hash-gib", type=int, default=1)
    parser.add_argument("--check", dest="checks", action="append", default=[],
                        help="Run only these checks (default: every check of the policy).")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=REPO.parent) as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "MARGO_SSDF_CACHE_DIR": str(tmp / "cache"),
               "MARGO_SSDF_DB": os.environ.get("MARGO_SSDF_DB") or osv_database(tmp)}

        t0 = time.perf_counter()
        tree = generate(tmp / "tree", args.files)
        made = time.perf_counter() - t0
        print(f"generated {args.files} files in {made:.1f}s", file=sys.stderr)

        rows.append(("discovery: walk the tree once", f"{args.files} files", child(
            "from pathlib import Path\nfrom margo_ssdf.discovery import discover",
            f"result = len(discover(Path({str(tree)!r})).files)", env)))

        selected = [a for c in args.checks for a in ("--check", c)]
        argv = ["run", str(tree), "--no-cache", "--format", "json", "--out",
                str(tmp / "out"), *selected]
        what = "margo-ssdf run" + (f" --check {' --check '.join(args.checks)}"
                                   if args.checks else " (default policy)")
        rows.append((what, f"{args.files} files", child(
            "import contextlib, io\nfrom margo_ssdf.cli import main",
            f"with contextlib.redirect_stdout(io.StringIO()):\n    result = int(main({argv!r}))",
            env)))

        big = tmp / "artifact.bin"
        block = os.urandom(1 << 20)
        with big.open("wb") as f:
            for _ in range(args.hash_gib * 1024):
                f.write(block)
        rows.append(("sha256_file (audit/attest --artifact, evidence digests)",
                     f"{args.hash_gib} GiB file", child(
                         "from pathlib import Path\n"
                         "from margo_ssdf.files import sha256_file",
                         f"result = sha256_file(Path({str(big)!r}))[:12]", env)))
        rows.append(("margo-ssdf sbom --artifact (hashes the artifact)",
                     f"{args.hash_gib} GiB file", child(
                         "import contextlib, io\nfrom margo_ssdf.cli import main",
                         f"result = int(main(['sbom', {str(tree)!r}, '-o', "
                         f"{str(tmp / 'bom.json')!r}, '--artifact', {str(big)!r}]))", env)))

    print("| what | input | peak RSS of margo-ssdf (MiB) | of which the work itself (MiB) | "
          "peak RSS of the largest process of the run (MiB) | time (s) | exit / result |")
    print("|---|---|---|---|---|---|---|")
    for what, size, r in rows:
        print(f"| {what} | {size} | {r['self_mib']:.0f} | {r['added_mib']:.0f} | "
              f"{r['tree_mib']:.0f} | {r['seconds']:.1f} | {r['result']} |")


if __name__ == "__main__":
    main()
