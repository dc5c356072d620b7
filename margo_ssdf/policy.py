"""The policy: which checks evidence each SSDF task, what is required, and the thresholds.

A bundled default policy ships in `rules/policy/default.yaml`. A project may name another policy
and override parts of it in `.margo-ssdf.yaml` or `pyproject.toml` `[tool.margo-ssdf]`. Every
id and key is checked; a mistake is an error that names the file, the line (for YAML) and the key.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    FiniteFloat,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)

from margo_ssdf import catalog, yamlio
from margo_ssdf.checks import Check
from margo_ssdf.discovery.scope import ReleaseScope, pattern_problem
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import Severity
from margo_ssdf.resources import rules_dir

CONFIG_YAML = ".margo-ssdf.yaml"
PYPROJECT = "pyproject.toml"
EXCLUDED_INPUTS = "max_excluded_inputs"
"""The threshold every check has: how many files it would read the excludes may keep from it
(0 when the policy is silent, so an exclude never quietly empties a check)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRule(_Strict):
    """How the policy runs and judges one check."""

    timeout: float = Field(default=600.0, gt=0, le=86400, description="Seconds the check may run.")
    thresholds: dict[str, FiniteFloat] = Field(
        default_factory=dict,
        description="min_<probe>/max_<probe> for measured probes, max_<severity> for findings.",
    )
    options: dict[str, Any] = Field(default_factory=dict, description="Check-specific settings.")


class ReleaseEvidence(StrEnum):
    """What of the signed release itself evidences a task (judged by attest and audit)."""

    INTEGRITY = "integrity"
    """The artifacts' digests published as subjects, and the statement signed."""
    PROVENANCE = "provenance"
    """SLSA provenance naming the builder and its environment, bound by digest."""
    EVIDENCE = "evidence"
    """Every tool named with its version, its evidence and the run's records bound by digest."""


