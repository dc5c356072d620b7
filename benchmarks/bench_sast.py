"""SAST quality and speed.

Quality: on the labelled corpus in tests/sast_corpus (each file vulnerable or safe), the share of
vulnerable files each engine flags (true-positive rate), the share of safe files it flags
(false-positive rate) and Youden's J = TPR - FPR, for bandit alone, semgrep alone (our rules)
and margo-ssdf's combined SAST. A file counts as flagged when the engine reports a finding of at
least medium severity in it (low-severity notes such as "subprocess imported" are not verdicts).

Speed: wall time of margo-ssdf's SAST stage (sast.bandit + sast.semgrep + sast.workflows,
concurrent) against bandit and semgrep run by hand one after the other on the same tree.

    python benchmarks/bench_sast.py [--repeat N] [TREE ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from margo_ssdf import sarif
from margo_ssdf.checks import registry
from margo_ssdf.discovery import discover
from margo_ssdf.policy import load_configuration
from margo_ssdf.resources import rules_dir
from margo_ssdf.scheduler import run_checks

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "sast_corpus"
SEVERE = {"critical", "high", "medium"}
SAST = ("sast.bandit", "sast.semgrep", "sast.workflows")


def labelled() -> dict[str, bool]:
    """Corpus files (relative to the corpus) -> True when labelled vulnerable."""
    out = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and ("__vuln" in path.stem or "__safe" in path.stem):
            out[path.relative_to(CORPUS).as_posix()] = "__vuln" in path.stem
    return out


def flagged_by(tool: str, log: dict) -> set[str]:
    return {r.path for r in sarif.read_results(log)
            if r.tool == tool and r.severity in SEVERE}


def score(flags: set[str], labels: dict[str, bool]) -> tuple[float, float, float]:
    vuln = [f for f, v in labels.items() if v]
    safe = [f for f, v in labels.items() if not v]
    tpr = sum(f in flags for f in vuln) / len(vuln)
    fpr = sum(f in flags for f in safe) / len(safe)
    return tpr, fpr, tpr - fpr


def sast_logs(tree: Path, checks: Iterable[str], options: dict[str, object]) -> tuple[dict, float]:
    project = discover(tree)
    policy = load_configuration(tree, checks=registry()).policy
    for cid in checks:  # the corpus lives under tests/: scan it, excludes off
        rule = policy.rule(cid)
        policy.checks[cid] = rule.model_copy(update={"options": {**rule.options, **options}})
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        results = run_checks(project, policy, list(checks), Path(out), checks=registry())
        elapsed = time.perf_counter() - t0
        logs = [json.loads((Path(out) / ev.path).read_bytes()) for r in results.values()
                for ev in r.evidence if ev.media_type == sarif.MEDIA_TYPE]
        errors = [f"{r.check_id}: {r.reason}" for r in results.values() if r.outcome == "error"]
    if errors:
        raise SystemExit(f"a check errored: {errors}")
    return sarif.merge_logs(logs), elapsed


def by_hand(tree: Path) -> float:
    """bandit then semgrep, the usual way (recursive on the tree, JSON output)."""
    semgrep = str(Path(sys.executable).with_name("semgrep"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bandit", "-r", str(tree), "-f", "json", "-q"],
                   capture_output=True, timeout=1800)
    subprocess.run([semgrep, "scan", "--metrics=off", "--disable-version-check", "--json",
                    "--quiet", "--config", str(rules_dir() / "semgrep"), str(tree)],
                   capture_output=True, timeout=1800)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    labels = labelled()
    log, _ = sast_logs(CORPUS, ("sast.bandit", "sast.semgrep"), {"exclude": []})
    bandit, semgrep = flagged_by("bandit", log), flagged_by("semgrep", log)
    print(f"Corpus: {len(labels)} files, {sum(labels.values())} vulnerable, "
          f"{len(labels) - sum(labels.values())} safe.\n")
    print("| engine | TPR | FPR | Youden's J |")
    print("|---|---|---|---|")
    py_labels = {f: v for f, v in labels.items() if f.endswith(".py")}
    for name, flags, lab in (("bandit alone (Python files only)", bandit, py_labels),
                             ("bandit alone (whole corpus)", bandit, labels),
                             ("semgrep, our rules", semgrep, labels),
                             ("margo-ssdf combined", bandit | semgrep, labels)):
        tpr, fpr, j = score(flags, lab)
        print(f"| {name} | {tpr:.2f} | {fpr:.2f} | {j:.2f} |")

    trees = args.trees or [p for p in (REPO.parent / "shared/corpora/margo", REPO) if p.is_dir()]
    print("\n| tree | margo-ssdf SAST stage (s) | bandit then semgrep by hand (s) | ratio |")
    print("|---|---|---|---|")
    for tree in trees:
        ours = statistics.median(sast_logs(tree, SAST, {})[1] for _ in range(args.repeat))
        theirs = statistics.median(by_hand(tree) for _ in range(args.repeat))
        print(f"| {tree.name} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
