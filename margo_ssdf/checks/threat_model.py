"""`threat.model`: the project keeps a threat model, triages its threats and keeps it current.

The models are read by `margo_ssdf.threatmodel`: Microsoft Threat Modeling Tool `.tm7`, OWASP
Threat Dragon JSON (versions 1 and 2), and Markdown tables (`THREAT_MODEL.md`,
`docs/threat-model*.md`, ...).

Probes (the policy judges them): `model-present` (PW.1.1), `threats-triaged` and
`untriaged-high` (PW.1.2), `model-fresh` (PW.2.1: how far the stalest model lags the newest
commit to the code it covers, in days or releases).
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.gitcmd import GitRunner, run_git
from margo_ssdf.errors import ConfigError, ToolError
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.threatmodel import (
    HIGH_PRIORITIES,
    PRIORITIES,
    ModelError,
    Threat,
    ThreatModel,
    ThreatState,
    is_model_name,
    parse_model,
)

MAX_MODEL_BYTES = 32 * 1024 * 1024
EVIDENCE = "threat-model.json"
FRESHNESS_UNITS = ("days", "releases")


# ---- freshness in git -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Change:
    commit: str | None
    when: datetime
    note: str = ""


def _last_change(git: GitRunner, specs: Sequence[str]) -> _Change | None:
    out = git("log", "-1", "--format=%H %ct", "HEAD", "--", *specs).strip()
    if not out:
        return None
    sha, ts = out.split()
    return _Change(sha, datetime.fromtimestamp(int(ts), UTC))


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


# ---- the check ------------------------------------------------------------------------------

def model_outcome(probes: Sequence[Probe]) -> Outcome:
    """The check's outcome from its probes (as its evidence records them)."""
    outcomes = {p.outcome for p in probes}
    return (Outcome.FAIL if Outcome.FAIL in outcomes else Outcome.ERROR
            if Outcome.ERROR in outcomes else Outcome.PASS)


