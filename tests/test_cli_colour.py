"""NO_COLOR and FORCE_COLOR on both streams: results on stdout, diagnostics on stderr."""

from __future__ import annotations

import io
import os
import pty
import sys
from collections.abc import Callable

import pytest
from rich.console import Console

from margo_ssdf.cli import common

ESC = "\x1b["


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # a dumb TERM would mean no colour anyway


CONSOLES: dict[str, tuple[str, Callable[[], Console]]] = {
    "stdout": ("stdout", common.out_console), "stderr": ("stderr", common.err_console)}


def _printed(monkeypatch: pytest.MonkeyPatch, which: str, *, tty: bool) -> str:
    name, make = CONSOLES[which]
    stream = _Stream(tty)
    monkeypatch.setattr(sys, name, stream)
    make().print("[red]red[/red]")
    return stream.getvalue()


@pytest.mark.parametrize("which", CONSOLES)
def test_colour_only_on_a_terminal_by_default(monkeypatch: pytest.MonkeyPatch,
                                              which: str) -> None:
    assert ESC in _printed(monkeypatch, which, tty=True)
    assert ESC not in _printed(monkeypatch, which, tty=False)


@pytest.mark.parametrize("which", CONSOLES)
def test_no_color_wins_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC + "31m" not in _printed(monkeypatch, which, tty=True)
    assert "\x1b[3" not in _printed(monkeypatch, which, tty=True)  # no foreground colour


@pytest.mark.parametrize("which", CONSOLES)
def test_force_color_colours_a_pipe(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESC in _printed(monkeypatch, which, tty=False)


def test_empty_values_do_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.setenv("FORCE_COLOR", "")
    assert ESC in _printed(monkeypatch, "stdout", tty=True)
    assert ESC not in _printed(monkeypatch, "stdout", tty=False)


def test_no_color_on_a_real_pseudo_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The case: stdout a real terminal, NO_COLOR set, and colour codes still came.
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", closefd=True) as tty:
        monkeypatch.setattr(sys, "stdout", tty)
        assert tty.isatty()
        monkeypatch.setenv("NO_COLOR", "1")
        common.out_console().print("[red]plain[/red]")
        monkeypatch.delenv("NO_COLOR")
        common.out_console().print("[red]coloured[/red]")
        tty.flush()
    text = ""
    while "coloured" not in text:
        text += os.read(master, 4096).decode()
    os.close(master)
    plain, coloured = text.split("\n", 1)
    assert "plain" in plain and "\x1b[31m" not in plain
    assert "\x1b[31m" in coloured


def test_forced_colour_is_no_live_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr(sys, "stderr", _Stream(False))
    assert not common.interactive_stderr()
