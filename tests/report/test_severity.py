"""Severities in the report: an unknown or missing one counts high (fail closed)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.models import Severity
from margo_ssdf.report.build import build_report
from margo_ssdf.report.severity import severity_of, severity_rank
from margo_ssdf.report.views import Unavailable
from tests.report.conftest import Releases, resign


@pytest.mark.parametrize("value", list(Severity))
def test_a_known_severity_is_itself(value: Severity) -> None:
    assert severity_of(value.value) is value


@pytest.mark.parametrize("value", [None, "", "HIGH", "severe", 7, ["high"]])
def test_an_unknown_severity_counts_high(value: object) -> None:
    assert severity_of(value) is Severity.HIGH
    assert severity_rank(value) == severity_rank("high")


def test_rank_is_worst_first() -> None:
    ranks = [severity_rank(s.value) for s in Severity]
    assert ranks == sorted(ranks) and ranks[0] == severity_rank("critical")


def _with_evidence(releases: Releases, tmp_path: Path, rel: str, data: bytes) -> Path:
    """The new release re-signed with one evidence file replaced (its digest updated)."""
    stmt = releases.new.statement()
    predicate = stmt["predicate"]
    for ev in [e for c in predicate["checks"] for e in c["evidence"]] + predicate["reports"]:
        if ev["path"] == rel:
            ev["sha256"], ev["size"] = hashlib.sha256(data).hexdigest(), len(data)
    signed = resign(releases, stmt, tmp_path / "edited.dsse.json")
    (signed.parent / "evidence" / rel).write_bytes(data)
    return signed


def test_unrated_vulnerabilities_and_findings_count_high(releases: Releases,
                                                          tmp_path: Path) -> None:
    audit = json.loads((releases.new.out / "checks/deps.audit/deps-audit.json").read_text())
    for f in audit["findings"]:
        f.pop("severity", None)
    signed = _with_evidence(releases, tmp_path, "checks/deps.audit/deps-audit.json",
                            json.dumps(audit).encode())
    report = build_report(signed, trust=PublicKeySigner(releases.pub),
                          evidence_dir=signed.parent / "evidence")
    # The record rates them, its signed evidence does not: the record is refused (issue #15).
    [refused] = report.verification.failed
    assert refused.name == "results re-derived" and "deps.audit: counts recorded" in \
        refused.detail and "high" in refused.detail.split("re-derived")[-1]
    assert not isinstance(report.vulnerabilities, Unavailable) and report.vulnerabilities
    assert {v.severity for v in report.vulnerabilities} == {Severity.HIGH}
    flagged = [p.text for p in report.problems if p.kind == "vulnerability"]
    assert all(any(v.id in text for text in flagged) for v in report.vulnerabilities)


def test_sarif_not_written_by_margo_ssdf_is_not_shown(releases: Releases,
                                                       tmp_path: Path) -> None:
    log = json.loads((releases.new.out / "sast.sarif").read_text())
    del log["runs"][0]["results"][0]["ruleId"]
    signed = _with_evidence(releases, tmp_path, "sast.sarif", json.dumps(log).encode())
    report = build_report(signed, trust=PublicKeySigner(releases.pub),
                          evidence_dir=signed.parent / "evidence")
    assert isinstance(report.sast, Unavailable)
    assert "sast.sarif is not a SARIF log" in report.sast.reason
