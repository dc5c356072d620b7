"""Fault suite: broken tools, a broken disk, and signals, through the real command line.

Each fault is injected with a real process where one can be: a small Python script that stands in
for bandit, semgrep, zizmor or helm. The SAST checks find their tool beside `sys.executable`
(`python -m bandit`, `<venv>/bin/semgrep`), so the tests point `sys.executable` into a fake bin
directory that holds the faulty tools; helm is looked up the same way. For every fault: the check
ends `error` with the reason, the other checks finish, the verdict fails closed (exit 3), and the
output directory holds exactly what summary.json names, with no partial or temporary file.

Bugs found are strict xfails naming the file and the fix (K16 and up; K1-K15 are in
test_fuzz.py).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import tools
from margo_ssdf.checks import Check, CheckContext, registry
from margo_ssdf.checks.sast_semgrep import rule_files
from margo_ssdf.cli import main
from margo_ssdf.errors import ToolError
from margo_ssdf.flow import OUTPUT_MARKER, output_marker
from margo_ssdf.models import CheckResult, Outcome
from tests.conftest import REPO, make_project
from tests.reliability.conftest import PYTHON, ToolMaker, write_policy

# ---- fake tools -------------------------------------------------------------------------------

EXIT_2 = 'import sys\nsys.stderr.write("fatal: the rules could not be loaded\\n")\nsys.exit(2)\n'
NOT_JSON = 'print("Traceback (most recent call last): this is not JSON {")\n'
WRONG_SHAPE = 'print("{}")\n'
SARIF_NO_RUNS = 'print(\'{"version": "2.1.0", "runs": []}\')\n'
SARIF_NO_LOCATION = ('import json\nprint(json.dumps({"version": "2.1.0", "runs": [{"tool": '
                     '{"driver": {"name": "zizmor", "rules": []}}, "results": [{"ruleId": '
                     '"zizmor/x", "message": {"text": "m"}}]}]}))\n')
CLEAN = {"sast.bandit": 'print(\'{"errors": [], "results": []}\')\n',
         "sast.semgrep": 'print(\'{"errors": [], "results": []}\')\n',
         "sast.workflows": 'print(\'{"version": "2.1.0", "runs": [{"tool": {"driver": {"rules":'
                           ' []}}, "results": []}]}\')\n'}


def hanging(pids: Path) -> str:
    """A tool that starts a grandchild and never returns; both pids go to `pids`."""
    return textwrap.dedent(f"""\
        import os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        with open({str(pids)!r}, "a") as f:
            f.write(f"{{os.getpid()}}\\n{{child.pid}}\\n")
        time.sleep(300)
        """)


def flooding(megabytes: int, both: bool = True) -> str:
    """A tool that writes `megabytes` MiB to stdout (and to stderr) and exits 0."""
    streams = "(sys.stdout.buffer, sys.stderr.buffer)" if both else "(sys.stdout.buffer,)"
    return (f"import sys\nblock = b'x' * (1 << 20)\nfor _ in range({megabytes}):\n"
            f"    for s in {streams}:\n        s.write(block)\n")


def alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting for a parent that will never reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def read_pids(path: Path) -> list[int]:
    return [int(p) for p in path.read_text().split()] if path.exists() else []


# ---- fake checks around a tool on PATH ----------------------------------------------------------

class Healthy(Check):
    """A check that always works, to show the others finish."""

    id = "fake.healthy"
    title = "healthy"
    tasks = ("PW.7.2",)
    tool = "fake"
    remediation = "none"

    def run(self, ctx: CheckContext) -> CheckResult:
        ev = ctx.write_evidence(self.id, "healthy.txt", b"fine", "text/plain")
        return self.result(ctx, Outcome.PASS, evidence=[ev])


class WrapsTool(Healthy):
    """Runs `margo-fake-tool` from PATH, as a plug-in check would: through tools.run."""

    id = "fake.tool"

    def run(self, ctx: CheckContext) -> CheckResult:
        run = ctx.run_tool([tools.executable("margo-fake-tool")])
        if run.returncode != 0:
            raise ToolError(f"margo-fake-tool failed (exit {run.returncode}): "
                            f"{run.stderr_tail()}")
        if run.truncated:
            raise ToolError(f"margo-fake-tool printed more than {tools.DEFAULT_MAX_OUTPUT} "
                            "bytes; the output was cut and is not used")
        ev = ctx.write_evidence(self.id, "out.json", run.stdout, "application/json")
        return self.result(ctx, Outcome.PASS, evidence=[ev])


class Stuck(Healthy):
    """Hangs in Python (no tool to kill): only the pipeline's deadline can stop it."""

    id = "fake.stuck"
    release = threading.Event()

    def run(self, ctx: CheckContext) -> CheckResult:
        self.release.wait(60)
        return super().run(ctx)


