"""SAST quality per CWE class, counted the strict way: a finding counts only in its own class.

A vulnerable file is found when an engine reports, in that file, a finding of at least medium
severity whose CWE list (the rule's own CWE and its parent class, see margo_ssdf/cwe.py) holds
the file's class; a safe file is flagged when such a finding lands in it. Youden's J = TPR - FPR
per class and over all files, for bandit alone, our semgrep rules alone and the two combined.

    python benchmarks/bench_sast_classes.py    (prints a Markdown table)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from margo_ssdf.cwe import with_parents

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "sast_corpus"
SEVERE_SEMGREP = {"ERROR", "WARNING"}
SEVERE_BANDIT = {"HIGH", "MEDIUM"}
BIN = Path(sys.executable).parent


def cases() -> dict[str, tuple[str, bool]]:
    """Corpus file (relative to CORPUS) -> (its class, e.g. 'python/CWE-89', vulnerable?)."""
    out = {}
    for path in sorted(CORPUS.glob("*/CWE-*/*")):
        stem = path.stem
        if stem.endswith(("__vuln", "__safe")):
            rel = path.relative_to(CORPUS).as_posix()
            out[rel] = (rel.rsplit("/", 1)[0], stem.endswith("__vuln"))
    return out


def semgrep_hits(tree: Path) -> dict[str, set[str]]:
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    done = subprocess.run(
        [str(BIN / "semgrep"), "scan", "--metrics=off", "--json", "--quiet",
         "--config", str(REPO / "rules" / "semgrep"), "."],
        cwd=tree, capture_output=True, text=True, timeout=1800, env=env, check=False)
    hits: dict[str, set[str]] = defaultdict(set)
    for r in json.loads(done.stdout)["results"]:
        if r["extra"]["severity"] in SEVERE_SEMGREP:
            cwes = r["extra"].get("metadata", {}).get("cwe", [])
            hits[r["path"].removeprefix("./")].update(with_parents(cwes))
    return hits


def bandit_hits(tree: Path) -> dict[str, set[str]]:
    done = subprocess.run([str(BIN / "bandit"), "-r", "-q", "-f", "json", "python"],
                          cwd=tree, capture_output=True, text=True, timeout=1800, check=False)
    hits: dict[str, set[str]] = defaultdict(set)
    for r in json.loads(done.stdout)["results"]:
        if r["issue_severity"] in SEVERE_BANDIT:
            cwe = (r.get("issue_cwe") or {}).get("id")
            if cwe:
                hits[r["filename"].removeprefix("./")].update(with_parents([f"CWE-{cwe}"]))
    return hits


def score(labels: dict[str, tuple[str, bool]], hits: dict[str, set[str]]
          ) -> dict[str, tuple[int, int, int, int]]:
    """Class -> (found, vulnerable, flagged, safe); 'all' sums every class."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for rel, (klass, vulnerable) in labels.items():
        cwe = klass.split("/")[1]
        matched = cwe in hits.get(rel, set())
        for key in (klass, "all"):
            row = table[key]
            if vulnerable:
                row[0] += matched
                row[1] += 1
            else:
                row[2] += matched
                row[3] += 1
    return {k: (v[0], v[1], v[2], v[3]) for k, v in table.items()}


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    labels = cases()
    # Scanned from a copy outside the repository: semgrep skips paths under tests/ by default.
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "corpus"
        shutil.copytree(CORPUS, tree)
        sem, ban = semgrep_hits(tree), bandit_hits(tree)
    both = {rel: sem.get(rel, set()) | ban.get(rel, set()) for rel in labels}
    scores = {"bandit": score(labels, ban), "semgrep": score(labels, sem),
              "combined": score(labels, both)}
    print("| class | vulnerable / safe | bandit J | semgrep J | combined TPR | combined FPR "
          "| combined J |")
    print("|---|---|---|---|---|---|---|")
    for klass in sorted(scores["combined"], key=lambda k: (k == "all", k)):
        f, v, fl, s = scores["combined"][klass]

        def j(name: str, k: str = klass) -> str:
            a, b, c, d = scores[name][k]
            return f"{(a / b if b else 0) - (c / d if d else 0):.2f}"

        print(f"| {klass} | {v} / {s} | {j('bandit')} | {j('semgrep')} | "
              f"{f / v if v else 0:.2f} | {fl / s if s else 0:.2f} | **{j('combined')}** |")


if __name__ == "__main__":
    main()
