"""The one way margo-ssdf runs an external program.

List argv only (never a shell), a timeout on every call, the whole process group killed when it
expires, captured output bounded so a runaway tool cannot exhaust memory, and an environment
built from an allow-list so tokens in the caller's environment never reach a tool.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO

from margo_ssdf.errors import ToolError

# Process groups still running, so an interrupted run can stop every scanner it started.
_live_groups: set[int] = set()
_live_lock = threading.Lock()

DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024

# Variables a tool may need to find itself, its locale and a temp dir; nothing else is passed on.
_ENV_ALLOW = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TEMP", "TMP", "TZ",
              "SYSTEMROOT", "VIRTUAL_ENV", "PYTHONIOENCODING")


@dataclass(frozen=True)
class ToolRun:
    """The outcome of one finished program run."""

    argv: tuple[str, ...]
    """What was run."""
    returncode: int
    """The exit status."""
    stdout: bytes
    """Standard output, at most `max_output` bytes of it."""
    stderr: bytes
    """Standard error, at most `max_output` bytes of it."""
    truncated: bool
    """True when either stream was cut at `max_output`."""
    seconds: float
    """Wall time of the run."""

    def stderr_tail(self, limit: int = 2000) -> str:
        """The end of stderr as text, for an error message."""
        return self.stderr[-limit:].decode("utf-8", "replace").strip()


def tool_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a tool sees: the allow-list, plus what the caller adds."""
    env = {k: os.environ[k] for k in _ENV_ALLOW if k in os.environ}
    env.setdefault("PATH", os.defpath)
    if extra:
        env.update(extra)
    return env


def executable(name: str) -> str:
    """A console script installed beside margo-ssdf (same venv), else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise ToolError(f"'{name}' is not installed or not on PATH.",
                        fix="Reinstall margo-ssdf, which depends on it, or skip the check.")
    return found


def python_tool(module: str) -> list[str]:
    """argv prefix that runs a Python tool installed beside margo-ssdf."""
    return [sys.executable, "-m", module]


def _drain(stream: IO[bytes], sink: bytearray, limit: int, cut: list[bool]) -> None:
    # Keep reading after the limit so the child never blocks on a full pipe.
    while chunk := stream.read(65536):
        room = limit - len(sink)
        if room > 0:
            sink += chunk[:room]
        if len(chunk) > max(room, 0):
            cut[0] = True
    stream.close()


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    max_output: int = DEFAULT_MAX_OUTPUT,
    stdin: bytes | None = None,
) -> ToolRun:
    """Run argv and return its output; raise ToolError if it is missing or times out.

    A non-zero exit is not an error here: many scanners exit 1 when they find something, so
    the caller decides what the exit status means.
    """
    argv = tuple(str(a) for a in argv)
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(env) if env is not None else tool_env(),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout kills its children too
        )
    except FileNotFoundError as exc:
        raise ToolError(
            f"'{argv[0]}' is not installed or not on PATH.",
            fix="Install it (it is a dependency of margo-ssdf: reinstall margo-ssdf) "
            "or skip the check with --skip.",
        ) from exc
    except OSError as exc:
        raise ToolError(f"'{argv[0]}' could not be started: {exc.strerror}.") from exc

    with _live_lock:
        _live_groups.add(proc.pid)
    try:
        return _communicate(proc, argv, stdin, timeout, max_output, started)
    finally:
        with _live_lock:
            _live_groups.discard(proc.pid)


def _communicate(proc: subprocess.Popen[bytes], argv: tuple[str, ...], stdin: bytes | None,
                 timeout: float, max_output: int, started: float) -> ToolRun:
    out, err = bytearray(), bytearray()
    cut = [False]
    assert proc.stdout is not None and proc.stderr is not None
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, out, max_output, cut), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, err, max_output, cut), daemon=True),
    ]
    for r in readers:
        r.start()
    if stdin is not None and proc.stdin is not None:
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ToolError(
            f"'{Path(argv[0]).name}' did not finish within {timeout:g} s and was stopped.",
            stderr=err.decode("utf-8", "replace"),
            fix="Raise the check's 'timeout' in the policy, or exclude large generated files.",
        ) from None
    except BaseException:
        _kill_group(proc)  # Ctrl-C or SIGTERM: never leave a scanner running behind us
        raise
    for r in readers:
        r.join(timeout=5)
    return ToolRun(argv, proc.returncode, bytes(out), bytes(err), cut[0],
                   time.monotonic() - started)


def stop_all() -> None:
    """Kill every tool still running (on Ctrl-C, SIGTERM or an abandoned check)."""
    with _live_lock:
        groups = list(_live_groups)
    for pgid in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


@functools.cache
def distribution_version(name: str) -> str:
    """Version of an installed Python distribution, or 'unknown'."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
