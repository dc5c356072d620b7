"""`repo.hygiene`: the repository habits the SSDF asks for and a reviewer can see at a glance.

- security-policy (RV.1.3): a SECURITY file says how to report vulnerabilities;
- code-owners (PO.2.1): CODEOWNERS or MAINTAINERS names who is responsible;
- signed-commits (PS.1.1): share of the last N commits carrying a signature (presence only:
  verifying them needs the signers' keys, which a repository does not carry);
- workflow-pins and workflow-permissions (PO.3.2): GitHub workflows pin third-party actions to
  full commit SHAs and keep the token's permissions least-privilege.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from margo_ssdf import yamlio
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.gitcmd import recent_commits
from margo_ssdf.discovery.project import is_action, is_workflow
from margo_ssdf.errors import ConfigError, ToolError
from margo_ssdf.models import CheckResult, Outcome, Probe

_DOC_DIRS = ("", ".github/", "docs/", ".gitlab/")
SECURITY_FILES = tuple(f"{d}SECURITY{ext}" for d in _DOC_DIRS
                       for ext in (".md", ".rst", ".txt", ""))
OWNER_FILES = tuple(f"{d}{name}" for d in _DOC_DIRS
                    for name in ("CODEOWNERS", "MAINTAINERS", "MAINTAINERS.md", "OWNERS"))
_SHA = re.compile(r"^[0-9a-f]{40}$")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def pinned(uses: str) -> bool:
    """Whether a `uses:` reference cannot move under us."""
    if uses.startswith("./"):
        return True  # an action in the same repository moves with the commit itself
    if uses.startswith("docker://"):
        return bool(_DIGEST.search(uses))
    _, _, ref = uses.partition("@")
    return bool(_SHA.match(ref))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _uses(doc: yamlio.Located) -> Iterable[tuple[str, int | None]]:
    data = _mapping(doc.data)
    jobs = _mapping(data.get("jobs"))
    for jname, job in jobs.items():
        if not isinstance(job, dict):
            continue
        if isinstance(job.get("uses"), str):
            yield job["uses"], doc.line(("jobs", jname, "uses"))
        for i, step in enumerate(job.get("steps") or []):
            if isinstance(step, dict) and isinstance(step.get("uses"), str):
                yield step["uses"], doc.line(("jobs", jname, "steps", i, "uses"))
    runs = _mapping(data.get("runs"))
    for i, step in enumerate(runs.get("steps") or []):
        if isinstance(step, dict) and isinstance(step.get("uses"), str):
            yield step["uses"], doc.line(("runs", "steps", i, "uses"))


def _writes(perms: Any) -> list[str]:
    if perms == "write-all":
        return ["write-all"]
    if isinstance(perms, dict):
        return [f"{k}: write" for k, v in perms.items() if v == "write"]
    return []


def permission_problems(doc: yamlio.Located) -> list[tuple[str, int | None]]:
    """Where a workflow gives its token more than it needs."""
    data = _mapping(doc.data)
    jobs = _mapping(data.get("jobs"))
    problems: list[tuple[str, int | None]] = []
    if "permissions" in data:
        writes = _writes(data["permissions"])
        if writes:
            problems.append((f"top-level permissions grant {', '.join(writes)} to every job; "
                             "grant writes only to the job that needs them",
                             doc.line(("permissions",))))
    for jname, job in jobs.items():
        if not isinstance(job, dict):
            continue
        if "permissions" not in job and "permissions" not in data:
            problems.append((f"job '{jname}' gets the default token permissions: declare "
                             "'permissions' at the top level or on the job",
                             doc.line(("jobs", jname))))
        elif job.get("permissions") == "write-all":
            problems.append((f"job '{jname}' has write-all permissions",
                             doc.line(("jobs", jname, "permissions"))))
    return problems


def hygiene_outcome(probes: Sequence[Probe]) -> Outcome:
    """The check's outcome from its probes (as hygiene.json records them): any failure fails."""
    return Outcome.FAIL if any(p.outcome is Outcome.FAIL for p in probes) else Outcome.PASS


