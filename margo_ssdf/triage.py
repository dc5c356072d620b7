"""The triage baseline: decisions about SAST findings, kept in `.margo-ssdf/triage.yaml`.

A finding is matched by its stable fingerprint. An entry without a justification does not
triage anything: the finding stays open, so a decision is always explained.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from margo_ssdf import sarif, yamlio
from margo_ssdf.errors import ConfigError
from margo_ssdf.files import write_atomic
from margo_ssdf.models import RunSummary

BASELINE = ".margo-ssdf/triage.yaml"


class Decision(StrEnum):
    """What the project decided about a finding."""

    FALSE_POSITIVE = "false_positive"
    ACCEPTED_RISK = "accepted_risk"


class TriageEntry(BaseModel):
    """One decision in the baseline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fingerprint: str = Field(pattern=r"^[0-9a-f]{32}$")
    rule: str
    path: str = ""
    decision: Decision
    justification: str
    who: str = ""
    when: dt.date | None = None


class _Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    findings: list[TriageEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Baseline:
    """The entries of a project's triage file, by fingerprint."""

    entries: dict[str, TriageEntry]

    def decision(self, fingerprint: str) -> TriageEntry | None:
        """The justified entry for a finding, if any."""
        entry = self.entries.get(fingerprint)
        return entry if entry and entry.justification.strip() else None


def load(root: Path) -> Baseline:
    """The project's baseline (empty when the file does not exist)."""
    path = root / BASELINE
    if not path.is_file():
        return Baseline({})
    doc = yamlio.load(path, BASELINE)
    try:
        parsed = _Baseline.model_validate(doc.data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise ConfigError(f"{first['msg']}.", file=BASELINE,
                          key=".".join(map(str, loc)) or None, line=doc.line(loc)) from None
    return Baseline({e.fingerprint: e for e in parsed.findings})


def add(root: Path, entry: TriageEntry) -> Path:
    """Add or replace an entry, writing the file atomically."""
    path = root / BASELINE
    current = load(root).entries
    current[entry.fingerprint] = entry
    data: dict[str, Any] = {"findings": [
        e.model_dump(mode="json", exclude_defaults=False) for e in current.values()]}
    header = ("# Triage decisions for margo-ssdf's static analysis (see README).\n"
              "# Each entry needs a justification; an entry without one triages nothing.\n")
    write_atomic(path, (header + yaml.safe_dump(data, sort_keys=False)).encode())
    return path


def findings_of(summary: RunSummary, evidence_root: Path) -> list[sarif.ReportedResult]:
    """Every SAST result recorded in a run's SARIF evidence."""
    out: list[sarif.ReportedResult] = []
    for result in summary.results:
        for ev in result.evidence:
            if ev.media_type == sarif.MEDIA_TYPE:
                out += sarif.read_results(json.loads((evidence_root / ev.path).read_bytes()))
    return out
