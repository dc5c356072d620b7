"""deps.audit and the CRA clock audit the release, not its examples or test data; the evidence
lists every manifest left out with its rule, and the configuration's `release:` changes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from margo_ssdf.checks import Check, CheckContext
from margo_ssdf.checks.deps_audit import SCOPE_EVIDENCE, DepsAuditCheck
from margo_ssdf.checks.vuln_response import VulnResponseCheck
from margo_ssdf.flow import RunRequest, prepare
from margo_ssdf.models import CheckResult, Outcome, Severity
from tests.discovery.release_fixtures import (
    EXAMPLE_REQUIREMENTS,
    EXAMPLE_RULE,
    flask_like,
    go_with_testdata,
)


def _run(check: Check, root: Path, evidence: Path) -> CheckResult:
    """The check as `verify` runs it: the project and options from the configuration."""
    project, config = prepare(RunRequest(root=root))
    return check.run(CheckContext(project=project, options=config.policy.options_for(check),
                                  evidence_root=evidence, timeout=60))


def _evidence(result: CheckResult, root: Path, name: str) -> Any:
    ev = next(e for e in result.evidence if e.path.endswith("/" + name))
    return json.loads((root / ev.path).read_text())


def test_the_example_pins_are_not_audited_and_are_listed_as_skipped(tmp_path: Path) -> None:
    root = flask_like(tmp_path / "flask")
    result = _run(DepsAuditCheck(), root, tmp_path / "ev")
    report = _evidence(result, tmp_path / "ev", "deps-audit.json")
    assert report["findings"] == [] and report["audited"] == 3
    assert result.outcome is Outcome.PASS and result.counts == {}
    scope = _evidence(result, tmp_path / "ev", SCOPE_EVIDENCE)
    assert scope["manifests"] == ["pyproject.toml", "uv.lock"]
    assert {"manifest": EXAMPLE_REQUIREMENTS, "rule": EXAMPLE_RULE} in scope["skipped"]
    assert {s["manifest"] for s in scope["skipped"]} == {
        EXAMPLE_REQUIREMENTS, "examples/celery/pyproject.toml", "docs/requirements.txt",
        "tests/test_apps/requirements.txt"}
    clock = _evidence(_run(VulnResponseCheck(), root, tmp_path / "ev2"), tmp_path / "ev2",
                      "cra-clock.json")
    assert clock["vulnerabilities"] == []  # the CRA clock has nothing of the example's either


def test_release_include_brings_the_example_back(tmp_path: Path) -> None:
    root = flask_like(tmp_path / "flask")
    (root / ".margo-ssdf.yaml").write_text('release:\n  include: ["examples/**"]\n')
    result = _run(DepsAuditCheck(), root, tmp_path / "ev")
    report = _evidence(result, tmp_path / "ev", "deps-audit.json")
    assert [(f["id"], f["package"], f["version"]) for f in report["findings"]] == [
        ("PYSEC-2018-28", "requests", "2.19.0")]
    assert result.outcome is Outcome.FAIL and result.counts == {Severity.HIGH: 1}
    scope = _evidence(result, tmp_path / "ev", SCOPE_EVIDENCE)
    assert {"manifest": EXAMPLE_REQUIREMENTS,
            "rule": "release.include 'examples/**'"} in scope["readmitted"]
    assert EXAMPLE_REQUIREMENTS in scope["manifests"]
    clock = _evidence(_run(VulnResponseCheck(), root, tmp_path / "ev2"), tmp_path / "ev2",
                      "cra-clock.json")
    assert [v["id"] for v in clock["vulnerabilities"]] == ["PYSEC-2018-28"]


def test_go_testdata_modules_are_not_audited(tmp_path: Path) -> None:
    root = go_with_testdata(tmp_path / "agent")
    result = _run(DepsAuditCheck(), root, tmp_path / "ev")
    assert _evidence(result, tmp_path / "ev", "deps-audit.json")["findings"] == []
    skipped = _evidence(result, tmp_path / "ev", SCOPE_EVIDENCE)["skipped"]
    assert {"manifest": "pkg/foo/testdata/go.mod", "rule": "default '**/testdata/**'"} in skipped
    (root / ".margo-ssdf.yaml").write_text("release: {include: ['testdata/**']}\n")
    back = _run(DepsAuditCheck(), root, tmp_path / "ev2")
    found = {(f["id"], *f["sources"]) for f in
             _evidence(back, tmp_path / "ev2", "deps-audit.json")["findings"]}
    # testdata/go.mod is back (its x/net and its Go release); pkg/foo/testdata is still out.
    assert found == {("GO-2022-0288", "testdata/go.mod"), ("GO-2023-0001", "testdata/go.mod")}


def test_a_scope_change_is_not_served_from_the_cache(tmp_path: Path) -> None:
    from margo_ssdf.cache import cache_key

    root = flask_like(tmp_path / "flask")
    check = DepsAuditCheck()
    project, config = prepare(RunRequest(root=root))
    before = cache_key(check, project, config.policy.options_for(check))
    (root / "examples" / "other").mkdir()
    (root / "examples" / "other" / "requirements.txt").write_text("jinja2==2.10\n")
    project, config = prepare(RunRequest(root=root))
    # A new skipped manifest changes the evidence (the skipped list), so the key too.
    assert cache_key(check, project, config.policy.options_for(check)) != before


def test_a_run_records_the_scope_and_audits_only_the_release(tmp_path: Path) -> None:
    from margo_ssdf.cli import main
    from margo_ssdf.models import RunSummary

    root = flask_like(tmp_path / "flask")
    out = tmp_path / "out"
    main(["run", str(root), "--check", "deps.audit", "--out", str(out)])
    summary = RunSummary.model_validate_json((out / "summary.json").read_text())
    deps = next(r for r in summary.results if r.check_id == "deps.audit")
    assert deps.outcome is Outcome.PASS and deps.counts == {}
    assert {"manifest": EXAMPLE_REQUIREMENTS, "rule": EXAMPLE_RULE} in \
        summary.configuration["release"]["skipped"]
    assert any(e.path.endswith("/" + SCOPE_EVIDENCE) for e in deps.evidence)
