"""Progress of a run: a live display on a terminal, plain lines in a CI log."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from rich.console import Console
from rich.status import Status

from margo_ssdf.models import CheckResult


class PlainProgress:
    """One line per event, no control characters: for logs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self._t0: dict[str, float] = {}
        self._lock = threading.Lock()

    def started(self, check_id: str) -> None:
        self._t0[check_id] = time.monotonic()
        self._say(f"[margo-ssdf] {check_id}: started")

    def finished(self, result: CheckResult) -> None:
        secs = time.monotonic() - self._t0.get(result.check_id, time.monotonic())
        extra = " (cached)" if result.cached else ""
        reason = f": {result.reason}" if result.reason else ""
        self._say(f"[margo-ssdf] {result.check_id}: {result.outcome.value}{extra} "
                  f"in {secs:.1f}s{reason}")

    def _say(self, line: str) -> None:
        with self._lock:
            print(line.replace("\x1b", ""), file=self.stream, flush=True)


class LiveProgress:
    """A spinner naming the checks still running, and a line as each finishes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.running: list[str] = []
        self.status: Status | None = None

    def __enter__(self) -> LiveProgress:
        self.status = self.console.status("starting checks")
        self.status.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.status:
            self.status.stop()

    def started(self, check_id: str) -> None:
        self.running.append(check_id)
        self._update()

    def finished(self, result: CheckResult) -> None:
        if result.check_id in self.running:
            self.running.remove(result.check_id)
        extra = " (cached)" if result.cached else ""
        self.console.print(f"  {result.check_id}: {result.outcome.value}{extra}",
                           highlight=False, markup=False)
        self._update()

    def _update(self) -> None:
        if self.status:
            self.status.update("running " + ", ".join(self.running) if self.running else "done")
