"""The reliability suite's shared pieces: fake tools on PATH, a small policy, the fuzz tally."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from margo_ssdf import catalog
from tests.reliability.fuzzing import KNOWN_BUGS, TALLY

ToolMaker = Callable[[str, str], Path]
PYTHON = sys.executable
"""The real interpreter, for fake tools' shebangs (some tests point sys.executable elsewhere)."""


@pytest.fixture
def tool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bin directory for fake tools, first on PATH."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', os.defpath)}")
    return bin_dir


@pytest.fixture
def fake_tool(tool_dir: Path) -> ToolMaker:
    """Write `name` as a Python script in the fake bin directory; returns its path."""

    def make(name: str, body: str) -> Path:
        path = tool_dir / name
        path.write_text(f"#!{PYTHON}\n{body}")
        path.chmod(0o755)
        return path

    return make


def write_policy(path: Path, required: dict[str, list[str]], timeouts: dict[str, float],
                 ) -> Path:
    """A complete policy: the given tasks require the given checks; every other task is optional."""
    lines = ["name: reliability", "checks:"]
    lines += [f"  {cid}: {{timeout: {t}}}" for cid, t in timeouts.items()] or ["  {}"]
    lines.append("tasks:")
    for tid in catalog.ssdf().tasks:
        if tid in required:
            lines.append(f"  {tid}: {{checks: [{', '.join(required[tid])}]}}")
        else:
            lines.append(f"  {tid}: {{required: false}}")
    path.write_text("\n".join(lines) + "\n")
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What the fuzz and tamper suites tried; for docs/reliability.md."""
    _tamper_summary(terminalreporter)
    if not TALLY:
        return
    tr = terminalreporter
    tr.section("fuzz targets")
    total = 0
    for target, tally in sorted(TALLY.items()):
        total += tally.examples
        refused = ", ".join(f"{k} {v}" for k, v in tally.refused.most_common()) or "none"
        known = ", ".join(f"{k} {v}" for k, v in sorted(tally.known.items())) or "none"
        if target.startswith("atheris"):  # libFuzzer reports runs only
            tr.write_line(f"{target}: {tally.examples} runs; known bugs hit: {known}")
            continue
        tr.write_line(f"{target}: {tally.examples} examples, slowest {tally.slowest:.3f}s; "
                      f"refused: {refused}; known bugs hit: {known}")
    tr.write_line(f"total: {total} examples over {len(TALLY)} targets "
                  f"({len(KNOWN_BUGS)} known bugs listed in tests/reliability/fuzzing.py)")
    report = os.environ.get("MARGO_SSDF_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({
            t: {"examples": v.examples, "refused": dict(v.refused), "known": dict(v.known),
                "slowest": round(v.slowest, 4)} for t, v in sorted(TALLY.items())}, indent=2))


def _tamper_summary(tr: pytest.TerminalReporter) -> None:
    from tests.reliability.test_tamper import TRIED

    if not TRIED.positions:
        return
    tr.section("tamper positions")
    for target, count in sorted(TRIED.positions.items()):
        same = TRIED.same_value[target]
        tr.write_line(f"{target}: {count} of {TRIED.sizes[target]} positions changed"
                      + (f", {same} left the same JSON value" if same else ""))
    for what, count in sorted(TRIED.unverifiable.items()):
        tr.write_line(f"accepted, in a part no offline verifier checks: {what}: {count}")
    tr.write_line(f"total: {sum(TRIED.positions.values())} single-byte changes audited")
