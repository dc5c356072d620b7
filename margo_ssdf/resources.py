"""Where the bundled rules live, in a wheel and in a source checkout."""

from __future__ import annotations

import functools
from pathlib import Path

from margo_ssdf.errors import MargoError


@functools.cache
def rules_dir() -> Path:
    """The `rules/` directory: packaged as margo_ssdf/_rules in a wheel, top level in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if (candidate / "policy" / "default.yaml").is_file():
            return candidate
    raise MargoError(
        "the bundled rules are missing from this installation.",
        fix="Reinstall margo-ssdf (pip install --force-reinstall margo-ssdf).",
    )