class TaskRule(_Strict):
    """How the policy evidences one SSDF task: by checks, by a declaration, by the release
    itself, or not at all."""

    checks: tuple[str, ...] = ()
    required: bool = True
    declared: str | None = Field(
        default=None, description="Project-relative path of a document that declares the task."
    )
    not_applicable: str | None = Field(default=None, description="Why the task does not apply.")
    release: ReleaseEvidence | None = Field(
        default=None, description="What of the signed release evidences the task: judged by "
                                  "attest and audit, pending in verify and run.")

    @model_serializer(mode="wrap")
    def _omit_unset_release(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Absent, not null, when unset: the digest of a policy written before the field existed
        # (and recorded in older attestations) stays what it was.
        data: dict[str, Any] = handler(self)
        if self.release is None:
            data.pop("release", None)
        return data


class Policy(_Strict):
    """An effective policy: the base file with the project's overrides applied."""

    name: str
    description: str = ""
    checks: dict[str, CheckRule] = Field(default_factory=dict)
    tasks: dict[str, TaskRule]

    @property
    def sha256(self) -> str:
        """Digest of the policy's canonical JSON: it names exactly the rules a verdict used."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True,
                               separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def checks_for(self, task_id: str) -> tuple[str, ...]:
        """The checks that evidence a task."""
        return self.tasks[task_id].checks

    def used_checks(self, checks: Mapping[str, Check]) -> list[str]:
        """Every check some task names, in the order of `checks` (the installed set)."""
        named = {c for t in self.tasks.values() for c in t.checks}
        return [c for c in checks if c in named]

    def required_checks(self) -> set[str]:
        """Checks that some required task depends on."""
        return {c for t in self.tasks.values() if t.required for c in t.checks}

    def rule(self, check_id: str) -> CheckRule:
        """The check's rule, defaults where the policy is silent."""
        return self.checks.get(check_id, CheckRule())

    def options_for(self, check: Check) -> dict[str, Any]:
        """The check's options: its defaults overlaid with the policy's."""
        return {**check.options, **self.rule(check.id).options}


class _Release(_Strict):
    """The configuration's `release:` key: which manifests are the release's."""

    include: list[str] = Field(default_factory=list, description="Re-admit manifests the "
                                                                 "default rules leave out.")
    exclude: list[str] = Field(default_factory=list, description="Leave more manifests out.")


class _Override(_Strict):
    """A project's configuration file: settings plus partial policy overrides."""

    policy: str | None = None
    exclude: list[str] = Field(default_factory=list)
    release: Any = None
    checks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    tasks: dict[str, dict[str, Any]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Configuration:
    """Everything a run is configured by."""

    policy: Policy
    """The effective policy."""
    excludes: tuple[str, ...]
    """Extra exclude patterns for discovery."""
    sources: tuple[str, ...]
    """The files the configuration came from, base policy first."""
    config_file: str | None = None
    """The project's configuration file (.margo-ssdf.yaml, pyproject.toml), if it has one."""
    release: ReleaseScope = field(default_factory=ReleaseScope)
    """Which manifests are the release's: the `release:` patterns over the default rules."""


@dataclass(frozen=True)
class _Doc:
    """A parsed configuration document and where it came from."""

    data: Any
    source: str
    located: yamlio.Located | None = None
    prefix: tuple[str, ...] = ()

    def line(self, *path: str | int) -> int | None:
        return self.located.line((*self.prefix, *path)) if self.located else None

    def error(self, message: str, *path: str | int, fix: str | None = None) -> ConfigError:
        key = ".".join(str(p) for p in (*self.prefix, *path)) or None
        return ConfigError(message, file=self.source, key=key, line=self.line(*path), fix=fix)


def _validate(model: type[_Strict], doc: _Doc, fix: str | None = None) -> Any:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        more = len(exc.errors()) - 1
        hint = f" ({more} more problem{'s' if more > 1 else ''} after this one.)" if more else ""
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(sorted(model.model_fields)) if len(loc) == 1 else None
            msg = "unknown key." + (f" Allowed here: {allowed}." if allowed else "")
            raise doc.error(msg + hint, *loc, fix="Remove it or correct its spelling.") from None
        raise doc.error(f"{first['msg']}.{hint}", *loc, fix=fix) from None


def _default_policy_path() -> Path:
    return rules_dir() / "policy" / "default.yaml"


def _load_yaml_doc(path: Path, source: str) -> _Doc:
    located = yamlio.load(path, source)
    if not isinstance(located.data, dict):
        raise ConfigError("expected a mapping at the top level.", file=source)
    return _Doc(located.data, source, located)


def _find_config(root: Path, explicit: Path | None) -> _Doc | None:
    if explicit is not None:
        if explicit.name == PYPROJECT:
            doc = _pyproject_doc(explicit, str(explicit))
            if doc is None:
                raise ConfigError(
                    "has no [tool.margo-ssdf] table.", file=str(explicit),
                    fix="Add the table, or pass a .margo-ssdf.yaml file instead.",
                )
            return doc
        if not explicit.is_file():
            raise ConfigError("no such file.", file=str(explicit))
        return _load_yaml_doc(explicit, str(explicit))
    yaml_path, toml_path = root / CONFIG_YAML, root / PYPROJECT
    yaml_doc = _load_yaml_doc(yaml_path, CONFIG_YAML) if yaml_path.is_file() else None
    toml_doc = _pyproject_doc(toml_path, PYPROJECT) if toml_path.is_file() else None
    if yaml_doc and toml_doc:
        raise ConfigError(
            f"both {CONFIG_YAML} and {PYPROJECT} [tool.margo-ssdf] configure margo-ssdf.",
            fix="Keep one of them so it is clear which rules apply.",
        )
    return yaml_doc or toml_doc


def _pyproject_doc(path: Path, source: str) -> _Doc | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}.", file=source) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read: {exc}.", file=source) from exc
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("must be a table.", file=source, key="tool")
    table = tool.get("margo-ssdf")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError("must be a table.", file=source, key="tool.margo-ssdf")
    return _Doc(table, source, None, ("tool", "margo-ssdf"))


