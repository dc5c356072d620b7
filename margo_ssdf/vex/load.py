"""Finding VEX documents in a project and reading one whatever its format."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from margo_ssdf.vex._json import read_json
from margo_ssdf.vex.cyclonedx import is_cyclonedx, read_cyclonedx
from margo_ssdf.vex.model import VexError, VexStatement
from margo_ssdf.vex.openvex import OPENVEX_CONTEXT, is_openvex, read_openvex

VEX_SUFFIXES = (".openvex.json", ".vex.json")
"""File names that say "VEX" wherever they are (`.cdx.vex.json` ends in `.vex.json`)."""
VEX_DIRECTORIES = ("vex", ".vex")
"""Top-level directories whose `*.json` files are VEX documents."""


def load(path: str | os.PathLike[str]) -> list[VexStatement]:
    """The statements of one OpenVEX or CycloneDX VEX JSON document, in file order.

    Raises VexError, naming the file and the field, for anything that is not a readable VEX
    document of a supported version.
    """
    source = os.fspath(path)
    data = read_json(path)
    if is_openvex(data):
        return read_openvex(source, data)
    if is_cyclonedx(data):
        return read_cyclonedx(source, data)
    raise VexError(_unknown_format(data), file=source, field=_telling_field(data),
                   fix="Write VEX as OpenVEX v0.2.0 (\"@context\": \"" + OPENVEX_CONTEXT
                       + "\") or as CycloneDX 1.4-1.6 JSON (\"bomFormat\": \"CycloneDX\").")


def _unknown_format(data: Any) -> str:
    if not isinstance(data, dict):
        return "is not a VEX document: the top level must be a JSON object."
    document = data.get("document")
    if isinstance(document, dict) and "csaf_version" in document:
        return "is a CSAF document; CSAF VEX is not read."
    if "spdxVersion" in data:
        return "is an SPDX document, which carries no VEX statements."
    if "@context" in data:
        return f"has the @context {data['@context']!r}, which is not OpenVEX."
    if "bomFormat" in data:
        return f"has the bomFormat {data['bomFormat']!r}, which is not CycloneDX."
    return "is neither OpenVEX (no '@context') nor CycloneDX (no 'bomFormat')."


def _telling_field(data: Any) -> str | None:
    if isinstance(data, dict):
        for key in ("@context", "bomFormat"):
            if key in data:
                return key
        return "@context"
    return None


def discover(files: Iterable[str]) -> list[str]:
    """Which of the project-relative paths look like VEX documents by their name, sorted.

    A file qualifies by its name anywhere in the tree (`*.openvex.json`, `*.vex.json`,
    `*.cdx.vex.json`), or by being a `*.json` directly inside a top-level `vex/` or `.vex/`.
    Deeper directories called `vex` are not taken: they are usually code or test data (a
    package named vex), not the project's own statements.
    """
    found: set[str] = set()
    for file in files:
        path = PurePosixPath(file.replace("\\", "/"))
        name = path.name.lower()
        if not name.endswith(".json"):
            continue
        parts = path.parts
        if name.endswith(VEX_SUFFIXES) or (len(parts) == 2 and parts[0] in VEX_DIRECTORIES):
            found.add(file)
    return sorted(found)
