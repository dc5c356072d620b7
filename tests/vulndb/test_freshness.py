"""Staleness is part of the verdict: how old the data is, and the checks refusing old data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from margo_ssdf.checks import deps_audit
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.cli import main
from margo_ssdf.errors import ConfigError, ExitCode
from margo_ssdf.vulndb import NoDatabaseError, OsvStore, freshness
from margo_ssdf.vulndb.freshness import StaleDatabaseError
from tests.conftest import make_project

from .factory import doc, entry, mark_current, rng, write_json

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def dated(tmp_path: Path, db_path: Path) -> Path:
    """PyPI data current as of 2026-12-01, Go data with year-1 `modified` (as the Go database
    writes it) and a real `published` of 2026-11-01."""
    src = tmp_path / "src"
    write_json(src, doc("PYSEC-1", entry("requests", rng(("introduced", "0"), ("fixed", "2.0"))),
                        modified="2026-12-01T00:00:00Z", published="2020-01-01T00:00:00Z"))
    write_json(src, doc("PYSEC-2", entry("flask", rng(("introduced", "0"), ("fixed", "1.0"))),
                        modified="2025-01-01T00:00:00Z"))
    write_json(src, doc("GO-1", entry("stdlib", rng(("introduced", "0"), ("fixed", "1.21.5"),
                                                    kind="SEMVER"), ecosystem="Go"),
                        modified="0001-01-01T00:00:00Z", published="2026-11-01T00:00:00Z"))
    with OsvStore(db_path) as store:
        store.import_source(src)
    return db_path


def test_age_is_from_the_newest_real_date_of_each_ecosystem(dated: Path) -> None:
    with OsvStore(dated) as store:
        ages = freshness.ages(store, NOW)
    assert ages["PyPI"].data_time == "2026-12-01T00:00:00Z" and ages["PyPI"].days == 5.5
    # Year 1 is a placeholder, not a date: Go's age comes from `published`.
    assert ages["Go"].data_time == "2026-11-01T00:00:00Z" and int(ages["Go"].days or 0) == 35
    assert ages["Go"].updated is not None  # when it was imported here: shown, never counted
    assert not ages["PyPI"].stale(7) and ages["Go"].stale(7) and not ages["Go"].stale(40)


def test_the_export_time_counts_when_it_is_later(dated: Path) -> None:
    mark_current(dated, "Go")  # as db update records an export's Last-Modified
    with OsvStore(dated) as store:
        go = freshness.ages(store, datetime.now(UTC))["Go"]
    assert go.days is not None and go.days < 0.01 and not go.stale(1)


def test_stale_data_is_refused_naming_the_ecosystem_the_age_and_the_fix(dated: Path) -> None:
    with OsvStore(dated) as store, pytest.raises(StaleDatabaseError) as caught:
        freshness.require_fresh(store, {"PyPI", "Go"}, 7, option_key="checks.x.options.y",
                                now=NOW)
    text = caught.value.diagnostics()
    assert "Go data is 35 days old (current as of 2026-11-01" in text and "PyPI" not in text
    assert "at most 7 days old (checks.x.options.y)" in text
    assert "`margo-ssdf db update`" in text and "`margo-ssdf db import PATH`" in text
    assert caught.value.exit_code is ExitCode.CHECK_ERROR
    with OsvStore(dated) as store:
        freshness.require_fresh(store, {"PyPI"}, 7, now=NOW)  # PyPI alone is fresh enough
        freshness.require_fresh(store, set(), 0.001, now=NOW)  # nothing needed, nothing asked


def test_an_ecosystem_without_data_is_refused(dated: Path) -> None:
    with OsvStore(dated) as store, pytest.raises(StaleDatabaseError) as caught:
        freshness.require_fresh(store, {"crates.io"}, 7, now=NOW)
    assert "crates.io has no advisories" in str(caught.value)
    assert "db update --ecosystem crates.io" in str(caught.value)


def test_an_empty_store_says_how_to_get_data(db_path: Path) -> None:
    with OsvStore(db_path) as store, pytest.raises(NoDatabaseError) as caught:
        freshness.require_fresh(store, {"PyPI"}, 7)
    text = caught.value.diagnostics()
    assert "No vulnerability data is present" in text
    assert "`margo-ssdf db update`" in text and "margo-ssdf db import" in text


@pytest.mark.parametrize("value", [0, -3, "7", True, None])
def test_max_database_age_must_be_positive_days(value: object) -> None:
    with pytest.raises(ConfigError, match=r"checks.deps.audit.options.max_database_age"):
        freshness.max_age_days({"max_database_age": value}, "deps.audit")


def test_the_policy_rejects_a_max_database_age_of_the_wrong_type(project: Path) -> None:
    (project / ".margo-ssdf.yaml").write_text(
        "checks:\n  deps.audit:\n    options: {max_database_age: soon}\n")
    assert main(["verify", str(project)]) == ExitCode.USAGE


@pytest.fixture
def stale_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared test advisories (dated 2018 to 2023) as they are: not marked current."""
    from tests.vulndb.test_scan import ADVISORIES

    src = tmp_path / "advisories"
    src.mkdir()
    for name, document in ADVISORIES.items():
        (src / name).write_text(json.dumps(document))
    db = tmp_path / "stale.sqlite3"
    with OsvStore(db) as store:
        store.import_source(src)
    monkeypatch.setenv("MARGO_SSDF_DB", str(db))
    return db