def _check_task_ids(doc: _Doc, tasks: Mapping[str, Any]) -> None:
    known = catalog.ssdf().tasks
    for tid in tasks:
        if tid not in known:
            raise doc.error(
                f"'{tid}' is not an SSDF v1.1 task id.", "tasks", tid,
                fix="Task ids look like PW.7.2; `margo-ssdf practices` lists them all.",
            )


def _check_check_ids(doc: _Doc, ids: Sequence[str], checks: Mapping[str, Check],
                     *path: str | int, keyed: bool) -> None:
    """Check ids of a mapping's keys (keyed) or of a list's items."""
    for i, cid in enumerate(ids):
        if cid not in checks:
            raise doc.error(
                f"'{cid}' is not an installed check.", *path, cid if keyed else i,
                fix=f"Known checks: {', '.join(checks)}.",
            )


def _check_rule_keys(doc: _Doc, check: Check, rule: CheckRule) -> None:
    for name in rule.thresholds:
        if name not in allowed_thresholds(check):
            allowed = ", ".join(sorted(allowed_thresholds(check))) or "none"
            raise doc.error(
                f"'{name}' is not a threshold of check '{check.id}'.",
                "checks", check.id, "thresholds", name, fix=f"Allowed: {allowed}.",
            )
    for name, value in rule.options.items():
        if name not in check.options:
            allowed = ", ".join(sorted(check.options)) or "none"
            raise doc.error(
                f"'{name}' is not an option of check '{check.id}'.",
                "checks", check.id, "options", name, fix=f"Allowed: {allowed}.",
            )
        default = check.options[name]
        expected = float if isinstance(default, float) else type(default)
        ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
        if not ok or (isinstance(value, bool) and not isinstance(default, bool)):
            raise doc.error(
                f"must be of type {expected.__name__} (default: {default!r}).",
                "checks", check.id, "options", name,
            )


def allowed_thresholds(check: Check) -> set[str]:
    """Threshold names a policy may set for a check."""
    return {*check.thresholds, EXCLUDED_INPUTS}


def severity_threshold(severity: Severity) -> str:
    """The threshold name that caps open findings of a severity."""
    return f"max_{severity.value}"


def _merge_task(base: TaskRule, change: Mapping[str, Any]) -> dict[str, Any]:
    merged = base.model_dump()
    if {"checks", "declared", "not_applicable", "release"} & change.keys():
        # Naming one way of evidencing a task replaces the other ways.
        merged.update(checks=(), declared=None, not_applicable=None, release=None)
    merged.update(change)
    return merged