FAKES = (Healthy, WrapsTool, Stuck)


@pytest.fixture(autouse=True)
def fakes(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Check]]:
    """The checks a `run` here sees: the installed ones and the fakes (a test may add more)."""
    checks = {**registry(), **{cls.id: cls() for cls in FAKES}}
    monkeypatch.setattr("margo_ssdf.checks.registry", lambda: checks)
    yield checks
    Stuck.release.set()
    Stuck.release = threading.Event()


# ---- running the CLI and judging its output -----------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo hi\n")
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 1.0.0\n")
    (chart / "values.yaml").write_text("image: ghcr.io/demo/app@sha256:" + "a" * 64 + "\n")
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  namespace: demo\nspec:\n"
        "  containers:\n  - name: app\n    image: {{ .Values.image }}\n")
    return root


@pytest.fixture
def fake_bin(tool_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point sys.executable into the fake bin directory: tools 'beside' it are the fakes."""
    monkeypatch.setattr(sys, "executable", str(tool_dir / "python"))
    return tool_dir


TOOL_FILE = {"sast.bandit": "python", "sast.semgrep": "semgrep", "sast.workflows": "zizmor",
             "app.isolation": "helm", "fake.tool": "margo-fake-tool"}


def run_cli(project: Path, tmp_path: Path, check_id: str, *,
            timeout: float = 60) -> tuple[int, Path]:
    """`margo-ssdf run` with a policy where PW.7.2 needs the check and fake.healthy, and RV.1.3
    needs repo.hygiene (the other tasks are optional)."""
    policy = write_policy(tmp_path / "policy.yaml",
                          {"PW.7.2": [check_id, "fake.healthy"], "RV.1.3": ["repo.hygiene"]},
                          {check_id: timeout})
    out = tmp_path / "out"
    code = main(["run", str(project), "--policy", str(policy), "--out", str(out), "--no-cache"])
    return code, out


def results_of(out: Path) -> dict[str, dict[str, Any]]:
    summary = json.loads((out / "summary.json").read_text())
    return {r["check_id"]: r for r in summary["results"]}


def assert_output_complete(out: Path) -> None:
    """The directory holds summary.json, one result.json per check and the evidence they name,
    each with its digest; nothing else, and nothing half-written beside it."""
    summary = json.loads((out / "summary.json").read_text())
    named = {"summary.json", OUTPUT_MARKER}
    for r in summary["results"]:
        named.add(f"checks/{r['check_id']}/result.json")
        for ev in r["evidence"]:
            named.add(ev["path"])
            data = (out / ev["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == ev["sha256"], ev["path"]
    for ev in summary["reports"]:
        named.add(ev["path"])
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert present == named, f"unexpected: {present - named}, missing: {named - present}"
    leftovers = [p.name for p in out.parent.iterdir()
                 if p.name.startswith((f".{out.name}.partial-", f".{out.name}.old-"))]
    assert not leftovers


def assert_fails_closed(code: int, out: Path, check_id: str, *reason: str) -> None:
    assert code == 3, f"exit {code}"
    results = results_of(out)
    assert results[check_id]["outcome"] == "error"
    for words in reason:
        assert words in results[check_id]["reason"], results[check_id]["reason"]
    others = {cid: r["outcome"] for cid, r in results.items() if cid != check_id}
    assert others.keys() == {"fake.healthy", "repo.hygiene"} and "error" not in others.values()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["evaluation"]["verdict"] == "incomplete"
    pw72 = next(t for t in summary["evaluation"]["tasks"] if t["task_id"] == "PW.7.2")
    assert pw72["state"] == "not_assessed"
    assert_output_complete(out)


# ---- the real SAST checks against broken tools --------------------------------------------------

SEMGREP_RULES = pytest.mark.skipif(not rule_files(), reason="rules/semgrep/ has no rule packs")
SAST = ["sast.bandit", pytest.param("sast.semgrep", marks=SEMGREP_RULES), "sast.workflows"]
TOOL_NAME = {"sast.bandit": "bandit", "sast.semgrep": "semgrep", "sast.workflows": "zizmor"}


@pytest.mark.parametrize("check_id", SAST)
def test_tool_missing(project: Path, tmp_path: Path, fake_bin: Path,
                      monkeypatch: pytest.MonkeyPatch, check_id: str) -> None:
    git = shutil.which("git")  # repo.hygiene still needs git; the SAST tools are not there
    monkeypatch.setenv("PATH", f"{fake_bin}{os.pathsep}{Path(git or '/usr/bin/git').parent}")
    code, out = run_cli(project, tmp_path, check_id)
    assert_fails_closed(code, out, check_id, "is not installed or not on PATH")


@pytest.mark.parametrize("check_id", SAST)
def test_tool_exits_non_zero(project: Path, tmp_path: Path, fake_bin: Path,
                             fake_tool: ToolMaker, check_id: str) -> None:
    fake_tool(TOOL_FILE[check_id], EXIT_2)
    code, out = run_cli(project, tmp_path, check_id)
    assert_fails_closed(code, out, check_id, f"{TOOL_NAME[check_id]} failed (exit 2)",
                        "the rules could not be loaded")


@pytest.mark.parametrize("check_id", SAST)
def test_tool_prints_invalid_json(project: Path, tmp_path: Path, fake_bin: Path,
                                  fake_tool: ToolMaker, check_id: str) -> None:
    fake_tool(TOOL_FILE[check_id], NOT_JSON)
    code, out = run_cli(project, tmp_path, check_id)
    assert_fails_closed(code, out, check_id, TOOL_NAME[check_id])


def test_zizmor_prints_sarif_without_runs(project: Path, tmp_path: Path, fake_bin: Path,
                                          fake_tool: ToolMaker) -> None:
    fake_tool("zizmor", SARIF_NO_RUNS)
    code, out = run_cli(project, tmp_path, "sast.workflows")
    assert_fails_closed(code, out, "sast.workflows", "zizmor failed")


def test_zizmor_prints_sarif_result_without_location(project: Path, tmp_path: Path,
                                                     fake_bin: Path, fake_tool: ToolMaker) -> None:
    fake_tool("zizmor", SARIF_NO_LOCATION)
    code, out = run_cli(project, tmp_path, "sast.workflows")
    assert_fails_closed(code, out, "sast.workflows", "zizmor")
    assert "internal error" not in results_of(out)["sast.workflows"]["reason"]


@pytest.mark.parametrize("check_id", ["sast.bandit",
                                      pytest.param("sast.semgrep", marks=SEMGREP_RULES)])
def test_tool_prints_json_that_is_not_a_report(project: Path, tmp_path: Path, fake_bin: Path,
                                               fake_tool: ToolMaker, check_id: str) -> None:
    fake_tool(TOOL_FILE[check_id], WRONG_SHAPE)
    code, out = run_cli(project, tmp_path, check_id)
    assert_fails_closed(code, out, check_id, TOOL_NAME[check_id])


@pytest.mark.parametrize("check_id", [*SAST, "app.isolation"])
def test_tool_hangs_past_its_timeout(project: Path, tmp_path: Path, fake_bin: Path,
                                     fake_tool: ToolMaker, check_id: str) -> None:
    pids = tmp_path / "pids"
    fake_tool(TOOL_FILE[check_id], hanging(pids))
    started = time.monotonic()
    code, out = run_cli(project, tmp_path, check_id, timeout=1)
    assert time.monotonic() - started < 20
    assert_fails_closed(code, out, check_id, "did not finish within 1 s and was stopped")
    assert len(read_pids(pids)) == 2
    assert not [p for p in read_pids(pids) if alive(p)], "a tool or its child outlived the run"


@pytest.mark.parametrize("check_id", SAST)
def test_tool_floods_its_output(project: Path, tmp_path: Path, fake_bin: Path,
                                fake_tool: ToolMaker, check_id: str) -> None:
    fake_tool(TOOL_FILE[check_id], flooding(100))  # 100 MiB on each stream, 64 MiB kept
    code, out = run_cli(project, tmp_path, check_id)
    assert_fails_closed(code, out, check_id, TOOL_NAME[check_id])


@pytest.mark.parametrize("check_id", SAST)
def test_the_same_checks_pass_with_a_working_tool(project: Path, tmp_path: Path, fake_bin: Path,
                                                  fake_tool: ToolMaker, check_id: str) -> None:
    """Control: the harness itself does not make the checks fail."""
    fake_tool(TOOL_FILE[check_id], CLEAN[check_id])
    code, out = run_cli(project, tmp_path, check_id)
    assert results_of(out)[check_id]["outcome"] == "pass"
    assert code == 0
    assert_output_complete(out)


def test_helm_failing_falls_back_to_reading_the_templates(project: Path, tmp_path: Path,
                                                          fake_bin: Path,
                                                          fake_tool: ToolMaker) -> None:
    """By design (render: auto) a helm that fails is not fatal: the chart is read statically and
    the evidence says so."""
    fake_tool("helm", EXIT_2)
    code, out = run_cli(project, tmp_path, "app.isolation")
    result = results_of(out)["app.isolation"]
    assert result["outcome"] in ("pass", "fail") and code in (0, 1)
    inventory = next(ev for ev in result["evidence"] if ev["path"].endswith("isolation.json"))
    assert "helm template failed (exit 2" in (out / inventory["path"]).read_text()
    assert_output_complete(out)


def test_helm_output_cut_at_the_limit_is_not_taken_as_complete(
        project: Path, tmp_path: Path, fake_bin: Path, fake_tool: ToolMaker) -> None:
    privileged = ("---\n# Source: demo/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n"
                  "  name: demo\n  namespace: demo\nspec:\n  containers:\n  - name: app\n"
                  "    image: ghcr.io/demo/app@sha256:" + "a" * 64 + "\n"
                  "    securityContext:\n      privileged: true\n")
    fake_tool("helm", "import sys\nfiller = b'# ' + b'x' * 1021 + b'\\n'\n"
                      "for _ in range(65 * 1024):\n    sys.stdout.buffer.write(filler)\n"
                      f"sys.stdout.write({privileged!r})\n")
    _, out = run_cli(project, tmp_path, "app.isolation")
    result = results_of(out)["app.isolation"]
    assert result["outcome"] == "error" or result["counts"], result


# ---- the pipeline's own defences, with a plug-in check around a tool on PATH --------------------

def test_plugin_tool_missing_from_path(project: Path, tmp_path: Path, fake_tool: ToolMaker) -> None:
    code, out = run_cli(project, tmp_path, "fake.tool")
    assert_fails_closed(code, out, "fake.tool", "'margo-fake-tool' is not installed or not on PATH")


def test_plugin_tool_flood_is_cut_at_the_limit(project: Path, tmp_path: Path,
                                               fake_tool: ToolMaker) -> None:
    fake_tool("margo-fake-tool", flooding(80))
    code, out = run_cli(project, tmp_path, "fake.tool")
    assert_fails_closed(code, out, "fake.tool", "the output was cut")


def test_check_stuck_in_python_is_abandoned_at_its_deadline(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("margo_ssdf.scheduler.GRACE_SECONDS", 0.0)
    started = time.monotonic()
    code, out = run_cli(project, tmp_path, "fake.stuck", timeout=1)
    assert time.monotonic() - started < 15
    assert_fails_closed(code, out, "fake.stuck", "did not finish within its timeout of 1 s")


def test_abandoned_check_cannot_write_into_the_output(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fakes: dict[str, Check]) -> None:
    monkeypatch.setattr("margo_ssdf.scheduler.GRACE_SECONDS", 0.0)
    late_written = threading.Event()

    class Late(Healthy):
        id = "fake.late"

        def run(self, ctx: CheckContext) -> CheckResult:
            time.sleep(2)  # past its 0.5 s deadline
            try:
                return super().run(ctx)
            finally:
                late_written.set()

    class Waits(Healthy):
        def run(self, ctx: CheckContext) -> CheckResult:
            late_written.wait(20)
            time.sleep(0.3)
            return super().run(ctx)

    fakes["fake.late"] = Late()
    fakes["fake.healthy"] = Waits()
    code, out = run_cli(project, tmp_path, "fake.late", timeout=0.5)
    assert code == 3
    assert_output_complete(out)


# ---- the output directory: unwritable, disk full, replaced atomically ---------------------------

@pytest.mark.parametrize("where", ["proc", "proc-self", "under-a-file"])
def test_unwritable_output_directory_exits_2_and_writes_nothing(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    # Root ignores permission bits, so use places the kernel itself refuses.
    a_file = tmp_path / "a-file"
    a_file.write_text("keep")
    out = {"proc": Path("/proc/margo-ssdf-reliability/out"),
           "proc-self": Path("/proc/self/margo-ssdf-out"),
           "under-a-file": a_file / "out"}[where]
    code = main(["run", str(project), "--check", "repo.hygiene", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and str(out) in err and "Traceback" not in err
    assert not out.exists() and a_file.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "proj"]


def _disk_full_under(monkeypatch: pytest.MonkeyPatch, root: Path,
                     only: str | None = None) -> list[str]:
    """Make every fsync of a file under `root` (whose path contains `only`) fail with ENOSPC,
    as a full disk does; returns the refused paths."""
    real_fsync = os.fsync
    refused: list[str] = []

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        if path.startswith(str(root)) and (only is None or only in path):
            refused.append(path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return refused


def test_disk_full_keeps_the_previous_output_and_leaves_no_partial_file(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(project, tmp_path, "fake.healthy")
    assert code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    refused = _disk_full_under(monkeypatch, out.parent)
    code, _ = run_cli(project, tmp_path, "fake.healthy")
    err = capsys.readouterr().err
    assert refused and code == 2 and "No space left on device" in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the earlier run's output, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "policy.yaml", "proj"]


def test_disk_full_for_one_check_is_that_checks_error(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_bin: Path,
        fake_tool: ToolMaker) -> None:
    fake_tool("python", CLEAN["sast.bandit"])
    _disk_full_under(monkeypatch, tmp_path, only="/checks/sast.bandit/.sast.bandit.sarif.")
    code, out = run_cli(project, tmp_path, "sast.bandit")
    assert_fails_closed(code, out, "sast.bandit", "No space left on device")


def test_failed_swap_keeps_the_previous_output(project: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_cli(project, tmp_path, "fake.healthy")
    assert code == 0
    before = (out / "summary.json").read_bytes()
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if Path(target) == out and self.name.startswith(".out.partial-"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    code, _ = run_cli(project, tmp_path, "fake.healthy")
    assert code == 2
    assert (out / "summary.json").is_file(), "the previous output is gone"
    assert (out / "summary.json").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


# ---- SIGINT and SIGTERM in the middle of a run --------------------------------------------------

@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_mid_run_stops_every_tool_and_keeps_the_previous_output(
        project: Path, tmp_path: Path, fake_tool: ToolMaker, signum: int, expected: int) -> None:
    pids = tmp_path / "pids"
    fake_tool("helm", hanging(pids))  # app.isolation renders the chart with helm
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text('{"earlier": "run"}')  # an earlier run's output
    (out / OUTPUT_MARKER).write_bytes(output_marker())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [PYTHON, "-m", "margo_ssdf", "run", str(project), "--check", "app.isolation",
         "--no-cache", "--out", str(out)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        # A shell without job control starts children with SIGINT ignored; undo that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while len(read_pids(pids)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(read_pids(pids)) == 2, "helm never started"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == expected, err
    assert "interrupted; no partial output was kept" in err and "Traceback" not in err
    assert json.loads((out / "summary.json").read_text()) == {"earlier": "run"}
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "summary.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    time.sleep(0.2)
    assert not [p for p in read_pids(pids) if alive(p)], "helm or its child outlived margo-ssdf"


def test_check_still_running_after_sigterm_leaves_no_partial_directory(
        project: Path, tmp_path: Path, fakes: dict[str, Check]) -> None:
    written = threading.Event()

    class Late(Healthy):
        id = "fake.late"

        def run(self, ctx: CheckContext) -> CheckResult:
            os.kill(os.getpid(), signal.SIGTERM)  # main() turns this into exit 143
            time.sleep(0.5)
            try:
                return super().run(ctx)
            finally:
                written.set()

    fakes["fake.late"] = Late()
    code, out = run_cli(project, tmp_path, "fake.late")
    written.wait(10)
    assert code == 143 and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


# ---- memory stays bounded when a tool floods its output -----------------------------------------

DRIVER = """
import json, sys
sys.path.insert(0, {repo!r})
sys.executable = {fake!r}  # `python -m bandit` now runs the flooding fake
from margo_ssdf.cli import main
code = main(["run", {project!r}, "--check", "sast.bandit", "--no-cache", "--out", {out!r}])
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(json.dumps({{"code": code, "hwm_kib": int(hwm)}}))
"""


def _peak_kib(project: Path, tmp_path: Path, fake_tool: ToolMaker, megabytes: int) -> int:
    body = flooding(megabytes) if megabytes else CLEAN["sast.bandit"]
    fake = fake_tool("python", body)
    out = tmp_path / f"out-{megabytes}"
    script = DRIVER.format(repo=str(REPO), fake=str(fake), project=str(project), out=str(out))
    proc = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{fake.parent}{os.pathsep}"
                               f"{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    reason = results_of(out)["sast.bandit"]["reason"] or ""
    assert ("not JSON" in reason) == bool(megabytes), reason
    return int(report["hwm_kib"])


def test_a_flooding_tool_does_not_grow_memory_with_its_output(
        project: Path, tmp_path: Path, fake_tool: ToolMaker,
        record_property: Any) -> None:
    quiet = _peak_kib(project, tmp_path, fake_tool, 0)
    big = _peak_kib(project, tmp_path, fake_tool, 128)
    huge = _peak_kib(project, tmp_path, fake_tool, 512)
    record_property("peak_rss_mib", {"quiet": quiet // 1024, "128 MiB x2": big // 1024,
                                     "512 MiB x2": huge // 1024})
    print(f"\npeak RSS of margo-ssdf run: quiet tool {quiet // 1024} MiB; tool printing 128 MiB "
          f"on stdout and stderr {big // 1024} MiB; 512 MiB on each {huge // 1024} MiB")
    limit = tools.DEFAULT_MAX_OUTPUT // 1024
    # Both streams are kept up to the limit, and copied once into the ToolRun: 4x the limit.
    assert big - quiet < 4 * limit + 64 * 1024
    # More output costs nothing more: what is kept does not depend on what was printed.
    assert huge - big < 32 * 1024


# ---- no input makes a command read a whole large file into memory -------------------------------

READER = """
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
{setup}
def hwm():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
before = hwm()
try:
    {call}
except Exception as exc:
    print(type(exc).__name__, file=sys.stderr)
print(hwm() - before)
"""
READERS = {
    "sha256_file (audit --artifact, attest --artifact)": (
        "from margo_ssdf.files import sha256_file", "sha256_file(Path(BIG))"),
    "vex.load": ("from margo_ssdf.vex import load", "load(Path(BIG))"),
    "yamlio.load (policy, config, triage)": (
        "from margo_ssdf import yamlio", "yamlio.load(Path(BIG))"),
    "audit (the attestation file)": (
        "from margo_ssdf.attest.audit import audit\n"
        "from margo_ssdf.attest.trust import PublicKeySigner",
        "audit(Path(BIG), PublicKeySigner(Path('k.pub')))"),
    "read_sbom (audit-sbom)": (
        "from margo_ssdf.sbom.rescan import read_sbom", "read_sbom(Path(BIG))"),
}
UNBOUNDED = {
}


@pytest.mark.parametrize("reader", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, raises=AssertionError,
                                               reason=UNBOUNDED[name]))
    if name in UNBOUNDED else name for name in READERS])
def test_a_large_input_is_not_read_whole_into_memory(tmp_path: Path, reader: str) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(128 << 20)  # sparse: 128 MiB of zeros, instant to make
    setup, call = READERS[reader]
    script = READER.format(repo=str(REPO), setup=f"BIG = {str(big)!r}\n{setup}", call=call)
    proc = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr
    grew_mib = int(proc.stdout.split()[-1]) / 1024
    assert grew_mib < 32, f"{reader} grew by {grew_mib:.0f} MiB on a 128 MiB input"
