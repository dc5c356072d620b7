"""What the fuzz tests share: the example budget, the "only our errors" property, a tally.

The property every parser must keep: whatever the input, it returns, or it raises the error
type its public function documents (a `MargoError`, or the `ValueError` subclasses the checks
catch), with a message; and it returns within `HANG_SECONDS`.

Bugs already reported are listed in `KNOWN_BUGS`. An exception that matches one of them is
tallied instead of failing the fuzz run, so fuzzing keeps looking for new bugs meanwhile; each
known bug also has a strict xfail test with its input, which starts failing (XPASS) the day
the bug is fixed. Then delete the xfail marker and the entry here.

    MARGO_SSDF_FUZZ_EXAMPLES=5000 MARGO_SSDF_FUZZ_RANDOM=1 pytest tests/reliability/test_fuzz.py
runs a deeper, non-deterministic campaign. `.ci/run` runs 200 examples per target,
derandomized (`MARGO_SSDF_DEEP=1`, see tests/depth.py); the README's test command a quarter.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

import margo_ssdf
from tests.depth import DEEP, depth

BUDGET = int(os.environ.get("MARGO_SSDF_FUZZ_EXAMPLES", depth(200, 50)))
"""Examples per fuzz target."""
RANDOM = os.environ.get("MARGO_SSDF_FUZZ_RANDOM") == "1"
HANG_SECONDS = 10
"""An input that keeps a parser busy longer than this is a hang."""

_PACKAGE = str(Path(margo_ssdf.__file__).parent)


def fuzz_settings(examples: int | None = None) -> settings:
    """Bounded, reproducible settings: the same examples on every CI run."""
    return settings(
        max_examples=_scaled(examples) or BUDGET, deadline=None, derandomize=not RANDOM,
        database=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )


def _scaled(examples: int | None) -> int | None:
    """A target's own budget, a quarter of it outside the deep tier."""
    if examples is None or DEEP or "MARGO_SSDF_FUZZ_EXAMPLES" in os.environ:
        return examples
    return max(examples // 4, 10)


@dataclass
class Tally:
    """What one fuzz target saw."""

    examples: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    """Inputs refused with the documented error, by error type."""
    known: Counter[str] = field(default_factory=Counter)
    """Inputs that hit an already reported bug, by bug id."""
    slowest: float = 0.0


TALLY: dict[str, Tally] = {}


class Hang(Exception):
    """A parser ran past HANG_SECONDS on one input."""


@contextlib.contextmanager
def no_hang(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Turn a parser that runs too long into a failure instead of a stuck CI job."""

    def expired(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class KnownBug:
    """A reported bug: the exceptions it lets escape and where they escape from."""

    id: str
    where: str
    fix: str
    escapes: tuple[tuple[type[BaseException], str], ...]
    """(exception type, "module.py:function" the exception leaves margo_ssdf from) pairs."""


_SHAPE = (AttributeError, TypeError, KeyError, ValueError, IndexError, RecursionError)


def _at(module: str, *functions: str,
        kinds: tuple[type[BaseException], ...] = _SHAPE) -> tuple[tuple[type[BaseException], str],
                                                                   ...]:
    return tuple((kind, f"{module}:{name}") for name in functions for kind in kinds)


# Empty since K5 and K8 were fixed; a newly found bug goes here with its strict xfail test.
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def _escapes_from(exc: BaseException) -> str | None:
    """The innermost margo_ssdf function (not a comprehension) the exception passed through."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(_PACKAGE) and not frame.name.startswith("<"):
            return f"{Path(frame.filename).name}:{frame.name}"
    return None


def known_bug(exc: BaseException) -> str | None:
    """The id of the reported bug this exception is an instance of, if any."""
    where = _escapes_from(exc)
    for bug in KNOWN_BUGS:
        if any(isinstance(exc, kind) and where == name for kind, name in bug.escapes):
            return bug.id
    return None


def only_our_errors(target: str, allowed: tuple[type[BaseException], ...],
                    fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call fn; it may return or raise `allowed` with a message, nothing else, and not hang."""
    tally = TALLY.setdefault(target, Tally())
    tally.examples += 1
    started = time.perf_counter()
    try:
        with no_hang():
            return fn(*args, **kwargs)
    except allowed as exc:
        assert str(exc).strip(), f"{type(exc).__name__} raised without a message"
        tally.refused[type(exc).__name__] += 1
        return None
    except Hang:
        raise
    except Exception as exc:
        bug = known_bug(exc)
        if bug is None:
            raise
        tally.known[bug] += 1
        return None
    finally:
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