class ThreatModelCheck(Check):
    """Threat models present, triaged and current."""

    id = "threat.model"
    title = "Threat model (TMT .tm7, Threat Dragon, Markdown): present, triaged, current"
    tasks = ("PW.1.1", "PW.1.2", "PW.2.1")
    tool = "margo-ssdf threat model reader"
    distribution = "margo-ssdf"
    remediation = ("Keep a threat model in the repository (Microsoft Threat Modeling Tool .tm7, "
                   "OWASP Threat Dragon JSON, or THREAT_MODEL.md with a threats table), give "
                   "every threat a state (Mitigated or Not Applicable once decided) and review "
                   "the model whenever the code it covers changes.")
    thresholds: ClassVar[Mapping[str, str]] = {
        "min_model_present": "fewest readable threat models required",
        "min_threats_triaged": "lowest share (0..1) of threats mitigated or not applicable",
        "max_untriaged_high": "most high- or critical-priority threats allowed untriaged",
        "max_model_fresh": "most days (or releases, with freshness_unit: releases) a threat "
                           "model may lag the newest commit to the code it covers",
    }
    options: ClassVar[Mapping[str, Any]] = {
        # Unlike code, a threat model under tests/ is still the project's own model.
        "exclude": ["vendor/*", "*/vendor/*", "third_party/*", "*/third_party/*",
                    "node_modules/*", "*/node_modules/*"],
        "covers": [],
        "ignore": ["**/*.md", "**/*.rst", "**/*.txt", "docs/**", "**/LICENSE*"],
        "freshness_unit": "days",
        "release_tags": "*",
    }

    def _candidates(self, project: Project, options: Mapping[str, Any]) -> list[str]:
        excludes = list(options.get("exclude", []))
        return [rel for rel in project.files if is_model_name(rel)
                and not any(fnmatch.fnmatchcase(rel, p) for p in excludes)]

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        return self._candidates(project, options)

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        facts = project.git
        return f"{facts.head}:{facts.dirty}" if facts else "no-git"

    def run(self, ctx: CheckContext) -> CheckResult:
        unit = str(ctx.options.get("freshness_unit", "days"))
        if unit not in FRESHNESS_UNITS:
            raise ConfigError(f"option 'freshness_unit' must be 'days' or 'releases', not "
                              f"'{unit}'.", key=f"checks.{self.id}.options.freshness_unit")
        models, errors = self._read_models(ctx.project, self._candidates(ctx.project,
                                                                         ctx.options))
        freshness, fresh_probe = self._freshness(ctx, models, unit)
        probes = [self._present(models, errors), *self._triage(models, errors), fresh_probe]
        report = {
            "models": [{
                "path": m.path, "format": m.format, "sha256": m.sha256,
                "threats": len(m.threats), **self._tally(m.threats),
                **freshness.get("models", {}).get(m.path, {}),
            } for m in models],
            "errors": [{"path": p, "error": e} for p, e in errors],
            "threats": {"total": sum(len(m.threats) for m in models),
                        **self._tally([t for m in models for t in m.threats])},
            "freshness": {k: v for k, v in freshness.items() if k != "models"},
            "probes": [p.model_dump(mode="json") for p in probes],
        }
        evidence = ctx.write_evidence(self.id, EVIDENCE, json.dumps(report, indent=2).encode(),
                                      "application/json")
        failing = [p for p in probes if p.outcome is Outcome.FAIL]
        broken = [p for p in probes if p.outcome is Outcome.ERROR]
        outcome = model_outcome(probes)
        reasons = [p.reason for p in (*failing, *broken)]
        if errors and outcome is Outcome.PASS:
            reasons.append(f"{len(errors)} model file(s) could not be read: "
                           + ", ".join(p for p, _ in errors[:5]))
        # Two probes may fail for one cause; say it once.
        return self.result(ctx, outcome, "; ".join(dict.fromkeys(reasons)) or None,
                           probes=probes,
                           evidence=[evidence])

    # -- reading --

    @staticmethod
    def _read_models(project: Project, candidates: Sequence[str]
                     ) -> tuple[list[ThreatModel], list[tuple[str, str]]]:
        models: list[ThreatModel] = []
        errors: list[tuple[str, str]] = []
        for rel in candidates:
            path = project.path(rel)
            try:
                if path.stat().st_size > MAX_MODEL_BYTES:
                    raise ModelError(f"{rel}: larger than {MAX_MODEL_BYTES // 2**20} MiB; not "
                                     "read.")
                data = path.read_bytes()
                parsed = parse_model(rel, data)
            except ModelError as exc:
                errors.append((rel, str(exc)))
                continue
            except OSError as exc:
                errors.append((rel, f"{rel}: cannot be read: {exc.strerror}."))
                continue
            if parsed is not None:
                fmt, threats = parsed
                models.append(ThreatModel(path=rel, format=fmt,
                                          sha256=hashlib.sha256(data).hexdigest(),
                                          threats=tuple(threats)))
        return models, errors

    @staticmethod
    def _tally(threats: Iterable[Threat]) -> dict[str, dict[str, int]]:
        items = list(threats)
        states = Counter(t.state.value for t in items)
        priorities = Counter(t.priority for t in items)
        return {"byState": {s.value: states[s.value] for s in ThreatState
                            if s is not ThreatState.UNKNOWN or states[s.value]},
                "byPriority": {p: priorities[p] for p in PRIORITIES if priorities[p]}}

    # -- probes --

    @staticmethod
    def _present(models: Sequence[ThreatModel], errors: Sequence[tuple[str, str]]) -> Probe:
        tasks = ("PW.1.1",)
        if models:
            return Probe(id="model-present", tasks=tasks, outcome=Outcome.PASS,
                         reason=f"{len(models)} threat model(s): "
                         + ", ".join(f"{m.path} ({m.format})" for m in models[:5]),
                         value=float(len(models)), locations=tuple(m.path for m in models))
        if errors:
            return Probe(id="model-present", tasks=tasks, outcome=Outcome.ERROR,
                         reason="threat model file(s) found but none could be read: "
                         + "; ".join(e for _, e in errors[:3]),
                         locations=tuple(p for p, _ in errors))
        return Probe(id="model-present", tasks=tasks, outcome=Outcome.FAIL, value=0.0,
                     reason="no threat model found (looked for *.tm7, Threat Dragon JSON, "
                     "THREAT_MODEL.md and docs/threat-model*.md)")

    @staticmethod
    def _triage(models: Sequence[ThreatModel],
                errors: Sequence[tuple[str, str]]) -> list[Probe]:
        tasks = ("PW.1.2",)
        ids = ("threats-triaged", "untriaged-high")
        if not models:
            why = "no threat model could be read" if errors else "no threat model found"
            return [Probe(id=i, tasks=tasks, outcome=Outcome.FAIL,
                          reason=f"{why}, so no threat is triaged") for i in ids]
        if errors:
            why = ("the threats of " + ", ".join(p for p, _ in errors[:5])
                   + " are unknown: the file(s) could not be read")
            return [Probe(id=i, tasks=tasks, outcome=Outcome.ERROR, reason=why) for i in ids]
        threats = [(m, t) for m in models for t in m.threats]
        if not threats:
            return [Probe(id=i, tasks=tasks, outcome=Outcome.FAIL,
                          reason="the threat model(s) list no threats") for i in ids]
        done = sum(1 for _, t in threats if t.triaged)
        share = done / len(threats)
        open_high = [f"{m.path}:{t.line}: {t.title}" if t.line else f"{m.path}: {t.title}"
                     for m, t in threats if t.priority in HIGH_PRIORITIES and not t.triaged]
        return [
            Probe(id="threats-triaged", tasks=tasks,
                  outcome=Outcome.PASS if done == len(threats) else Outcome.FAIL,
                  reason=f"{done} of {len(threats)} threats are mitigated or not applicable",
                  value=round(share, 4),
                  locations=tuple(f"{m.path}:{t.line}: {t.title}" if t.line
                                  else f"{m.path}: {t.title}"
                                  for m, t in threats if not t.triaged)),
            Probe(id="untriaged-high", tasks=tasks,
                  outcome=Outcome.FAIL if open_high else Outcome.PASS,
                  reason=(f"{len(open_high)} high- or critical-priority threat(s) not yet "
                          "mitigated or not applicable" if open_high
                          else "every high- and critical-priority threat is triaged"),
                  value=float(len(open_high)), locations=tuple(open_high)),
        ]

    def _freshness(self, ctx: CheckContext, models: Sequence[ThreatModel],
                   unit: str) -> tuple[dict[str, Any], Probe]:
        tasks = ("PW.2.1",)

        def probe(outcome: Outcome, reason: str, value: float | None = None,
                  locations: Sequence[str] = ()) -> Probe:
            return Probe(id="model-fresh", tasks=tasks, outcome=outcome, reason=reason,
                         value=value, locations=tuple(locations))

        if not models:
            return {"skipped": "no threat model"}, probe(
                Outcome.FAIL, "no threat model, so none is current")
        facts = ctx.project.git
        # Without history the model's currency cannot be shown: not satisfied, not "n/a".
        if facts is None:
            why = ("not a git repository, so the model's age against the code cannot be "
                   "measured: run margo-ssdf in a clone of the repository")
            return {"unmeasured": why}, probe(Outcome.FAIL, why)
        if facts.head is None:
            why = "the repository has no commits yet, so the model's age cannot be measured"
            return {"unmeasured": why}, probe(Outcome.FAIL, why)
        git = functools.partial(run_git, ctx.project.root)
        try:
            return self._measure(git, ctx.options, models, unit, probe)
        except (ToolError, ValueError, OSError) as exc:
            why = f"git history could not be read: {exc}"
            return {"error": why}, probe(Outcome.ERROR, why)

    @staticmethod
    def _measure(git: GitRunner, options: Mapping[str, Any], models: Sequence[ThreatModel],
                 unit: str, probe: Any) -> tuple[dict[str, Any], Probe]:
        covers = [f":(glob){c}" for c in options.get("covers") or []] or ["."]
        excluded = [f":(exclude,glob){p}" for p in options.get("ignore") or []]
        excluded += [f":(exclude,literal){m.path}" for m in models]
        code_specs = [*covers, *excluded]
        code = _last_change(git, code_specs)
        now = datetime.now(UTC)
        per_model: dict[str, dict[str, Any]] = {}
        lags: list[tuple[float, str]] = []
        for m in models:
            change = _last_change(git, [f":(literal){m.path}"])
            if change is None:
                change = _Change(None, now, "not committed yet: counted as current")
            elif git("status", "--porcelain", "--", f":(literal){m.path}").strip():
                change = _Change(change.commit, now, "has uncommitted changes: counted as "
                                 "current")
            if code is None or change.commit is None or code.when <= change.when:
                lag = 0.0
            elif unit == "days":
                lag = round((code.when - change.when).total_seconds() / 86400, 2)
            else:
                lag = float(ThreatModelCheck._releases_behind(
                    git, change.commit, code_specs, str(options.get("release_tags") or "*")))
            per_model[m.path] = {"lastChanged": _iso(change.when), "lastCommit": change.commit,
                                 "lag": lag, **({"note": change.note} if change.note else {})}
            lags.append((lag, m.path))
        worst, worst_path = max(lags)
        info: dict[str, Any] = {
            "unit": unit, "covers": list(options.get("covers") or []) or ["(the whole project)"],
            "ignore": list(options.get("ignore") or []),
            "codeLastChanged": _iso(code.when) if code else None,
            "codeLastCommit": code.commit if code else None,
            "lag": worst, "models": per_model,
        }
        lagging = [f"{p}: {lag:g} {unit} behind the code" for lag, p in sorted(lags, reverse=True)
                   if lag > 0]
        if code is None:
            return info, probe(Outcome.PASS, "no commit touches the code the model covers",
                               0.0)
        if worst <= 0:
            return info, probe(Outcome.PASS, "every threat model is at least as recent as the "
                               f"newest code change ({_iso(code.when)})", 0.0)
        return info, probe(Outcome.FAIL, f"the threat model {worst_path} lags the code by "
                           f"{worst:g} {unit}", worst, lagging)

    @staticmethod
    def _releases_behind(git: GitRunner, model_commit: str, code_specs: Sequence[str],
                         pattern: str) -> int:
        """Release tags (merged into HEAD) that shipped code committed after the model."""
        later = git("log", "--format=%H", f"{model_commit}..HEAD", "--", *code_specs).split()
        if not later:
            return 0
        tags = git("tag", "--list", pattern, "--merged", "HEAD", "--contains", later[-1])
        return len(tags.split())
