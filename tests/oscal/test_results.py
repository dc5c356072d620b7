"""`report --format oscal`: assessment results of a signed sample release, verified first."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import catalog
from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.cli import main
from margo_ssdf.oscal.common import Model, check_model
from tests.oscal.oscal_schema import schema_errors, trestle_validate
from tests.report.conftest import Releases, resign


def _write(releases: Releases, out: Path, attestation: Path | None = None,
           key: Path | None = None, evidence: Path | None = None) -> tuple[int, dict[str, Any]]:
    code = main(["report", str(attestation or releases.new.signed),
                 "--key", str(key or releases.pub),
                 "--evidence-dir", str(evidence or releases.new.out),
                 "--format", "oscal", "-o", str(out)])
    return code, json.loads(out.read_text())


@pytest.fixture(scope="module")
def written(releases: Releases, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, dict[str, Any]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        out = tmp_path_factory.mktemp("oscal") / "results.json"
        code, doc = _write(releases, out)
    assert code == 0
    return out, doc


def _result(doc: dict[str, Any]) -> dict[str, Any]:
    [result] = doc["assessment-results"]["results"]
    return result


def _props(item: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in item.get("props", []) if p["name"] == name]


def test_findings_carry_the_states_audit_recomputes(
        releases: Releases, written: tuple[Path, dict[str, Any]]) -> None:
    audited = audit(releases.new.signed, PublicKeySigner(releases.pub),
                    evidence_dir=releases.new.out)
    assert audited.ok and audited.policy is not None
    expected = {t.task_id: t.state.value for t in audited.policy.evaluation.tasks}
    result = _result(written[1])
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert list(findings) == list(catalog.ssdf().tasks)
    assert {tid: _props(f, "state")[0] for tid, f in findings.items()} == expected
    for tid, f in findings.items():
        held = expected[tid] in ("satisfied", "declared", "not_applicable")
        assert f["target"]["status"]["state"] == ("satisfied" if held else "not-satisfied")
    assert {"satisfied", "not-satisfied"} == {f["target"]["status"]["state"]
                                             for f in findings.values()}
    reviewed = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    assert [c["control-id"] for c in reviewed] == list(catalog.ssdf().tasks)
    assert _props(result, "verdict") == [audited.policy.evaluation.verdict.value]


def test_result_records_signer_policy_subjects_and_tools(
        releases: Releases, written: tuple[Path, dict[str, Any]]) -> None:
    predicate, result = releases.new.predicate, _result(written[1])
    assert _props(result, "verification") == ["verified"]
    assert _props(result, "policy-sha256") == [predicate["policy"]["sha256"]]
    assert _props(result, "signer")[0].startswith("key ")
    subject = releases.new.statement()["subject"][0]
    assert _props(result, "subject-digest") == [f"sha256:{subject['digest']['sha256']}"]
    items = result["local-definitions"]["inventory-items"]
    assert _props(items[0], "subject-name") == [subject["name"]]
    observations = {_props(o, "check-id")[0]: o for o in result["observations"]
                    if _props(o, "check-id")}
    assert set(observations) == {c["check_id"] for c in predicate["checks"]}
    for check in predicate["checks"]:
        obs = observations[check["check_id"]]
        assert _props(obs, "tool-version") == [check["tool"]["version"]]
        evidence = {e["href"]: _props(e, "sha256")[0]
                    for e in obs.get("relevant-evidence", [])}
        assert evidence == {e["path"]: e["sha256"] for e in check["evidence"]}
        for href in evidence:  # relative, and really inside the evidence directory
            assert not Path(href).is_absolute() and (releases.new.out / href).is_file()


def test_open_vulnerabilities_are_risks_with_their_cra_deadline(
        releases: Releases, written: tuple[Path, dict[str, Any]]) -> None:
    clock = json.loads((releases.new.out / "checks/vuln.response/cra-clock.json").read_text())
    rows = [r for r in clock["vulnerabilities"] if r.get("limit_days") is not None]
    risks = _result(written[1]).get("risks", [])
    assert risks and rows  # the sample release ships vulnerable Go modules
    by_title = {r["title"]: r for r in risks}
    row = rows[0]
    risk = by_title[f"{row['id']} in {row['package']} {row['version']}"]
    assert risk["status"] == "open"
    assert _props(risk, "cra-limit-days") == [str(row["limit_days"])]
    start = datetime.fromisoformat(row["clock_start"]).replace(tzinfo=UTC)
    deadline = start + timedelta(days=row["limit_days"])
    assert risk["deadline"] == deadline.isoformat().replace("+00:00", "Z")


def test_results_load_in_trestle_meet_nists_schema_and_pass_trestle_validate(
        written: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    path, doc = written
    check_model(Model.ASSESSMENT_RESULTS, doc)
    assert schema_errors(doc) == []
    done = trestle_validate(path, "assessment-results", tmp_path / "ws")
    assert done.returncode == 0 and "VALID" in done.stdout, (done.stdout, done.stderr)


def test_reproducible_with_source_date_epoch(
        releases: Releases, written: tuple[Path, dict[str, Any]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _, again = _write(releases, tmp_path / "again.json")
    assert again == written[1]
    assert again["assessment-results"]["metadata"]["last-modified"] == "2023-11-14T22:13:20Z"


def test_a_tampered_attestation_gives_a_failed_result_without_the_claims(
        releases: Releases, tmp_path: Path) -> None:
    stmt = releases.new.statement()
    stmt["predicate"]["verdict"] = "compliant"
    stmt["predicate"]["tasks"] = [dict(t, state="satisfied") for t in
                                  stmt["predicate"]["tasks"]]
    hostile = resign(releases, stmt, tmp_path / "hostile.dsse.json")
    code, doc = _write(releases, tmp_path / "r.json", attestation=hostile,
                       evidence=tmp_path / "evidence")
    assert code == 1
    result = _result(doc)
    assert _props(result, "verification") == ["failed"]
    failed = _props(result, "failed-step")
    assert "tasks recomputed" in failed or "verdict recomputed" in failed
    assert "findings" not in result and "risks" not in result
    assert _props(result, "verdict") == []
    check_model(Model.ASSESSMENT_RESULTS, doc)
    assert schema_errors(doc) == []


def test_a_wrong_key_gives_a_failed_result_naming_the_signature(
        releases: Releases, tmp_path: Path) -> None:
    code, doc = _write(releases, tmp_path / "r.json", key=releases.other_pub)
    assert code == 1
    result = _result(doc)
    assert _props(result, "failed-step") == ["signature"]
    assert "NOT VERIFIED" in result["title"] and "findings" not in result


def test_without_the_evidence_nothing_is_written(releases: Releases, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Signature-only verification re-derives nothing: OSCAL findings need the evidence."""
    out = tmp_path / "r.json"
    code = main(["report", str(releases.new.signed), "--key", str(releases.pub),
                 "--format", "oscal", "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "--format oscal needs --evidence-dir" in capsys.readouterr().err


def test_a_bad_source_date_epoch_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    assert main(["practices", "--format", "oscal"]) == 2
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH" in err and "internal error" not in err


def test_under_another_policys_cra_limit_the_risks_give_no_producers_deadline(
        releases: Releases, tmp_path: Path) -> None:
    """The recorded clock used the producer's limits; a policy with others leaves RV.2.2 not
    assessed, so the risks say the clock was not judged instead of a deadline."""
    from margo_ssdf.resources import rules_dir

    default = (rules_dir() / "policy" / "default.yaml").read_text()
    assert "limit_days: 90" in default
    policy = tmp_path / "strict.yaml"
    policy.write_text(default.replace("limit_days: 90", "limit_days: 1", 1))
    out = tmp_path / "r.json"
    code = main(["report", str(releases.new.signed), "--key", str(releases.pub),
                 "--evidence-dir", str(releases.new.out), "--policy", str(policy),
                 "--format", "oscal", "-o", str(out)])
    assert code == 0
    result = _result(json.loads(out.read_text()))
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert _props(findings["RV.2.2"], "state") == ["not_assessed"]
    assert result["risks"]
    for risk in result["risks"]:
        assert "deadline" not in risk and not _props(risk, "cra-limit-days")
        assert _props(risk, "cra-clock")[0].startswith("not judged")
