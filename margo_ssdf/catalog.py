"""The SSDF catalogue: practice groups, practices and tasks of SP 800-218 v1.1, read from data."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Task:
    """One SSDF task, e.g. PW.7.2."""

    id: str
    """NIST's id."""
    title: str
    """Our short summary of what the task asks."""
    practice_id: str
    """The practice it belongs to, e.g. PW.7."""
    group_id: str
    """The practice group: PO, PS, PW or RV."""


@dataclass(frozen=True)
class Practice:
    """One SSDF practice, e.g. PW.7."""

    id: str
    title: str
    group_id: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Group:
    """One of the four practice groups."""

    id: str
    title: str
    practices: tuple[Practice, ...]


@dataclass(frozen=True)
class Catalog:
    """The whole framework, in NIST's order."""

    framework: str
    version: str
    source: str
    groups: tuple[Group, ...]

    @functools.cached_property
    def tasks(self) -> dict[str, Task]:
        """Every task by id, in catalogue order."""
        return {t.id: t for g in self.groups for p in g.practices for t in p.tasks}

    @functools.cached_property
    def practices(self) -> dict[str, Practice]:
        """Every practice by id, in catalogue order."""
        return {p.id: p for g in self.groups for p in g.practices}


def _parse(raw: dict[str, Any]) -> Catalog:
    groups = []
    for g in raw["groups"]:
        practices = []
        for p in g["practices"]:
            tasks = tuple(
                Task(id=tid, title=title, practice_id=p["id"], group_id=g["id"])
                for tid, title in p["tasks"].items()
            )
            practices.append(Practice(p["id"], p["title"], g["id"], tasks))
        groups.append(Group(g["id"], g["title"], tuple(practices)))
    return Catalog(raw["framework"], str(raw["version"]), raw["source"], tuple(groups))


@functools.cache
def ssdf() -> Catalog:
    """The SSDF v1.1 catalogue shipped with the package."""
    text = resources.files("margo_ssdf").joinpath("data/ssdf-1.1.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text))
