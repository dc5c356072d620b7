"""Our semgrep rule packs: semgrep's own rule tests, and the check on a tree with known issues."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from margo_ssdf import sarif
from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.sast_semgrep import SemgrepCheck, rule_files
from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ToolError
from margo_ssdf.tools import tool_env
from tests.conftest import REPO, make_project, validate_sarif


def test_every_rule_carries_cwe_severity_fix_and_ssdf_tasks() -> None:
    ids = []
    for path in rule_files():
        for rule in yaml.safe_load(path.read_text())["rules"]:
            ids.append(rule["id"])
            meta = rule["metadata"]
            assert meta["cwe"] and all(c.startswith("CWE-") for c in meta["cwe"]), rule["id"]
            assert set(meta["ssdf"]) <= {"PW.5.1", "PW.7.2", "RV.1.2", "RV.3.3"}, rule["id"]
            assert rule["severity"] in ("ERROR", "WARNING", "INFO"), rule["id"]
            assert len(rule["message"]) > 40, rule["id"]
    assert len(ids) == len(set(ids)) >= 30
    assert {i.split(".")[1] for i in ids} == {"python", "go", "dockerfile"}


def test_each_rule_has_a_vulnerable_and_a_safe_case_and_semgrep_agrees() -> None:
    """semgrep --test: every `ruleid:` line must match and every `ok:` line must not."""
    targets = REPO / "tests" / "semgrep_rules"
    text = "".join(p.read_text() for p in targets.iterdir() if p.is_file())
    for path in rule_files():
        for rule in yaml.safe_load(path.read_text())["rules"]:
            assert f"ruleid: {rule['id']}" in text, f"no vulnerable case for {rule['id']}"
            assert f"ok: {rule['id']}" in text, f"no safe case for {rule['id']}"
    semgrep = str(Path(sys.executable).with_name("semgrep"))
    done = subprocess.run([semgrep, "--test", "--metrics=off", "--config",
                           str(REPO / "rules" / "semgrep"), str(targets)],
                          capture_output=True, text=True, timeout=600,
                          env=tool_env({"SEMGREP_SEND_METRICS": "off"}))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "All tests passed" in done.stdout + done.stderr


KNOWN = {
    "app/cmd.py": "import subprocess\n\n\ndef run(name):\n"
                  "    subprocess.run('ls ' + name, shell=True)\n",
    "agent/main.go": ('package main\n\nimport (\n\t"crypto/tls"\n\t"net/http"\n)\n\n'
                      "func client() *http.Client {\n\treturn &http.Client{Transport: "
                      "&http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}"
                      "\n}\n"),
    "Dockerfile": "FROM python:latest\nRUN curl -sSL https://example.org/i.sh | sh\n",
    ".github/workflows/greet.yml": "on: pull_request_target\npermissions: {}\njobs:\n  g:\n"
                                  "    runs-on: ubuntu-latest\n    steps:\n"
                                  "      - run: echo \"${{ github.event.pull_request.title }}\"\n",
}


def test_verify_reports_python_go_dockerfile_and_workflow_issues(
        tmp_path: Path, sarif_schema: dict, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj")
    for rel, text in KNOWN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(root), "--out", str(out)]) == 1
    capsys.readouterr()
    log = json.loads((out / "sast.sarif").read_text())
    validate_sarif(log, sarif_schema)
    found = {(r.tool, r.path): r for r in sarif.read_results(log)}
    assert found[("bandit", "app/cmd.py")].cwe == ("CWE-78", "CWE-77")
    go = [r for r in sarif.read_results(log) if r.path == "agent/main.go"]
    assert any(r.rule_id == "margo.go.tls-insecure-skip-verify" and r.line == 9 and
               r.cwe == ("CWE-295", "CWE-287") for r in go), go
    docker = {r.rule_id for r in sarif.read_results(log) if r.path == "Dockerfile"}
    assert {"margo.dockerfile.unpinned-base-image", "margo.dockerfile.curl-pipe-shell"} <= docker
    assert ("zizmor", ".github/workflows/greet.yml") in found
    summary = json.loads((out / "summary.json").read_text())
    failing = {t["task_id"] for t in summary["evaluation"]["tasks"]
               if t["state"] == "not_satisfied"}
    assert {"PW.5.1", "PW.7.2", "RV.1.2"} <= failing


def _with_only_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    pack: str) -> tuple[SemgrepCheck, CheckContext]:
    """The check and a context on a small project, with `pack` as the only rule pack."""
    rules = tmp_path / "rules" / "semgrep"
    rules.mkdir(parents=True)
    (rules / "bad.yml").write_text(pack)
    monkeypatch.setattr("margo_ssdf.checks.sast_semgrep.rules_dir", lambda: tmp_path / "rules")
    root = make_project(tmp_path / "p")
    (root / "app.py").write_text("x = 1\n")
    check = SemgrepCheck()
    return check, CheckContext(project=discover(root), options=dict(check.options),
                               evidence_root=tmp_path / "ev", timeout=300)


def test_broken_rule_file_is_an_error_not_a_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check, ctx = _with_only_pack(tmp_path, monkeypatch,
                                 "rules:\n  - id: broken\n    pattern: eval(\n")
    # The check raises; the pipeline turns that into an `error` result (tests/test_pipeline.py).
    with pytest.raises(ToolError, match="semgrep failed"):
        check.run(ctx)


def test_semgrep_is_handed_every_rule_of_the_packs_as_one_json_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check passes its YAML packs to semgrep as one JSON config (semgrep reads JSON
    faster); that config must hold every rule, aliases expanded, and nothing else."""
    root = make_project(tmp_path / "p")
    (root / "app.py").write_text(
        "import subprocess\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/ls')\ndef ls():\n"
        "    return str(subprocess.call('ls ' + request.args['d'], shell=True))\n")
    check = SemgrepCheck()
    ctx = CheckContext(project=discover(root), options=dict(check.options),
                       evidence_root=tmp_path / "ev", timeout=300)
    handed: list[dict[str, object]] = []
    real = CheckContext.run_tool

    def record(self: CheckContext, argv: list[str], **kwargs: object) -> object:
        config = Path(argv[argv.index("--config") + 1])
        assert argv.count("--config") == 1 and config.suffix == ".json"
        handed.append(json.loads(config.read_text()))
        return real(self, argv, **kwargs)

    monkeypatch.setattr(CheckContext, "run_tool", record)
    result = check.run(ctx)
    expected = [r for p in rule_files() for r in yaml.safe_load(p.read_text())["rules"]]
    assert handed and handed[0] == {"rules": expected}
    taint = next(r for r in handed[0]["rules"] if r["id"] == "margo.python.ssrf")
    assert taint["pattern-sources"] and taint["pattern-sanitizers"]  # aliases expanded
    # The finding still comes out under our rule id, and the evidence names the packs as shipped.
    log = json.loads((tmp_path / "ev" / result.evidence[0].path).read_text())
    assert "margo.python.subprocess-shell-injection" in {r.rule_id for r in sarif.read_results(log)}
    assert [a for a in ctx.argv if a.startswith("rules/semgrep/")] == \
        [f"rules/semgrep/{p.name}" for p in rule_files()]


@pytest.mark.parametrize("pack", ["rules:\n  - id: a\n   pattern: [\n", "- id: a\n",
                                  "rules:\n  - id: a\n    metadata: {updated: 2024-05-01}\n"])
def test_unreadable_rule_pack_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: str) -> None:
    """Bad YAML, a list at the top, a YAML date semgrep's JSON cannot carry."""
    check, ctx = _with_only_pack(tmp_path, monkeypatch, pack)
    with pytest.raises(ToolError, match=r"cannot read the semgrep rule pack .*bad\.yml"):
        check.run(ctx)
