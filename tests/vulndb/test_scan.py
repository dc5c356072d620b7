"""The dependency audit against a small store we write, and pip-audit using our store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.discovery.dependencies import inventory
from margo_ssdf.models import Severity
from margo_ssdf.vulndb import NoDatabaseError, OsvStore, scan

ADVISORIES = {
    "PYSEC-2018-28.json": {
        "id": "PYSEC-2018-28", "modified": "2021-06-01T00:00:00Z",
        "published": "2018-10-29T00:00:00Z", "aliases": ["CVE-2018-18074"],
        "summary": "requests leaks credentials on redirect",
        "severity": [{"type": "CVSS_V3",
                      "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
        "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                      "ranges": [{"type": "ECOSYSTEM",
                                  "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]},
    "GHSA-x84v-xcm2-53pg.json": {
        "id": "GHSA-x84v-xcm2-53pg", "modified": "2021-06-01T00:00:00Z",
        "published": "2018-10-30T00:00:00Z", "aliases": ["CVE-2018-18074"],
        "database_specific": {"severity": "MODERATE"},
        "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                      "ranges": [{"type": "ECOSYSTEM",
                                  "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]},
    "GO-2022-0288.json": {
        "id": "GO-2022-0288", "modified": "0001-01-01T00:00:00Z",
        "published": "0001-01-01T00:00:00Z", "aliases": ["CVE-2021-44716"],
        "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
                      "ranges": [{"type": "SEMVER", "events": [
                          {"introduced": "0"}, {"fixed": "0.0.0-20211209124913-491a49abca63"}]}]}]},
    "GO-2023-0001.json": {
        "id": "GO-2023-0001", "modified": "2023-01-01T00:00:00Z",
        "published": "2023-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "Go", "name": "stdlib"},
                      "ranges": [{"type": "SEMVER", "events": [
                          {"introduced": "0"}, {"fixed": "1.21.5"}]}]}]},
}


@pytest.fixture
def store(tmp_path: Path) -> OsvStore:
    src = tmp_path / "osv"
    src.mkdir()
    for name, doc in ADVISORIES.items():
        (src / name).write_text(json.dumps(doc))
    db = OsvStore(tmp_path / "osv.sqlite3")
    db.import_source(src)
    return db


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "requirements.txt").write_text("requests==2.19.0\nclick==8.1.7\nflask>=2\n")
    (root / "go.mod").write_text("module example.com/x\n\ngo 1.21.0\n\nrequire "
                                 "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")
    return root


def test_aliases_merged_fixes_severity_and_skips(store: OsvStore, project: Path) -> None:
    inv = inventory(discover(project))
    report = scan.audit_dependencies(inv.dependencies, store,
                                   go_directives=scan.inventory_directives(inv),
                                   today=date(2026, 11, 28))
    by_pkg = {(f.package, f.id): f for f in report.findings}
    req = by_pkg[("requests", "PYSEC-2018-28")]  # one finding for PYSEC + GHSA + CVE
    assert set(req.aliases) == {"CVE-2018-18074", "GHSA-x84v-xcm2-53pg"}
    assert req.fixed_versions == ("2.20.0",)
    assert (req.severity, req.cvss_score, req.severity_source) == (Severity.HIGH, 7.5, "cvss")
    assert req.published == "2018-10-29T00:00:00Z"
    net = by_pkg[("golang.org/x/net", "GO-2022-0288")]
    assert net.published is None  # Go's year-1 placeholder is not a date
    # No record rates it: unknown counts high (fail closed), not medium.
    assert net.severity_source == "unknown" and net.severity is Severity.HIGH
    assert ("stdlib", "GO-2023-0001") in by_pkg  # from the go directive
    assert [s.package for s in report.skipped] == ["flask"]
    assert "no exact version" in report.skipped[0].reason
    assert report.database.advisories == 4
    assert report.database.age_days["PyPI"] == (date(2026, 11, 28) - date(2018, 10, 30)).days
    assert len(report.findings) == 3 and report.counts() == {Severity.HIGH: 3}


ALIAS_RECORDS = {
    # The Go advisory carries no rating and a year-1 date; the GHSA record of the same
    # vulnerability (another database, matching no package here) has both.
    "GO-2024-0002.json": {
        "id": "GO-2024-0002", "modified": "0001-01-01T00:00:00Z",
        "published": "0001-01-01T00:00:00Z", "aliases": ["GHSA-aaaa-bbbb-cccc"],
        "affected": [{"package": {"ecosystem": "Go", "name": "example.com/lib"},
                      "ranges": [{"type": "SEMVER", "events": [
                          {"introduced": "0"}, {"fixed": "1.2.0"}]}]}]},
    "GHSA-aaaa-bbbb-cccc.json": {
        "id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-03-02T00:00:00Z",
        "aliases": ["CVE-2024-0002"],
        "severity": [{"type": "CVSS_V3",
                      "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}],
        "affected": [{"package": {"ecosystem": "Go", "name": "example.com/other"},
                      "ranges": [{"type": "SEMVER", "events": [{"introduced": "9.0.0"}]}]}]},
}


def _store_of(tmp_path: Path, docs: dict[str, dict]) -> OsvStore:
    src = tmp_path / "alias-osv"
    src.mkdir()
    for name, doc in docs.items():
        (src / name).write_text(json.dumps(doc))
    db = OsvStore(tmp_path / "alias.sqlite3")
    db.import_source(src)
    return db


def test_an_unrated_advisory_takes_its_alias_records_rating_and_date(tmp_path: Path) -> None:
    from margo_ssdf.discovery.dependencies import Dependency, Ecosystem

    lib = Dependency(Ecosystem.GO, "example.com/lib", "v1.0.0", "go.mod", direct=True)
    with _store_of(tmp_path, ALIAS_RECORDS) as store:
        (found,) = scan.audit_dependencies([lib], store).findings
    assert (found.id, found.severity, found.cvss_score) == ("GO-2024-0002", Severity.MEDIUM, 5.3)
    assert found.severity_source == "cvss (alias GHSA-aaaa-bbbb-cccc)"
    # No record was published with a real date: the GHSA record's `modified` is the first.
    assert found.published == "2024-03-02T00:00:00Z"


def test_the_policy_names_the_severity_of_an_unrated_vulnerability(tmp_path: Path) -> None:
    from margo_ssdf.discovery.dependencies import Dependency, Ecosystem

    docs = {"GO-2024-0002.json": ALIAS_RECORDS["GO-2024-0002.json"]}
    lib = Dependency(Ecosystem.GO, "example.com/lib", "v1.0.0", "go.mod", direct=True)
    with _store_of(tmp_path, docs) as store:
        default = scan.audit_dependencies([lib], store)
        named = scan.audit_dependencies([lib], store, unknown_severity=Severity.CRITICAL)
    assert default.counts() == {Severity.HIGH: 1}
    assert named.counts() == {Severity.CRITICAL: 1}
    assert default.findings[0].published is None  # only placeholders: the clock says so


def test_empty_database_is_an_error_with_the_command(tmp_path: Path) -> None:
    with OsvStore(tmp_path / "empty.sqlite3") as empty, pytest.raises(NoDatabaseError) as info:
        scan.audit_dependencies([], empty)
    assert "margo-ssdf db import" in info.value.diagnostics()


def test_pip_audit_uses_our_store_offline(store: OsvStore, tmp_path: Path) -> None:
    from pip_audit._audit import Auditor
    from pip_audit._dependency_source import RequirementSource

    from margo_ssdf.vulndb.pipaudit import OsvStoreService

    reqs = tmp_path / "requirements.txt"
    reqs.write_text("requests==2.19.0\nclick==8.1.7\n")
    source = RequirementSource([reqs], disable_pip=True, no_deps=True)
    results = {dep.canonical_name: vulns for dep, vulns in
               Auditor(OsvStoreService(store)).audit(source)}
    assert results["click"] == []
    (vuln,) = results["requests"]
    assert {vuln.id, *vuln.aliases} == {"PYSEC-2018-28", "GHSA-x84v-xcm2-53pg", "CVE-2018-18074"}
    assert [str(v) for v in vuln.fix_versions] == ["2.20.0"]


def test_db_import_and_status_commands(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "osv"
    src.mkdir()
    for name, doc in ADVISORIES.items():
        (src / name).write_text(json.dumps(doc))
    (src / "broken.json").write_text("{not json")
    db = tmp_path / "db.sqlite3"
    assert main(["db", "import", str(src), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "4 added" in err and "1 rejected" in err and "broken.json" in err
    assert main(["db", "import", str(src), "--db", str(db)]) == 0
    assert "4 unchanged" in capsys.readouterr().err
    assert main(["db", "status", "--db", str(db), "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["advisories"] == 4 and len(status["imports"]) == 2


def test_db_status_without_database_exits_3(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["db", "status", "--db", str(tmp_path / "none.sqlite3")])
    err = capsys.readouterr().err
    assert code in (2, 3) and "margo-ssdf db import" in err
