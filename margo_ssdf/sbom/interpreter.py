"""Another interpreter's installed distributions, as `cyclonedx-py environment PATH` lists
them: the interpreter only prints its import path; the metadata is read here, in-process."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from margo_ssdf import tools
from margo_ssdf.errors import ToolError
from margo_ssdf.sbom.build import SbomError, environment

INTERPRETER_TIMEOUT = 60.0
"""Seconds for the interpreter to start and print its path."""

# -I: neither PYTHON* variables nor the user's site directory change what it reports.
_SCRIPT = "import json, sys; print(json.dumps([p for p in sys.path if p]))"


def interpreter_paths(python: Path) -> list[Path]:
    """The directories on `python`'s import path (its site-packages among them)."""
    fix = "Give --python the path of a Python interpreter, e.g. .venv/bin/python."
    if not python.is_file():
        raise SbomError(f"{python}: no such interpreter.", fix=fix)
    try:
        run = tools.run([str(python), "-I", "-c", _SCRIPT], timeout=INTERPRETER_TIMEOUT)
    except ToolError as exc:
        raise SbomError(f"{python}: could not be run: {exc.message}", fix=fix) from exc
    try:
        paths = json.loads(run.stdout) if run.returncode == 0 else None
    except ValueError:
        paths = None
    if not isinstance(paths, list):
        raise SbomError(f"{python}: did not report its import path (exit {run.returncode}: "
                        f"{run.stderr.decode(errors='replace').strip()[:200]}).", fix=fix)
    return [Path(p) for p in paths if isinstance(p, str) and Path(p).is_dir()]


def interpreter_environment(python: Path) -> list[metadata.Distribution]:
    """The distributions installed for `python`, read from its import path."""
    return environment(interpreter_paths(python))
