"""Validating our OSCAL documents: NIST's JSON schema (vendored) and `trestle validate`."""

from __future__ import annotations

import functools
import json
import re
import subprocess  # nosec B404: list argv, no shell, a timeout
import sys
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = Path(__file__).parent / "data" / "oscal_complete_schema-1.2.3.json"
SCHEMA_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"

# NIST's patterns use Unicode classes that Python's re lacks; these are their re equivalents.
_CLASSES = {r"\p{L}": r"[^\W\d_]", r"\p{N}": r"\d"}


def _python_pattern(pattern: str) -> str:
    for k, v in _CLASSES.items():
        pattern = pattern.replace(k, v)
    return pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if isinstance(instance, str) and not re.search(_python_pattern(pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _validator() -> Any:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    base = jsonschema.Draft7Validator
    cls = jsonschema.validators.extend(base, {"pattern": _pattern})
    return cls(schema, format_checker=base.FORMAT_CHECKER)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Every way `document` breaks NIST's OSCAL 1.2.3 JSON schema, as 'path: message'."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors]


def trestle_validate(document: Path, kind: str,
                     workspace: Path) -> subprocess.CompletedProcess[str]:
    """`trestle init` in `workspace`, `trestle import` the file, `trestle validate` it."""
    def trestle(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "trestle", *args], cwd=workspace,
                              capture_output=True, text=True, timeout=180, check=False)

    workspace.mkdir(parents=True, exist_ok=True)
    for step in (("init",), ("import", "-f", str(document), "-o", "doc")):
        done = trestle(*step)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    folder = {"catalog": "catalogs", "component-definition": "component-definitions",
              "assessment-results": "assessment-results"}[kind]
    return trestle("validate", "-f", str(workspace / folder / "doc" / f"{kind}.json"))
