"""`init`: a new project's first files, from the templates in `rules/templates/`.

Every template holds TODO markers where the project's own words belong; `verify` reports each
marker still there (`placeholders`), so what `init` lists as left to do is what `verify` names.
An existing file is never overwritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from margo_ssdf import catalog
from margo_ssdf.checks.repo_hygiene import ALLOWED_SIGNERS, OWNER_FILES, SECURITY_FILES
from margo_ssdf.errors import OutputError, UsageError
from margo_ssdf.files import write_atomic
from margo_ssdf.policy import CONFIG_YAML, Policy
from margo_ssdf.resources import rules_dir

WORKFLOW = ".github/workflows/margo-ssdf-release.yml"
"""Where the release workflow goes."""
CODEOWNERS = ".github/CODEOWNERS"
UNPINNED = "0" * 40
"""The workflow's placeholder pin: repo.hygiene never counts it as pinned."""
_SHA = re.compile(r"[0-9a-f]{40}")


class Action(StrEnum):
    """What `init` did with one file."""

    WRITTEN = "written"
    KEPT = "kept"


@dataclass(frozen=True)
class ScaffoldFile:
    """One file `init` is responsible for."""

    path: str
    """Project-relative path."""
    action: Action
    todo: tuple[str, ...] = ()
    """What is left to fill in the written file, in words; empty when kept."""
    note: str = ""
    """Why a file was kept (which existing file does its job)."""


@dataclass(frozen=True)
class Scaffold:
    """What `init` did in one project."""

    root: Path
    files: tuple[ScaffoldFile, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """The machine-readable form `init --format json` prints."""
        return {"root": str(self.root),
                "files": [{"path": f.path, "action": f.action.value, "todo": list(f.todo),
                           "note": f.note} for f in self.files],
                "todo": [{"path": f.path, "what": t} for f in self.files for t in f.todo]}


@dataclass(frozen=True)
class _Planned:
    path: str
    data: bytes
    todo: tuple[str, ...]
    existing: tuple[str, ...] = ()
    """Other files that already do this file's job (e.g. MAINTAINERS for CODEOWNERS)."""


def _template(name: str) -> str:
    return (rules_dir() / "templates" / name).read_text("utf-8")


def declaration_document(task_ids: Iterable[str]) -> str:
    """The declaration document: the template's head, then one section per task."""
    tasks = catalog.ssdf().tasks
    practices = catalog.ssdf().practices
    parts = [_template("SSDF.md").rstrip("\n")]
    for tid in task_ids:
        task = tasks[tid]
        practice = practices[task.practice_id]
        parts.append(
            f"## {tid}: {task.title}\n"
            f"_SSDF practice {practice.id}: {practice.title}._\n\n"
            f"TODO: say how this project does it: who, how often, and where the record is.")
    return "\n\n".join(parts) + "\n"


def _declarations(policy: Policy) -> list[_Planned]:
    by_doc: dict[str, list[str]] = {}
    for tid, rule in policy.tasks.items():
        if rule.declared is not None and rule.not_applicable is None:
            by_doc.setdefault(rule.declared, []).append(tid)
    return [_Planned(doc, declaration_document(tids).encode(),
                     tuple(f"section {tid}: {catalog.ssdf().tasks[tid].title}" for tid in tids))
            for doc, tids in by_doc.items()]


def installed_commit() -> str | None:
    """The commit margo-ssdf was installed from, when pip recorded one (a git install)."""
    try:
        raw = metadata.distribution("margo-ssdf").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    commit = json.loads(raw or "{}").get("vcs_info", {}).get("commit_id") if raw else None
    return commit if isinstance(commit, str) and _SHA.fullmatch(commit) else None


def release_workflow(action_ref: str | None) -> tuple[str, tuple[str, ...]]:
    """The release workflow pinned to `action_ref`, or to the placeholder with a TODO."""
    if action_ref is not None and not _SHA.fullmatch(action_ref):
        raise UsageError(f"--action-ref {action_ref!r} is not a full commit SHA.",
                         fix="Give the 40 hexadecimal digits of the margo-ssdf commit to use: a "
                             "branch or a tag can move.")
    pin_comment = ("# TODO: pin the margo-ssdf commit you use (its full 40-hex SHA); the "
                   "zeros are a placeholder." if action_ref is None else "")
    text = (_template("release.yml").replace("@@ACTION_REF@@", action_ref or UNPINNED)
            .replace("      @@PIN_COMMENT@@\n", f"      {pin_comment}\n" if pin_comment else ""))
    todo = ("pin margo-ssdf's action to a commit",) if action_ref is None else ()
    return text, todo


def _plan(policy: Policy, options: Mapping[str, Any], action_ref: str | None,
          config_file: str | None) -> list[_Planned]:
    signers = str(options.get("allowed_signers") or ALLOWED_SIGNERS)
    workflow, workflow_todo = release_workflow(action_ref)
    # A key file the configuration names outside the project is the maintainers' own.
    keys = [] if Path(signers).is_absolute() or ".." in Path(signers).parts else [
        _Planned(signers, _template("allowed_signers").encode(),
                 ("the maintainers' SSH signing keys",))]
    return [
        _Planned(CONFIG_YAML, _template("margo-ssdf.yaml").encode(), (),
                 (config_file,) if config_file else ()),
        *_declarations(policy),
        _Planned("SECURITY.md", _template("SECURITY.md").encode(),
                 ("how to report a vulnerability", "which versions get security fixes"),
                 SECURITY_FILES),
        _Planned(CODEOWNERS, _template("CODEOWNERS").encode(), ("the code owners",),
                 OWNER_FILES),
        *keys,
        _Planned(WORKFLOW, workflow.encode(), workflow_todo),
    ]


def _existing(root: Path, planned: _Planned) -> str | None:
    for rel in (planned.path, *planned.existing):
        if (root / rel).exists() or (root / rel).is_symlink():
            return rel
    return None


def init_project(root: Path, policy: Policy, *, options: Mapping[str, Any] | None = None,
                 action_ref: str | None = None, config_file: str | None = None) -> Scaffold:
    """Write the first files of a project below `root`, keeping every file already there.

    `policy` says which tasks the declaration documents declare; `options` are repo.hygiene's
    (where the allowed-signers file goes); `config_file` the project's existing configuration.
    """
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory.", fix="Give the project's directory.")
    top = root.resolve()
    done = []
    for planned in _plan(policy, options or {}, action_ref, config_file):
        found = _existing(top, planned)
        if found is not None:
            note = "already there" if found == planned.path else f"{found} does its job"
            done.append(ScaffoldFile(planned.path, Action.KEPT, note=note))
            continue
        try:
            write_atomic(top / planned.path, planned.data, within=top)
        except OSError as exc:
            raise OutputError(f"cannot write {planned.path} in {top}: {exc.strerror or exc}.",
                              fix="Check the directory's permissions and the disk.") from exc
        done.append(ScaffoldFile(planned.path, Action.WRITTEN, planned.todo))
    return Scaffold(top, tuple(done))