def _merge_check(base: CheckRule, change: Mapping[str, Any]) -> dict[str, Any]:
    merged = base.model_dump()
    for key, value in change.items():
        if key in ("thresholds", "options") and isinstance(value, dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _check_semantics(doc: _Doc, policy: Policy, checks: Mapping[str, Check], *,
                     complete: bool) -> None:
    _check_task_ids(doc, policy.tasks)
    if complete:
        missing = [t for t in catalog.ssdf().tasks if t not in policy.tasks]
        if missing:
            raise doc.error(
                f"the policy says nothing about {len(missing)} SSDF task(s): "
                f"{', '.join(missing)}.", "tasks",
                fix="Give every task checks, a 'declared' document or a 'not_applicable' reason.",
            )
    _check_check_ids(doc, list(policy.checks), checks, "checks", keyed=True)
    for cid, rule in policy.checks.items():
        _check_rule_keys(doc, checks[cid], rule)
    for tid, task in policy.tasks.items():
        _check_check_ids(doc, task.checks, checks, "tasks", tid, "checks", keyed=False)
        ways = sum([bool(task.checks), task.declared is not None,
                    task.not_applicable is not None, task.release is not None])
        if ways > 1:
            raise doc.error(
                "give a task checks, a 'declared' document, a 'release' evidence or a "
                "'not_applicable' reason, not several.", "tasks", tid,
            )
        if ways == 0 and task.required:
            raise doc.error(
                "a required task needs checks, a 'declared' document, a 'release' evidence "
                "or a 'not_applicable' reason.", "tasks", tid,
                fix="Add one, or set 'required: false'.",
            )


def load_policy_file(path: Path, source: str | None = None, *,
                     checks: Mapping[str, Check]) -> Policy:
    """Read and validate a complete policy file; `checks` are the ids it may name."""
    doc = _load_yaml_doc(path, source or str(path))
    policy: Policy = _validate(Policy, doc)
    _check_semantics(doc, policy, checks, complete=True)
    return policy


def load_configuration(
    root: Path, *, checks: Mapping[str, Check], policy_path: Path | None = None,
    config_path: Path | None = None,
) -> Configuration:
    """The effective configuration of a project: base policy, then the project's overrides.

    `checks` are the checks a policy may name and configure (the installed ones, for a run).
    """
    config = _find_config(root, config_path)
    override: _Override = _validate(_Override, config) if config else _Override()

    if policy_path is not None:
        base_path, base_source = policy_path, str(policy_path)
    elif override.policy:
        base_path, base_source = root / override.policy, override.policy
        if not base_path.is_file():
            assert config is not None
            raise config.error(f"the policy file '{override.policy}' does not exist.", "policy")
    else:
        base_path, base_source = _default_policy_path(), "bundled default policy"
    if not base_path.is_file():
        raise ConfigError("no such policy file.", file=base_source)
    policy = load_policy_file(base_path, base_source, checks=checks)
    sources = [base_source]

    if config is not None and (override.checks or override.tasks):
        sources.append(config.source)
        _check_task_ids(config, override.tasks)
        _check_check_ids(config, list(override.checks), checks, "checks", keyed=True)
        rules = dict(policy.checks)
        for cid, change in override.checks.items():
            rules[cid] = _validate(
                CheckRule, _Doc(_merge_check(policy.rule(cid), change), config.source,
                                config.located, (*config.prefix, "checks", cid)))
        tasks = dict(policy.tasks)
        for tid, change in override.tasks.items():
            tasks[tid] = _validate(
                TaskRule, _Doc(_merge_task(policy.tasks[tid], change), config.source,
                               config.located, (*config.prefix, "tasks", tid)))
        policy = Policy(name=policy.name, description=policy.description, checks=rules,
                        tasks=tasks)
        _check_semantics(config, policy, checks, complete=True)
    return Configuration(policy=policy, excludes=tuple(override.exclude), sources=tuple(sources),
                         config_file=config.source if config else None,
                         release=_release_scope(config, override))


_RELEASE_FIX = ("`release` takes `include` and `exclude`, each a list of globs relative to the "
                "project, e.g. release: {include: ['examples/**'], exclude: ['tools/**']}.")


def _release_scope(config: _Doc | None, override: _Override) -> ReleaseScope:
    """The `release:` key, validated on its own so an error names `release.<key>`."""
    if config is None or override.release is None:
        return ReleaseScope()
    if not isinstance(override.release, dict):
        raise config.error(f"must be a mapping, not {type(override.release).__name__}.",
                           "release", fix=_RELEASE_FIX)
    doc = _Doc(override.release, config.source, config.located, (*config.prefix, "release"))
    rel: _Release = _validate(_Release, doc, fix=_RELEASE_FIX)
    for key, patterns in (("include", rel.include), ("exclude", rel.exclude)):
        for i, pattern in enumerate(patterns):
            if (problem := pattern_problem(pattern)) is not None:
                raise doc.error(f"{problem} (got {pattern!r}).", key, i, fix=_RELEASE_FIX)
    return ReleaseScope(include=tuple(rel.include), exclude=tuple(rel.exclude))
