"""The command line, end to end, through `main(argv)`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf import catalog, flow
from margo_ssdf.cli import main
from margo_ssdf.models import RunSummary

TASK_IDS = list(catalog.ssdf().tasks)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_compliant_project_prints_the_42_task_matrix(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "verify", str(project))
    assert code == 0, out + err
    assert all(tid in out for tid in TASK_IDS)
    assert "COMPLIANT" in out and "NOT COMPLIANT" not in out
    # Progress goes to stderr as plain lines, never control characters, when not a terminal.
    assert "[margo-ssdf] repo.hygiene: started" in err and "\x1b" not in err + out


def test_verify_not_compliant_exits_1_with_reasons(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "SECURITY.md").unlink()
    code, out, _ = cli(capsys, "verify", str(project))
    assert code == 1
    assert "RV.1.3 not_satisfied: repo.hygiene: no security policy" in out


def test_verify_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verify", str(project), "--format", "json")
    summary = RunSummary.model_validate_json(out)
    assert code == 0 and summary.evaluation.verdict == "compliant"
    assert [t.task_id for t in summary.evaluation.tasks] == TASK_IDS
    assert "repo.hygiene" in {r.check_id for r in summary.results}
    assert str(project) not in out  # no absolute paths leak into results


def test_required_check_that_cannot_conclude_exits_3(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wf = project / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "broken.yml").write_text("jobs: [unclosed\n")
    code, out, _ = cli(capsys, "verify", str(project))
    assert code == 3
    assert "INCOMPLETE" in out and "PO.3.2 not_assessed" in out


def test_skipping_a_required_check_fails_closed(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verify", str(project), "--skip", "repo.hygiene")
    assert code == 3
    assert "repo.hygiene did not run" in out


@pytest.mark.parametrize("setup", ["missing", "file", "empty"])
def test_bad_project_paths_exit_2_with_one_paragraph(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str) -> None:
    target = tmp_path / "target"
    if setup == "file":
        target.write_text("x")
    elif setup == "empty":
        target.mkdir()
    code, out, err = cli(capsys, "verify", str(target))
    assert code == 2 and out == ""
    assert err.startswith("margo-ssdf: error: ") and "Traceback" not in err
    assert str(target) in err


def test_policy_typo_exits_2_naming_file_and_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".margo-ssdf.yaml").write_text("tasks:\n  PO.2.1: {requred: true}\n")
    code, _, err = cli(capsys, "verify", str(project))
    assert code == 2
    assert ".margo-ssdf.yaml:2 (key 'tasks.PO.2.1.requred'): unknown key" in err


def test_unknown_check_id_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "verify", str(project), "--check", "sast.nope")
    assert code == 2 and "'sast.nope' is not an installed check" in err


def test_run_writes_results_and_evidence_atomically(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = cli(capsys, "run", str(project), "--out", str(out_dir))
    assert code == 0
    summary = RunSummary.model_validate_json((out_dir / "summary.json").read_text())
    result_file = out_dir / "checks" / "repo.hygiene" / "result.json"
    assert json.loads(result_file.read_text())["check_id"] == "repo.hygiene"
    import hashlib
    for ev in summary.results[0].evidence:
        assert hashlib.sha256((out_dir / ev.path).read_bytes()).hexdigest() == ev.sha256
    # Running again replaces the directory whole; nothing is left beside it.
    code, _, _ = cli(capsys, "run", str(project), "--out", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "proj"]


def test_run_refuses_a_foreign_non_empty_out_dir(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    code, _, err = cli(capsys, "run", str(project), "--out", str(foreign))
    assert code == 2 and "not an earlier margo-ssdf output" in err
    assert (foreign / "precious.txt").read_text() == "keep me"


def test_unwritable_out_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses new directories even to root, which CI runs as.
    code, _, err = cli(capsys, "run", str(project), "--out", "/proc/margo-ssdf-test/out")
    assert code == 2 and "/proc/margo-ssdf-test/out" in err
    assert "Traceback" not in err and not Path("/proc/margo-ssdf-test").exists()


def test_out_path_that_is_a_file_exits_2(project: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = cli(capsys, "run", str(project), "--out", str(target))
    assert code == 2 and "not a directory" in err and target.read_text() == "x"


def test_interrupt_leaves_no_partial_output(project: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_execute = flow.execute

    def interrupted(request, evidence_root, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_execute(request, evidence_root, *args, **kwargs)  # evidence is on disk now
        raise KeyboardInterrupt

    monkeypatch.setattr("margo_ssdf.cli.pipeline.execute", interrupted)
    code, _, err = cli(capsys, "run", str(project), "--out", str(tmp_path / "out"))
    assert code == 130 and "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proj"]


def test_practices_json_lists_42_tasks_with_their_checks(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "practices", str(project), "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["tasks"]) == 42
    by_id = {t["id"]: t for t in data["tasks"]}
    assert by_id["RV.1.3"]["checks"] == ["repo.hygiene"]
    assert by_id["RV.1.3"]["practice"]["id"] == "RV.1"
    assert len(data["policy"]["sha256"]) == 64


def test_practices_text_and_checks(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "practices", str(project))
    assert code == 0 and all(t in out for t in TASK_IDS)
    code, out, _ = cli(capsys, "checks", "--format", "json")
    assert code == 0 and "repo.hygiene" in {c["id"] for c in json.loads(out)}


def test_python_dash_m_entry_point(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "margo_ssdf", "verify", str(project),
                           "--no-cache"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "COMPLIANT" in proc.stdout


def test_test_report_option_decides_pw_8_2(project: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    failing = project / "build" / "results.xml"
    failing.parent.mkdir()
    failing.write_text('<testsuite name="s" tests="2" failures="1" errors="0">'
                       '<testcase name="a"/><testcase name="b"><failure message="x"/>'
                       '</testcase></testsuite>')
    code, out, _ = cli(capsys, "verify", str(project), "--test-report", str(failing))
    assert code == 1 and "PW.8.2 not_satisfied" in out
    code, _, err = cli(capsys, "verify", str(project), "--test-report", "/etc/hostname")
    assert code == 2 and "outside the project" in err


def test_framework_views_from_the_same_run(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verify", str(project), "--framework", "iec62443-4-1")
    assert code == 0 and "SM-1" in out and "SG-7" in out and "derived from the SSDF" in out
    code, out, _ = cli(capsys, "verify", str(project), "--framework", "cra")
    assert "II(5)" in out and "I(2)(a)" in out
    code, out, _ = cli(capsys, "practices", "--framework", "cra", "--format", "json")
    reqs = {r["id"]: r for r in json.loads(out)["requirements"]}
    assert len(reqs) == 22 and reqs["II(1)"]["tasks"]


def test_audit_help_documents_the_pins_and_exit_4(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "audit", "--help")
    assert code == 0
    for option in ("--policy FILE", "--policy-digest sha256:HEX", "--allow-noncompliant",
                   "--repository OWNER/NAME|URL", "--ref REF", "--trigger EVENT",
                   "--workflow PATH|URI"):
        assert option.split()[0] in out, option
    flat = " ".join(out.split())
    assert "4 when everything verifies but the verdict is not compliant or incomplete" in flat
    for command in ("report", "verify-bundle"):
        code, out, _ = cli(capsys, command, "--help")
        assert code == 0 and "--repository" in out and "--ref" in out
        assert ("--policy-digest" in out) is (command == "report")


def test_exit_codes_match_the_readme() -> None:
    from margo_ssdf.errors import ExitCode

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = readme.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    documented = {line.split("|")[1].strip() for line in table.splitlines()[2:]}
    assert {str(int(code)) for code in ExitCode} | {"130 / 143"} == documented
