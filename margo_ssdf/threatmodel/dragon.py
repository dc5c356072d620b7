"""OWASP Threat Dragon models (JSON): version 1 (`diagramJson.cells[].threats`) and version 2
(`cells[].data.threats`)."""

from __future__ import annotations

from typing import Any

from margo_ssdf.threatmodel.model import ModelError, Threat, normalise_priority, normalise_state


def is_threat_dragon(data: Any) -> bool:
    """Shaped like a Threat Dragon model: summary, and detail with diagrams."""
    return isinstance(data, dict) and isinstance(data.get("summary"), dict) and \
        isinstance(data.get("detail"), dict) and isinstance(data["detail"].get("diagrams"), list)


def _dragon_threat(raw: Any) -> Threat | None:
    if not isinstance(raw, dict):
        return None
    return Threat(title=str(raw.get("title") or raw.get("description") or ""),
                  state=normalise_state(str(raw.get("status") or "")),
                  priority=normalise_priority(str(raw.get("severity") or raw.get("priority")
                                                  or "")))


_JSON_NAMES = {dict: "an object", list: "an array"}


def _member(holder: Any, key: str, kind: type[dict[str, Any]] | type[list[Any]], where: str,
            rel: str) -> Any:
    """`holder[key]` when it has the JSON type a Threat Dragon model gives it (empty if absent)."""
    value = holder.get(key) if isinstance(holder, dict) else None
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise ModelError(f"{rel}: {where}.{key} must be {_JSON_NAMES[kind]}, not "
                         f"{type(value).__name__}; this is not a model Threat Dragon wrote.")
    return value


def _threats_in(holder: Any, where: str, rel: str) -> list[Threat]:
    return [t for t in map(_dragon_threat, _member(holder, "threats", list, where, rel))
            if t is not None]


def parse_threat_dragon(data: dict[str, Any], rel: str) -> tuple[str, list[Threat]]:
    """(format, threats) of a Threat Dragon model of version 1 or 2."""
    version = data.get("version")
    diagrams = [d for d in data["detail"]["diagrams"] if isinstance(d, dict)]
    if version is None:
        if any("diagramJson" not in d for d in diagrams):
            raise ModelError(f"{rel}: a Threat Dragon model without a 'version' must use the "
                             "version 1 layout (diagrams[].diagramJson); open and save it in "
                             "Threat Dragon 2 to upgrade it.")
        major = "1"
    else:
        major = str(version).split(".", 1)[0].strip()
    threats: list[Threat] = []
    if major == "1":
        for i, d in enumerate(diagrams):
            where = f"detail.diagrams[{i}].diagramJson"
            diagram = _member(d, "diagramJson", dict, f"detail.diagrams[{i}]", rel)
            for j, cell in enumerate(_member(diagram, "cells", list, where, rel)):
                threats += _threats_in(cell, f"{where}.cells[{j}]", rel)
        return "threat-dragon-v1", threats
    if major == "2":
        for i, d in enumerate(diagrams):
            cells = d.get("cells")
            if not isinstance(cells, list):
                raise ModelError(f"{rel}: diagram {i} has no 'cells' list, which the version "
                                 f"{version} layout requires.")
            for j, cell in enumerate(cells):
                where = f"detail.diagrams[{i}].cells[{j}]"
                threats += _threats_in(_member(cell, "data", dict, where, rel), where + ".data",
                                       rel)
        return "threat-dragon-v2", threats
    raise ModelError(f"{rel}: Threat Dragon version '{version}' is not supported (versions 1.x "
                     "and 2.x are).")
