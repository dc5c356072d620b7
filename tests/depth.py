"""How deep the property, fuzz and tamper campaigns go.

Tests marked `deep` run in every pytest run, at a reduced depth by default so the README's test
command stays short; `MARGO_SSDF_DEEP=1` gives them their full depth, as `.ci/run` does in a
second invocation (`MARGO_SSDF_DEEP=1 pytest -m deep`). The campaigns' own variables
(`MARGO_SSDF_FUZZ_EXAMPLES`, `MARGO_SSDF_TAMPER_SMALL`, ...) still override both.
"""

from __future__ import annotations

import os

DEEP = os.environ.get("MARGO_SSDF_DEEP") == "1"


def depth(full: int, quick: int) -> int:
    """`full` in the deep tier, else `quick`."""
    return full if DEEP else quick
