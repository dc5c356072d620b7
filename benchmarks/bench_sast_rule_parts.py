"""Which part of one taint rule costs: its matching time with each sanitizer alone, and none.

semgrep's own per-rule match time (`--time`, one job so that workers do not share the figure)
on a copy of tests/sast_corpus (semgrep skips paths containing tests/). The rule runs alone,
once as written, once without sanitizers and once with each sanitizer as its only one; the
variants alternate so that they see the same machine load, and the lowest of the repeats is
shown. A sanitizer whose "alone" time is well above "none" is the one to make cheaper; the
findings count shows what each variant changes.

    python benchmarks/bench_sast_rule_parts.py margo.python.open-redirect [--repeat N]
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from margo_ssdf.resources import rules_dir

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "sast_corpus"
FLAGS = ["scan", "--metrics=off", "--disable-version-check", "--json", "--quiet",
         "--disable-nosem", "--no-git-ignore", "--oss-only", "--time", "--jobs", "1"]
# A sanitizer no file contains: a rule needs at least one to keep its shape.
NO_SANITIZER = [{"pattern": "margo_no_such_sanitizer(...)"}]


def find_rule(rule_id: str) -> dict[str, Any]:
    for pack in sorted((rules_dir() / "semgrep").glob("*-taint.yml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]:
            if rule["id"] == rule_id:
                # Deep copy: YAML aliases share one object between rules.
                return copy.deepcopy(rule)
    raise SystemExit(f"no taint rule {rule_id!r} in {rules_dir() / 'semgrep'}")


def variants(rule: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {"as written": rule, "no sanitizer": {**rule, "pattern-sanitizers": NO_SANITIZER}}
    for i, sanitizer in enumerate(rule.get("pattern-sanitizers", [])):
        label = json.dumps(sanitizer)[:70]
        out[f"sanitizer {i} alone: {label}"] = {**rule, "pattern-sanitizers": [sanitizer]}
    return out


def match_time(rule: dict[str, Any], target: Path, work: Path) -> tuple[float, int]:
    """(seconds semgrep spent matching the rule, number of findings)."""
    config = work / "rule.yml"
    config.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    semgrep = str(Path(sys.executable).with_name("semgrep"))
    done = subprocess.run([semgrep, *FLAGS, "--config", str(config), str(target)],
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"semgrep failed: {done.stderr[-500:]!r}")
    report = json.loads(done.stdout)
    spent = sum(sum(t["match_times"]) for t in report["time"]["targets"])
    return spent, len(report["results"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rule_id")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    rule = find_rule(args.rule_id)
    language = "go" if "go" in rule["languages"] else "python"
    with tempfile.TemporaryDirectory(prefix="margo-bench-parts-") as tmp:
        work = Path(tmp)
        target = work / "corpus"
        shutil.copytree(CORPUS / language, target)
        cases = variants(rule)
        best: dict[str, tuple[float, int]] = {}
        for _ in range(args.repeat):
            for name, variant in cases.items():
                spent, found = match_time(variant, target, work)
                best[name] = min(best.get(name, (spent, found)), (spent, found))
    print(f"| {args.rule_id} on tests/sast_corpus/{language} | match s | findings |")
    print("|---|---|---|")
    for name, (spent, found) in best.items():
        print(f"| {name} | {spent:.2f} | {found} |")


if __name__ == "__main__":
    main()
