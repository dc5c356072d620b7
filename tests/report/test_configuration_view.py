"""The recorded configuration in every report format: excludes, triage, or why it is missing."""

from __future__ import annotations

from pathlib import Path

from margo_ssdf import configuration
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.report.build import build_report
from margo_ssdf.report.html import render_html
from margo_ssdf.report.markdown import render_markdown
from margo_ssdf.report.text import text_report
from margo_ssdf.report.views import ConfigurationView, Unavailable
from tests.report.conftest import Releases, resign
from tests.report.test_render import HOSTILE, external_references

ENTRY = {"fingerprint": "0123456789abcdef0123456789abcdef", "rule": "B602",
         "path": "run.py", "decision": "accepted_risk",
         "justification": "The argument is a constant.", "who": "alice", "when": "2026-01-02"}


def _with_configuration(releases: Releases, tmp_path: Path, **changes: object) -> Path:
    stmt = releases.new.statement()
    config = {**stmt["predicate"]["configuration"], **changes}
    config["sha256"] = configuration.content_sha256(config)
    stmt["predicate"]["configuration"] = config
    return resign(releases, stmt, tmp_path / "edited.dsse.json")


def _formats(signed: Path, releases: Releases) -> dict[str, str]:
    report = build_report(signed, trust=_trust(releases),
                          evidence_dir=signed.parent / "evidence")
    assert report.verification.verified, report.verification.failed
    return {"html": render_html(report), "md": render_markdown(report),
            "text": text_report(report, width=400)}


def _trust(releases: Releases) -> PublicKeySigner:
    return PublicKeySigner(releases.pub)


def test_a_real_release_records_no_excludes_and_no_triage(releases: Releases) -> None:
    report = build_report(releases.new.signed, trust=_trust(releases),
                          evidence_dir=releases.new.out)
    view = report.configuration
    assert isinstance(view, ConfigurationView)
    assert view.excludes == () and view.triage == ()
    assert view.excludes_summary == "No exclude patterns"
    assert view.triage_summary == "0 findings triaged as false positive, 0 accepted risks"
    assert "configuration" in [s.name for s in report.verification.steps]


def test_triage_decisions_are_listed_in_every_format(releases: Releases, tmp_path: Path) -> None:
    second = {**ENTRY, "fingerprint": "fedcba9876543210fedcba9876543210", "rule": "B105",
              "decision": "false_positive", "justification": "Not a password.", "who": "bob"}
    signed = _with_configuration(releases, tmp_path, triage={
        "path": ".margo-ssdf/triage.yaml", "sha256": "a" * 64, "entries": [ENTRY, second]})
    for fmt, page in _formats(signed, releases).items():
        assert "1 finding triaged as false positive, 1 accepted risk" in page, fmt
        for value in ("B602", "run.py", "The argument is a constant.", "alice", "bob"):
            assert value in page, (fmt, value)


def test_excludes_are_listed_with_their_counts_in_every_format(releases: Releases,
                                                                tmp_path: Path) -> None:
    signed = _with_configuration(releases, tmp_path, exclude=[
        {"pattern": "vendor_x", "source": ".margo-ssdf.yaml", "files": 7,
         "checks": {"sast.bandit": 5}}])
    for fmt, page in _formats(signed, releases).items():
        assert "1 exclude pattern removed 7 files" in page, fmt
        assert "vendor" in page and "sast.bandit 5" in page, fmt


def test_hostile_values_in_the_record_stay_inert(releases: Releases, tmp_path: Path) -> None:
    signed = _with_configuration(
        releases, tmp_path,
        exclude=[{"pattern": HOSTILE, "source": HOSTILE, "files": 1, "checks": {}}],
        triage={"path": ".margo-ssdf/triage.yaml", "sha256": "b" * 64,
                "entries": [{**ENTRY, "justification": HOSTILE, "who": HOSTILE}]})
    pages = _formats(signed, releases)
    assert "<script" not in pages["html"].lower() and external_references(pages["html"]) == []
    assert "<script" not in pages["md"] and "](" not in pages["md"].replace("\\](", "")
    for page in pages.values():
        assert "\x1b" not in page and "\u202e" not in page


def test_an_attestation_without_a_record_says_so_in_every_format(releases: Releases,
                                                                  tmp_path: Path) -> None:
    stmt = releases.new.statement()
    del stmt["predicate"]["configuration"]
    signed = resign(releases, stmt, tmp_path / "old.dsse.json")
    report = build_report(signed, trust=_trust(releases), evidence_dir=signed.parent / "evidence")
    assert isinstance(report.configuration, Unavailable)
    assert any(p.kind == "configuration" for p in report.problems)
    step = next(s for s in report.verification.steps if s.name == "configuration")
    assert step.detail.startswith("NOT RECORDED") and not step.ok  # fail closed
    assert not report.verification.verified
    for page in (render_html(report), render_markdown(report), text_report(report, width=400)):
        assert "does not record its configuration" in page