def test_verify_is_incomplete_and_says_why_when_the_data_is_older_than_the_policy_allows(
        tmp_path: Path, stale_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = make_project(tmp_path / "proj")
    (proj / ".margo-ssdf.yaml").write_text(
        "checks:\n  deps.audit:\n    options: {max_database_age: 30}\n")
    assert main(["verify", str(proj), "--format", "json"]) == ExitCode.CHECK_ERROR
    summary = json.loads(capsys.readouterr().out)
    assert summary["evaluation"]["verdict"] == "incomplete"
    reasons = " ".join(summary["evaluation"]["reasons"])
    assert "PyPI data is" in reasons and "days old (current as of 2021-06-01" in reasons
    assert "checks.deps.audit.options.max_database_age" in reasons
    states = {t["task_id"]: t["state"] for t in summary["evaluation"]["tasks"]}
    assert states["PW.4.4"] == states["RV.1.1"] == states["RV.2.2"] == "not_assessed"


def test_a_large_max_database_age_accepts_a_fixed_snapshot(
        tmp_path: Path, stale_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = make_project(tmp_path / "proj")
    (proj / ".margo-ssdf.yaml").write_text(
        "checks:\n  deps.audit:\n    options: {max_database_age: 36500}\n"
        "  vuln.response:\n    options: {max_database_age: 36500}\n")
    assert main(["verify", str(proj)]) == ExitCode.COMPLIANT, capsys.readouterr().out


def test_go_dependencies_need_go_data(tmp_path: Path, db_path: Path) -> None:
    src = tmp_path / "src"
    write_json(src, doc("PYSEC-9", entry("requests"), modified="2026-12-01T00:00:00Z"))
    with OsvStore(db_path) as store:
        store.import_source(src)
    proj = tmp_path / "gomod"
    proj.mkdir()
    (proj / "go.mod").write_text("module example.com/app\n\ngo 1.22.1\n")
    from margo_ssdf.checks.interface import CheckContext
    from margo_ssdf.discovery import discover

    check = DepsAuditCheck()
    ctx = CheckContext(project=discover(proj), options={**check.options, "db": str(db_path)},
                       evidence_root=tmp_path / "ev", timeout=60)
    with pytest.raises(StaleDatabaseError, match="Go has no advisories"):
        check.run(ctx)


def test_a_cached_result_is_not_reused_on_a_later_day(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from margo_ssdf.discovery import discover

    check, proj = DepsAuditCheck(), discover(project)
    today = check.fingerprint(proj, check.options)

    class Tomorrow(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Tomorrow:  # type: ignore[override]
            return cls(2099, 1, 1, tzinfo=UTC)

    monkeypatch.setattr(deps_audit, "datetime", Tomorrow)
    later = check.fingerprint(proj, check.options)
    assert today != later and f":{date(2099, 1, 1)}:" in later


def test_audit_sbom_refuses_stale_data(
        tmp_path: Path, stale_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "bom.json"
    bom.write_text(json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "components": [{"type": "library", "name": "requests", "version": "2.19.0",
                        "purl": "pkg:pypi/requests@2.19.0"}]}))
    assert main(["audit-sbom", str(bom)]) == ExitCode.CHECK_ERROR
    assert "--max-database-age" in capsys.readouterr().err
    assert main(["audit-sbom", str(bom), "--max-database-age", "100000"]) == 1


def test_db_status_shows_age_and_staleness_per_ecosystem(
        dated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "status", "--db", str(dated), "--format", "json",
                 "--max-database-age", "100000"]) == 0
    status = json.loads(capsys.readouterr().out)
    rows = {e["ecosystem"]: e for e in status["ecosystems"]}
    assert rows["Go"]["data_time"] == "2026-11-01T00:00:00Z" and rows["Go"]["stale"] is False
    assert rows["PyPI"]["updated"] and rows["PyPI"]["source"].endswith("src")
    assert main(["db", "status", "--db", str(dated), "--max-database-age", "0.5"]) == 0
    text = capsys.readouterr().out
    assert "stale" in text and "Current as of" in text and "Last updated here" in text
