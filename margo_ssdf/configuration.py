"""The recorded configuration: everything besides the policy's rules that shaped a verdict.

The project's exclude patterns, each with the files it removed and how many of them each check
would otherwise have read; patterns a check's own `exclude` option adds to its defaults; the
release's scope (which manifests are the release's, and each one left out with its rule); every
check's effective options; the test reports; and every triage decision with who and why. A run
records it in summary.json and the compliance statement with its sha256, so an auditor sees
what the producer chose and `audit` can tell when the record was edited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from margo_ssdf import triage
from margo_ssdf.checks import Check
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.dependencies import is_manifest
from margo_ssdf.discovery.scope import DEFAULT_RULES, Decision
from margo_ssdf.models import Sha256Hex
from margo_ssdf.policy import Configuration

TESTS_CHECK = "tests.results"


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExcludeRecord(_Wire):
    """One exclude pattern and what it removed."""

    pattern: str
    source: str = Field(description="Where it came from: the configuration file, or "
                                    "checks.<id>.options.exclude for a check's own pattern.")
    files: int = Field(ge=0, description="Project files it removed.")
    checks: dict[str, NonNegativeInt] = Field(
        default_factory=dict,
        description="Per check, how many of those files the check would otherwise have read.")


class ScopeEntry(_Wire):
    """A manifest a release scope rule moved, and the rule."""

    manifest: str
    rule: str = Field(description="e.g. \"default '**/examples/**'\", \"release.exclude "
                                  "'legacy/**'\", \"release.include 'examples/**'\".")


class ReleaseScopeRecord(_Wire):
    """The release's scope: the manifests the dependency audit, the CRA clock and the SBOM
    leave out, and the rules that decide it."""

    defaults: tuple[str, ...] = Field(default=DEFAULT_RULES,
                                      description="The built-in rules: manifests under these "
                                                  "paths are not the release's.")
    include: tuple[str, ...] = Field(default=(), description="The configuration's "
                                                             "release.include patterns.")
    exclude: tuple[str, ...] = Field(default=(), description="The configuration's "
                                                             "release.exclude patterns.")
    skipped: tuple[ScopeEntry, ...] = Field(default=(), description="Manifests left out, each "
                                                                    "with its rule.")
    readmitted: tuple[ScopeEntry, ...] = Field(
        default=(), description="Manifests a built-in rule leaves out that release.include "
                                "re-admitted.")


class TriageRecord(_Wire):
    """The triage file, whole: every decision with who made it and why."""

    path: str = triage.BASELINE
    sha256: Sha256Hex | None = Field(default=None, description="Digest of the file's bytes; "
                                                                "null when there is no file.")
    entries: tuple[triage.TriageEntry, ...] = ()

    def applied(self) -> list[triage.TriageEntry]:
        """The entries that triage a finding (an entry without a justification does not)."""
        return [e for e in self.entries if e.justification.strip()]

    def count(self, decision: triage.Decision) -> int:
        """How many applied entries made this decision."""
        return sum(1 for e in self.applied() if e.decision is decision)


class ConfigurationRecord(_Wire):
    """What shaped the verdict besides the policy's rules, with its digest."""

    sha256: Sha256Hex = Field(description="sha256 of the canonical JSON of every other field.")
    file: str | None = Field(default=None, description="The project's configuration file.")
    file_sha256: Sha256Hex | None = Field(default=None, description="Digest of its bytes.")
    exclude: tuple[ExcludeRecord, ...] = ()
    excluded_inputs: dict[str, NonNegativeInt] = Field(
        default_factory=dict,
        description="Per check, the files it would read that the excludes kept from it "
                    "(judged by the policy's max_excluded_inputs, 0 by default).")
    test_reports: tuple[str, ...] = Field(
        default=(), description="The JUnit report globs, or the --test-report files given.")
    options: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Every check's effective options, defaults included.")
    triage: TriageRecord = Field(default_factory=TriageRecord)
    release: ReleaseScopeRecord | None = Field(
        default=None, description="The release's scope; absent only in records made before "
                                  "margo-ssdf recorded it.")

    def content_sha256(self) -> str:
        """The digest of the record's content, as `sha256` must state it."""
        return content_sha256(self.model_dump(mode="json"))


