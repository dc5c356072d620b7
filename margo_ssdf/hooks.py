"""The pre-commit hooks: a fast subset of the checks, on the files a commit changes.

Each hook runs the checks' own code (the SAST engines with our bundled rules, the isolation
rules, the policy loaders) under the project's configuration, on the files pre-commit passes,
and reports each open finding as a `Problem`. Hooks judge no SSDF task and write no evidence
that outlives them.

    from margo_ssdf import checks, hooks
    report = hooks.Hook.SAST.run(Path("."), ["app.py"], checks=checks.registry())
    for p in report.problems:
        print(p.text())
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, assert_never

from margo_ssdf import sarif
from margo_ssdf.checks.app_isolation import AppIsolationCheck
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.checks.sast import SastCheck
from margo_ssdf.discovery import Project, discover
from margo_ssdf.errors import ConfigError, UsageError
from margo_ssdf.isolation.helm import find_charts
from margo_ssdf.models import Outcome
from margo_ssdf.policy import (
    CONFIG_YAML,
    PYPROJECT,
    Configuration,
    load_configuration,
    load_policy_file,
)

SAST_CHECKS = ("sast.bandit", "sast.semgrep")
"""The engines `hook sast` runs (the workflow linter needs the whole tree, so it is not one)."""
ISOLATION_CHECK = "app.isolation"
UNREADABLE = "margo.unreadable"
"""The rule of a problem that is a file the check could not analyse."""
CONFIG_RULE = "margo.config"
"""The rule of a problem that is an invalid configuration or policy file."""


@dataclass(frozen=True)
class Problem:
    """One thing to fix before committing."""

    path: str
    """Project-relative POSIX path of the file."""
    line: int
    """1-based line, or 0 when the problem is the whole file."""
    rule: str
    """The rule id users triage by (B602, margo.isolation.privileged, margo.config)."""
    message: str
    """What is wrong and how to fix it."""

    def text(self) -> str:
        """`file:line: rule message`, the form editors and terminals link."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.rule} {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "rule": self.rule,
                "message": self.message}


@dataclass(frozen=True)
class HookReport:
    """What one hook looked at and what it found."""

    hook: str
    """The hook's name (sast, isolation, policy)."""
    checked: tuple[str, ...]
    """The files the hook analysed (passed files it does not look at are left out)."""
    problems: tuple[Problem, ...]
    """Open findings; the hook fails when there is any."""

    def as_json(self) -> dict[str, Any]:
        return {"hook": self.hook, "checked": list(self.checked),
                "problems": [p.as_json() for p in self.problems]}


class Hook(StrEnum):
    """The hooks of `.pre-commit-hooks.yaml`; each builds its own run."""

    SAST = "sast"
    ISOLATION = "isolation"
    POLICY = "policy"

    def run(self, root: Path, names: Sequence[str], *, checks: Mapping[str, Check]
            ) -> HookReport:
        """Run the hook over `names` (paths relative to `root`) in the project at `root`."""
        rels = project_relative(root, names)
        if self is Hook.SAST:
            return sast(root, rels, checks)
        if self is Hook.ISOLATION:
            return isolation(root, rels, checks)
        if self is Hook.POLICY:
            return policy(root, rels, checks)
        assert_never(self)


def project_relative(root: Path, names: Sequence[str]) -> list[str]:
    """The passed file names as project-relative POSIX paths; UsageError for one outside."""
    base = root.resolve()
    out = []
    for name in names:
        full = (root / name).resolve() if not Path(name).is_absolute() else Path(name).resolve()
        if not full.is_relative_to(base):
            raise UsageError(f"{name}: not inside the project {base}.",
                             fix="Run the hook from the project's top directory, or pass "
                                 "--root with the directory that holds the files.")
        out.append(full.relative_to(base).as_posix())
    return out


def _selection(root: Path, rels: Sequence[str], config: Configuration) -> tuple[Project, list[str]]:
    """The whole project (walked once, with the configuration's excludes) and the passed files
    it keeps: an excluded file is skipped here exactly as `verify` skips it."""
    project = discover(root, config.excludes, config.release)
    known = set(project.files)
    return project, [rel for rel in dict.fromkeys(rels) if rel in known]


def _problems(log: Mapping[str, Any], unreadable_fails: bool) -> list[Problem]:
    """The open results of a SARIF log a check wrote, and the files it could not analyse."""
    found = [Problem(r.path, r.line, r.rule_id, r.message)
             for r in sarif.read_results(log) if not r.suppressed]
    if unreadable_fails:
        for run in log.get("runs", []):
            for inv in run.get("invocations", []):
                for note in inv.get("toolExecutionNotifications", []):
                    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    found.append(Problem(sarif.project_path(run, str(uri)), 0, UNREADABLE,
                                         note["message"]["text"]))
    return found


