"""Margo application packages: `kind: ApplicationDescription` (usually `margo.yaml`).

A description names its vendor and how the app is deployed: `helm` components (a chart
`repository` and `revision`) and `compose` components (a `packageLocation` archive and the
`keyLocation` of the key that signed it). Older drafts call them `helm.v3` and `docker-compose`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from margo_ssdf.isolation.documents import Document
from margo_ssdf.isolation.rules import Issue

KIND = "ApplicationDescription"
HELM_TYPES = ("helm", "helm.v3")
COMPOSE_TYPES = ("compose", "docker-compose")
_RANGE = re.compile(r"[\^~*<>=|,\s]|(?:^|\.)[xX](?:$|\.)")


def exact_version(value: Any) -> bool:
    """A version that names one release: not empty, not `latest`, not a range."""
    text = str(value).strip() if value is not None else ""
    return bool(text) and text.lower() != "latest" and not _RANGE.search(text)


def plain_http(url: Any) -> bool:
    return isinstance(url, str) and url.strip().lower().startswith("http://")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class AppDescription:
    """What the inventory records about one application description."""

    path: str
    app_id: str | None
    name: str | None
    vendor: str | None
    """The publishing organisation (or first author): the unit of multi-vendor isolation."""
    profiles: tuple[tuple[str, str | None, tuple[str, ...]], ...]
    """(type, id, component names) of each deployment profile."""

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "id": self.app_id, "name": self.name, "vendor": self.vendor,
                "deploymentProfiles": [{"type": t, "id": i, "components": list(c)}
                                       for t, i, c in self.profiles]}


def is_description(doc: Document) -> bool:
    return isinstance(doc.data, dict) and doc.data.get("kind") == KIND


def describe(doc: Document) -> AppDescription:
    """The inventory entry of an application description document."""
    data = _map(doc.data)
    meta = _map(data.get("metadata"))
    catalog = _map(meta.get("catalog"))
    vendor = None
    for key in ("organization", "author"):
        first = _map((_list(catalog.get(key)) or [None])[0])
        if isinstance(first.get("name"), str) and first["name"].strip():
            vendor = first["name"].strip()
            break
    profiles = []
    for p in _list(data.get("deploymentProfiles")):
        p = _map(p)
        names = tuple(str(_map(c).get("name", "")) for c in _list(p.get("components")))
        pid = p.get("id")
        profiles.append((str(p.get("type", "")), str(pid) if pid is not None else None, names))
    app_id = data.get("id")
    name = meta.get("name")
    return AppDescription(path=doc.path, app_id=str(app_id) if app_id is not None else None,
                          name=str(name) if name is not None else None, vendor=vendor,
                          profiles=tuple(profiles))


def analyse(doc: Document) -> list[Issue]:
    """Package-integrity issues of an application description's deployment profiles."""
    out: list[Issue] = []
    data = _map(doc.data)
    for i, profile in enumerate(_list(data.get("deploymentProfiles"))):
        kind = str(_map(profile).get("type", ""))
        for j, component in enumerate(_list(_map(profile).get("components"))):
            at = ("deploymentProfiles", i, "components", j)
            name = _map(component).get("name", j)
            props = _map(_map(component).get("properties"))
            if kind in COMPOSE_TYPES:
                out += _compose(doc, at, f"compose component '{name}'", props)
            elif kind in HELM_TYPES:
                out += _helm(doc, at, f"helm component '{name}'", props)
    return out


def _compose(doc: Document, at: tuple[str | int, ...], who: str,
             props: dict[str, Any]) -> list[Issue]:
    out = []
    location = props.get("packageLocation")
    if location and not props.get("keyLocation"):
        out.append(Issue("package-unsigned", doc.path,
                         doc.line(*at, "properties", "packageLocation"),
                         f"{who} has a packageLocation but no keyLocation; sign the archive "
                         "and add keyLocation"))
    for key in ("packageLocation", "keyLocation"):
        if plain_http(props.get(key)):
            out.append(Issue("package-http", doc.path, doc.line(*at, "properties", key),
                             f"{who} fetches its {key} over plain HTTP; use https://"))
    return out


def _helm(doc: Document, at: tuple[str | int, ...], who: str,
          props: dict[str, Any]) -> list[Issue]:
    out = []
    if plain_http(props.get("repository")):
        out.append(Issue("package-http", doc.path, doc.line(*at, "properties", "repository"),
                         f"{who} uses a chart repository over plain HTTP; use https:// or "
                         "oci://"))
    if not exact_version(props.get("revision")):
        shown = props.get("revision")
        out.append(Issue("helm-revision-unpinned", doc.path,
                         doc.line(*at, "properties", "revision"),
                         f"{who} " + (f"has revision '{shown}', not one exact version"
                                      if shown not in (None, "") else "has no revision")
                         + "; pin an exact chart version"))
    return out