def content_sha256(data: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a record's fields other than `sha256`.

    An absent `release` (a record made before it was recorded) is left out, so such a record
    keeps the digest it was made with.
    """
    body = {k: v for k, v in data.items()
            if k != "sha256" and not (k == "release" and v is None)}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _widened(check: Check, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options with the check's own `exclude` back to its default."""
    if "exclude" not in check.options:
        return dict(options)
    return {**options, "exclude": list(check.options["exclude"])}


def _hidden(check: Check, project: Project, full: Project, options: Mapping[str, Any]
            ) -> set[str]:
    """Files the check would read without the configuration's excludes (`full`), and does not."""
    kept = set(check.inputs(project, options))
    return set(check.inputs(full, _widened(check, options))) - kept


def _option_excludes(check: Check, project: Project, options: Mapping[str, Any]
                     ) -> list[ExcludeRecord]:
    """Each pattern the check's `exclude` option adds to its defaults, with what it removed."""
    if "exclude" not in check.options:
        return []
    default = list(check.options["exclude"])
    wide = _widened(check, options)
    everything = set(check.inputs(project, wide))
    out = []
    for pattern in [p for p in options.get("exclude") or [] if p not in default]:
        gone = everything - set(check.inputs(project, {**wide, "exclude": [*default, pattern]}))
        out.append(ExcludeRecord(pattern=str(pattern), source=f"checks.{check.id}.options.exclude",
                                 files=len(gone), checks={check.id: len(gone)} if gone else {}))
    return out


def _triage(project: Project) -> TriageRecord:
    path = project.root / triage.BASELINE
    if not path.is_file():
        return TriageRecord()
    baseline = triage.load(project.root)  # raises ConfigError, naming the file, when invalid
    return TriageRecord(sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                        entries=tuple(baseline.entries.values()))


def _entries(decisions: tuple[Decision, ...]) -> list[dict[str, str]]:
    return [{"manifest": d.manifest, "rule": d.rule} for d in decisions]


def _release(project: Project) -> ReleaseScopeRecord:
    scope = project.release
    split = scope.split(f for f in project.files if is_manifest(f))
    return ReleaseScopeRecord.model_validate({
        "include": scope.include, "exclude": scope.exclude,
        "skipped": _entries(split.skipped), "readmitted": _entries(split.readmitted)})


def _file_sha256(project: Project, name: str | None) -> str | None:
    path = project.root / name if name else None
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else None


def record(project: Project, config: Configuration, checks: Mapping[str, Check]
           ) -> ConfigurationRecord:
    """The configuration of a run, for every check the policy uses (whichever were selected)."""
    used = [checks[c] for c in config.policy.used_checks(checks)]
    options = {c.id: config.policy.options_for(c) for c in used}
    full = project.unexcluded()
    hidden = {c.id: _hidden(c, project, full, options[c.id]) for c in used}
    excludes = [ExcludeRecord(pattern=pattern, source=config.config_file or "configuration",
                              files=len(files),
                              checks={cid: n for cid, h in hidden.items()
                                      if (n := len(h.intersection(files)))})
                for pattern, files in project.excluded.items()]
    for check in used:
        excludes += _option_excludes(check, project, options[check.id])
    reports = options.get(TESTS_CHECK, {}).get("reports") or []
    fields: dict[str, Any] = {
        "file": config.config_file, "file_sha256": _file_sha256(project, config.config_file),
        "exclude": [e.model_dump(mode="json") for e in excludes],
        "excluded_inputs": {cid: len(h) for cid, h in hidden.items() if h},
        "test_reports": [str(r) for r in reports],
        "options": json.loads(json.dumps(options, default=list)),
        "triage": _triage(project).model_dump(mode="json"),
        "release": _release(project).model_dump(mode="json"),
    }
    return ConfigurationRecord.model_validate({**fields, "sha256": content_sha256(fields)})


def describe(rec: ConfigurationRecord) -> str:
    """The record in one paragraph: where it came from, the excludes, triage, test reports."""
    where = f"from {rec.file}" if rec.file else "no configuration file"
    parts = [f"configuration sha256 {rec.sha256[:16]}... ({where})", excludes_text(rec),
             release_text(rec.release), triage_text(rec.triage)]
    if rec.test_reports:
        parts.append("test reports: " + ", ".join(rec.test_reports))
    return "; ".join(parts)


def excludes_text(rec: ConfigurationRecord) -> str:
    """Each exclude pattern with the files it removed and the checks it kept them from."""
    if not rec.exclude:
        return "no exclude patterns"
    items = []
    for e in rec.exclude:
        kept = ", ".join(f"{cid} {n}" for cid, n in sorted(e.checks.items()))
        items.append(f"'{e.pattern}' ({e.source}) removed {e.files} file(s)"
                     + (f", kept from {kept}" if kept else ""))
    return "excludes: " + "; ".join(items)


def release_text(rec: ReleaseScopeRecord | None) -> str:
    """The release's scope: the manifests left out and re-admitted, each with its rule."""
    if rec is None:
        return "release scope not recorded"
    if not (rec.skipped or rec.readmitted):
        return "release scope: every manifest is the release's"
    moved = [f"{e.manifest} skipped ({e.rule})" for e in rec.skipped]
    moved += [f"{e.manifest} re-admitted ({e.rule})" for e in rec.readmitted]
    return "release scope: " + ", ".join(moved)


def triage_text(rec: TriageRecord) -> str:
    """'N findings triaged as false positive, M accepted risks' and where that is decided."""
    if rec.sha256 is None:
        return f"no triage file ({rec.path})"
    fp, ar = rec.count(triage.Decision.FALSE_POSITIVE), rec.count(triage.Decision.ACCEPTED_RISK)
    ignored = len(rec.entries) - fp - ar
    return (f"triage ({rec.path} sha256 {rec.sha256[:16]}...): {fp} finding(s) triaged as false "
            f"positive, {ar} accepted risk(s)"
            + (f", {ignored} entr{'y' if ignored == 1 else 'ies'} without a justification "
               "(not applied)" if ignored else ""))
