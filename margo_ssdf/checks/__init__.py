"""Check registry: built-in and third-party checks register the same way, by entry point.

A package adds a check with
    [project.entry-points."margo_ssdf.checks"]
    "my.check" = "my_package.module:MyCheck"
where the entry point's name is the check's id.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import metadata
from types import MappingProxyType

from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.errors import MargoError

ENTRY_POINT_GROUP = "margo_ssdf.checks"

__all__ = ["ENTRY_POINT_GROUP", "Check", "CheckContext", "registry"]


@functools.cache
def registry() -> Mapping[str, Check]:
    """Every installed check by id, sorted by id.

    Read once, where a run is set up (the command line, a library caller), and handed down;
    read-only, so a test builds its own set of checks instead of changing this one.
    """
    found: dict[str, Check] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plug-in must not take the others down
            raise MargoError(
                f"the check plug-in '{ep.name}' ({ep.value}) failed to load: {exc}.",
                fix="Reinstall or uninstall the package that provides it.",
            ) from exc
        if not (isinstance(cls, type) and issubclass(cls, Check)):
            raise MargoError(f"the check plug-in '{ep.name}' ({ep.value}) is not a Check class.")
        if cls.id != ep.name:
            raise MargoError(
                f"the check plug-in '{ep.name}' ({ep.value}) declares the id '{cls.id}'; "
                "the entry point's name must equal the check's id."
            )
        found.setdefault(ep.name, cls())
    return MappingProxyType(dict(sorted(found.items())))
