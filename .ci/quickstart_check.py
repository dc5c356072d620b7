"""CI: the quick start's first command, before the tests ran, fails for PW.8.2 alone (exit 1)."""

import json
import sys

summary = json.loads(open(sys.argv[1], encoding="utf-8").read())
code = int(sys.argv[2])
unmet = [t["task_id"] for t in summary["evaluation"]["tasks"]
         if t["required"] and t["state"] not in ("satisfied", "declared", "not_applicable")]
if code != 1 or unmet != ["PW.8.2"]:
    sys.exit(f"quick start: expected exit 1 with only PW.8.2 unmet, got exit {code} with "
             f"{unmet}: {summary['evaluation']['reasons']}")
print("quick start: not compliant for PW.8.2 alone, as the README says")
