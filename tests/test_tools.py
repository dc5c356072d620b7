import sys
import time

import pytest

from margo_ssdf import tools
from margo_ssdf.errors import ToolError


def test_runs_argv_and_captures_output() -> None:
    code = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"
    run = tools.run([sys.executable, "-c", code], timeout=30)
    assert (run.stdout.strip(), run.stderr.strip(), run.returncode) == (b"out", b"err", 3)
    assert not run.truncated


def test_missing_tool_is_a_tool_error() -> None:
    with pytest.raises(ToolError, match="not installed or not on PATH"):
        tools.run(["margo-ssdf-no-such-tool-xyz"], timeout=5)


def test_timeout_kills_the_whole_process_group() -> None:
    started = time.monotonic()
    code = ("import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
            "time.sleep(60)")
    with pytest.raises(ToolError, match="did not finish within 1 s"):
        tools.run([sys.executable, "-c", code], timeout=1)
    assert time.monotonic() - started < 15  # neither the child nor its grandchild held us


def test_output_is_bounded() -> None:
    code = "import sys; sys.stdout.write('x' * 5_000_000)"
    run = tools.run([sys.executable, "-c", code], timeout=30, max_output=1000)
    assert len(run.stdout) == 1000 and run.truncated and run.returncode == 0


def test_tool_environment_drops_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_fake_secret_value")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-aws-secret")
    code = "import os; print(sorted(os.environ))"
    run = tools.run([sys.executable, "-c", code], timeout=30)
    assert b"GITHUB_TOKEN" not in run.stdout and b"AWS_SECRET" not in run.stdout
    assert b"PATH" in run.stdout