class RepoHygiene(Check):
    """Repository-level evidence: security policy, owners, signed commits, workflow hygiene."""

    id = "repo.hygiene"
    title = "SECURITY.md, CODEOWNERS, signed commits, pinned least-privilege workflows"
    tasks = ("RV.1.3", "PO.2.1", "PS.1.1", "PO.3.2")
    tool = "gitpython"
    distribution = "GitPython"
    remediation = (
        "Add SECURITY.md (how to report a vulnerability) and CODEOWNERS; sign commits "
        "(git config commit.gpgsign true); pin every third-party action to a full commit SHA "
        "and declare least-privilege 'permissions' in every workflow."
    )
    thresholds: ClassVar[Mapping[str, str]] = {
        "min_signed_commits": "lowest share (0..1) of signed commits among the last N",
        "max_workflow_pins": "most `uses:` references allowed that are not pinned to a SHA",
    }
    options: ClassVar[Mapping[str, Any]] = {"commit_window": 30}

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        wanted = set(SECURITY_FILES) | set(OWNER_FILES)
        return [f for f in project.files if f in wanted or is_workflow(f) or is_action(f)]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        git = project.git
        return git.head or "" if git else "no-git"

    def run(self, ctx: CheckContext) -> CheckResult:
        project = ctx.project
        probes = [
            self._file_probe(project, "security-policy", ("RV.1.3",), SECURITY_FILES,
                             "security policy"),
            self._file_probe(project, "code-owners", ("PO.2.1",), OWNER_FILES,
                             "CODEOWNERS or MAINTAINERS file"),
            self._signed_commits(project, int(ctx.options["commit_window"])),
            *self._workflows(project),
        ]
        evidence = ctx.write_evidence(
            self.id, "hygiene.json",
            json.dumps({"probes": [p.model_dump(mode="json") for p in probes]},
                       indent=2).encode(),
            "application/json",
        )
        failing = [p for p in probes if p.outcome is Outcome.FAIL]
        reason = "; ".join(p.reason for p in failing) or None
        return self.result(ctx, hygiene_outcome(probes), reason, probes=probes,
                           evidence=[evidence])

    @staticmethod
    def _file_probe(project: Project, pid: str, tasks: tuple[str, ...],
                    candidates: tuple[str, ...], what: str) -> Probe:
        present = set(project.files)
        found = [c for c in candidates if c in present
                 and project.path(c).stat().st_size > 0]
        if found:
            return Probe(id=pid, tasks=tasks, outcome=Outcome.PASS,
                         reason=f"{what} is present ({found[0]})", locations=(found[0],))
        return Probe(id=pid, tasks=tasks, outcome=Outcome.FAIL,
                     reason=f"no {what} (looked for {', '.join(candidates[:3])}, ...)")

    @staticmethod
    def _signed_commits(project: Project, window: int) -> Probe:
        tasks = ("PS.1.1",)
        facts = project.git
        if facts is None:
            return Probe(id="signed-commits", tasks=tasks, outcome=Outcome.SKIPPED,
                         reason="not a git repository, so commit signatures cannot be checked")
        if facts.head is None:
            return Probe(id="signed-commits", tasks=tasks, outcome=Outcome.SKIPPED,
                         reason="the repository has no commits yet")
        try:
            commits = recent_commits(facts.top, facts.head, max(window, 1))
        except ToolError as exc:
            return Probe(id="signed-commits", tasks=tasks, outcome=Outcome.ERROR,
                         reason=f"git history could not be read: {exc}")
        unsigned = [c.sha[:12] for c in commits if not c.signed]
        share = 1 - len(unsigned) / len(commits)
        reason = f"{len(commits) - len(unsigned)} of the last {len(commits)} commits are signed"
        return Probe(id="signed-commits", tasks=tasks,
                     outcome=Outcome.PASS if not unsigned else Outcome.FAIL,
                     reason=reason, value=round(share, 4), locations=tuple(unsigned))

    @staticmethod
    def _workflows(project: Project) -> list[Probe]:
        tasks = ("PO.3.2",)
        files = [f for f in project.files if is_workflow(f) or is_action(f)]
        if not files:
            skipped = "no GitHub workflow or action files"
            return [Probe(id=pid, tasks=tasks, outcome=Outcome.SKIPPED, reason=skipped)
                    for pid in ("workflow-pins", "workflow-permissions")]
        unpinned: list[str] = []
        perm_problems: list[str] = []
        unreadable: list[str] = []
        for rel in files:
            try:
                doc = yamlio.load(project.path(rel), rel)
            except ConfigError as exc:
                unreadable.append(exc.diagnostics())
                continue
            unpinned += [f"{rel}:{line or 1}: {uses}" for uses, line in _uses(doc)
                         if not pinned(uses)]
            if is_workflow(rel):
                perm_problems += [f"{rel}:{line or 1}: {msg}"
                                  for msg, line in permission_problems(doc)]
        if unreadable:
            reason = "workflow files could not be read: " + "; ".join(unreadable)
            return [Probe(id=pid, tasks=tasks, outcome=Outcome.ERROR, reason=reason)
                    for pid in ("workflow-pins", "workflow-permissions")]
        pins = Probe(
            id="workflow-pins", tasks=tasks,
            outcome=Outcome.FAIL if unpinned else Outcome.PASS,
            reason=(f"{len(unpinned)} action reference(s) not pinned to a full commit SHA"
                    if unpinned else f"every action reference in {len(files)} file(s) is pinned"),
            value=float(len(unpinned)), locations=tuple(unpinned),
        )
        perms = Probe(
            id="workflow-permissions", tasks=tasks,
            outcome=Outcome.FAIL if perm_problems else Outcome.PASS,
            reason=(f"{len(perm_problems)} workflow permission problem(s)" if perm_problems
                    else "every workflow declares least-privilege permissions"),
            locations=tuple(perm_problems),
        )
        return [pins, perms]