def _run_check(check: Check, project: Project, config: Configuration, *,
               unreadable_fails: bool) -> list[Problem]:
    """Run one check on a narrowed project and read its findings back from its SARIF."""
    rule = config.policy.rule(check.id)
    with tempfile.TemporaryDirectory(prefix="margo-ssdf-hook-") as tmp:
        ctx = CheckContext(project=project, options=config.policy.options_for(check),
                           evidence_root=Path(tmp), timeout=rule.timeout)
        result = check.run(ctx)
        found: list[Problem] = []
        for ev in result.evidence:
            if ev.media_type == sarif.MEDIA_TYPE:
                log = json.loads((Path(tmp) / ev.path).read_bytes())
                found += _problems(log, unreadable_fails)
    if result.outcome is Outcome.ERROR and not found:  # fail closed on a check that gave up
        found.append(Problem("", 0, check.id, result.reason or "the check could not run."))
    return found


def sast(root: Path, rels: Sequence[str], checks: Mapping[str, Check]) -> HookReport:
    """bandit and semgrep (our bundled rules, offline) on the passed files only."""
    config = load_configuration(root, checks=checks)
    project, chosen = _selection(root, rels, config)
    narrowed = replace(project, files=tuple(chosen))
    checked: set[str] = set()
    problems: list[Problem] = []
    for cid in SAST_CHECKS:
        check = checks[cid]
        assert isinstance(check, SastCheck)
        targets = check.targets(narrowed, config.policy.options_for(check))
        if targets:
            checked.update(targets)
            # Files the engines cannot parse are already coverage-gap findings, as in verify.
            problems += _run_check(check, narrowed, config, unreadable_fails=False)
    return HookReport(Hook.SAST.value, tuple(sorted(checked)), tuple(problems))


def _with_charts(project: Project, chosen: Sequence[str]) -> list[str]:
    """The chosen files, and every file of each Helm chart one of them belongs to: a chart is
    rendered whole, so a changed template or values file means the whole chart."""
    out = dict.fromkeys(chosen)
    for chart in find_charts(project.files):
        prefix = f"{chart.dir}/" if chart.dir else ""
        if any(rel.startswith(prefix) for rel in chosen):
            out.update(dict.fromkeys(f for f in project.files if f.startswith(prefix)))
    return list(out)


def isolation(root: Path, rels: Sequence[str], checks: Mapping[str, Check]) -> HookReport:
    """The isolation rules on the passed compose files, app descriptions and charts."""
    config = load_configuration(root, checks=checks)
    project, chosen = _selection(root, rels, config)
    check = checks[ISOLATION_CHECK]
    assert isinstance(check, AppIsolationCheck)
    narrowed = replace(project, files=tuple(sorted(_with_charts(project, chosen))))
    targets = check.targets(narrowed, config.policy.options_for(check))
    if not targets:
        return HookReport(Hook.ISOLATION.value, (), ())
    # A changed manifest nobody could read must not pass (fail closed).
    problems = _run_check(check, narrowed, config, unreadable_fails=True)
    return HookReport(Hook.ISOLATION.value, tuple(targets), tuple(problems))


def _has_margo_table(path: Path) -> bool:
    """Whether a pyproject.toml configures margo-ssdf (invalid TOML counts: the loader says
    why)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True
    tool = data.get("tool")
    if tool is None:
        return False
    return not isinstance(tool, dict) or "margo-ssdf" in tool


def _config_problem(exc: ConfigError, root: Path, rel: str) -> Problem:
    where = rel if exc.file in (None, str(root / rel)) else str(exc.file)
    text = exc.diagnostics()
    # The error names its file and line first; the problem carries them as fields.
    if exc.file and text.startswith(exc.file):
        text = text.removeprefix(exc.file).removeprefix(f":{exc.line}" if exc.line else "")
        text = text.lstrip(" :")
    return Problem(where, exc.line or 0, CONFIG_RULE, text)


def _load_one(root: Path, rel: str, checks: Mapping[str, Check]) -> bool:
    """Load one configuration or policy file as `verify` would; False when it is not one."""
    path = root / rel
    name = path.name
    if name == PYPROJECT and not _has_margo_table(path):
        return False
    if name in (CONFIG_YAML, PYPROJECT):
        # The file's own directory is its project: a `policy:` path is relative to it.
        load_configuration(path.parent, checks=checks, config_path=path)
    else:
        load_policy_file(path, rel, checks=checks)
    return True


def policy(root: Path, rels: Sequence[str], checks: Mapping[str, Check]) -> HookReport:
    """Each passed `.margo-ssdf.yaml`, `pyproject.toml` ([tool.margo-ssdf]) or policy file
    loads without error, and so does the project's own configuration: it loads the policy file
    it names, which a commit may change alone."""
    checked: list[str] = []
    problems: list[Problem] = []
    own = next((name for name in (CONFIG_YAML, PYPROJECT) if (root / name).is_file()), None)
    for rel in dict.fromkeys([*rels, *([own] if own else [])]):
        try:
            if _load_one(root, rel, checks):
                checked.append(rel)
        except ConfigError as exc:
            checked.append(rel)
            problems.append(_config_problem(exc, root, rel))
    return HookReport(Hook.POLICY.value, tuple(checked), tuple(problems))
