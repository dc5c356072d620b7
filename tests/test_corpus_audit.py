"""Issue-level check against the real OSV corpora: known advisories found, VEX honoured, clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.vulndb import OsvStore
from tests.conftest import CORPORA, make_project
from tests.vulndb.factory import mark_current

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (CORPORA / "osv" / "PyPI").is_dir():
        pytest.skip("../shared/corpora/osv is not present")
    path = tmp_path_factory.mktemp("realdb") / "osv.sqlite3"
    with OsvStore(path) as store:
        store.import_source(CORPORA / "osv" / "PyPI")
        store.import_source(CORPORA / "osv" / "Go")
    mark_current(path)  # a fixed snapshot, audited as if current (staleness: test_freshness)
    return path


def test_known_pins_are_reported_triaged_and_clocked(
        real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MARGO_SSDF_DB", str(real_db))
    root = make_project(tmp_path / "proj")
    (root / "requirements.txt").write_text("requests==2.19.0\njinja2==2.10\npyyaml==5.3\n")
    (root / "go.mod").write_text(
        "module example.com/edge\n\ngo 1.22.0\n\nrequire "
        "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")
    (root / "vex").mkdir()
    (root / "vex" / "requests.json").write_text(json.dumps({
        "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/r",
        "author": "Edge team", "version": 1, "timestamp": "2026-01-01T00:00:00Z",
        "statements": [{"vulnerability": {"name": "PYSEC-2018-28"},
                        "products": [{"@id": "pkg:pypi/requests@2.19.0"}],
                        "status": "not_affected",
                        "justification": "vulnerable_code_not_in_execute_path"}]}))
    out = tmp_path / "out"
    code = main(["run", str(root), "--out", str(out), "--check", "deps.audit",
                 "--check", "vuln.response"])
    capsys.readouterr()
    assert code == 3  # other required checks were not selected: incomplete, as documented
    report = json.loads((out / "checks/deps.audit/deps-audit.json").read_text())
    found = {(f["package"], f["id"]): f for f in report["findings"]}
    assert found[("requests", "PYSEC-2018-28")]["fixed_versions"] == ["2.20.0"]
    assert found[("requests", "PYSEC-2018-28")]["vex"]["status"] == "not_affected"
    assert found[("requests", "PYSEC-2023-74")]["fixed_versions"] == ["2.31.0"]
    assert found[("jinja2", "PYSEC-2019-217")]["fixed_versions"] == ["2.10.1"]
    assert found[("pyyaml", "PYSEC-2020-96")]["fixed_versions"] == ["5.3.1"]
    assert ("golang.org/x/net", "GO-2021-0238") in found
    assert any(pkg == "stdlib" for pkg, _ in found)
    clock = json.loads((out / "checks/vuln.response/cra-clock.json").read_text())
    rows = {(r["package"], r["id"]): r for r in clock["vulnerabilities"]}
    assert rows[("jinja2", "PYSEC-2019-217")]["days_open"] > 2000
    assert rows[("requests", "PYSEC-2018-28")]["open"] is False
    assert report["database"]["advisories"] == 6952


def test_audit_sbom_rescans_a_released_sbom(real_db: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MARGO_SSDF_DB", str(real_db))
    root = tmp_path / "rel"
    root.mkdir()
    (root / "requirements.txt").write_text("jinja2==2.10\nclick==8.1.7\n")
    bom = tmp_path / "bom.json"
    assert main(["sbom", str(root), "-o", str(bom)]) == 0
    capsys.readouterr()
    assert main(["audit-sbom", str(bom), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {f["package"] for f in report["findings"]} == {"jinja2"}
    assert report["audited"] == 2


def test_margo_sandbox_fails_on_unvexed_go_advisories_and_vex_moves_one_out(
        real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Issue #16: the Go advisories carry no CVSS; they must fail the dependency tasks (not pass
    # as "medium"), undated ones must fail the CRA clock, and a VEX statement takes one out.
    import shutil

    sandbox = CORPORA / "margo" / "sandbox"
    if not sandbox.is_dir():
        pytest.skip("../shared/corpora/margo is not present")
    monkeypatch.setenv("MARGO_SSDF_DB", str(real_db))
    root = tmp_path / "sandbox"
    shutil.copytree(sandbox, root)

    def run(out: Path) -> tuple[dict, dict]:
        main(["run", str(root), "--out", str(out), "--check", "deps.audit",
              "--check", "vuln.response", "--format", "json"])
        capsys.readouterr()
        summary = json.loads((out / "summary.json").read_text())
        tasks = {t["task_id"]: t for t in summary["evaluation"]["tasks"]}
        report = json.loads((out / "checks/deps.audit/deps-audit.json").read_text())
        return tasks, report

    tasks, report = run(tmp_path / "out")
    open_ids = [f for f in report["findings"] if f["vex"] is None]
    assert len(open_ids) > 100
    assert all(f["severity"] != "medium" or f["severity_source"] != "unknown"
               for f in report["findings"])
    for tid in ("PW.4.4", "RV.1.1"):
        assert tasks[tid]["state"] == "not_satisfied", tasks[tid]
    assert tasks["RV.2.2"]["state"] == "not_satisfied", tasks["RV.2.2"]
    assert "no known date" in tasks["RV.2.2"]["reason"]

    chosen = open_ids[0]
    (root / "vex").mkdir(exist_ok=True)
    (root / "vex" / "margo.json").write_text(json.dumps({
        "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/margo",
        "author": "Margo maintainers", "version": 1, "timestamp": "2026-12-01T00:00:00Z",
        "statements": [{"vulnerability": {"name": chosen["id"]},
                        "products": [{"@id": chosen["purl"]}],
                        "status": "not_affected",
                        "justification": "vulnerable_code_not_in_execute_path"}]}))
    _, after = run(tmp_path / "out2")
    still_open = {(f["id"], f["purl"]) for f in after["findings"] if f["vex"] is None}
    assert (chosen["id"], chosen["purl"]) not in still_open
    assert len(still_open) == len({(f["id"], f["purl"]) for f in open_ids}) - 1
