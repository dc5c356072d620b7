"""Compose files: the service settings that keep one vendor's containers from another's.

Docker applies its default seccomp profile unless told not to, so (unlike Kubernetes) only an
explicit `seccomp:unconfined` is reported.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from margo_ssdf.isolation import host, images
from margo_ssdf.isolation.documents import Document
from margo_ssdf.isolation.kubernetes import DANGEROUS_CAPABILITIES
from margo_ssdf.isolation.rules import Issue

COMPOSE_NAMES = ("docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml")
_HOST_MODES = ("network_mode", "pid", "ipc", "uts", "userns_mode")
_ROOT_USERS = {"root", "0"}


def is_compose_file(rel: str) -> bool:
    """Named like a compose file (`docker-compose*.y*ml`, `compose*.y*ml`)."""
    base = rel.rsplit("/", 1)[-1].lower()
    return any(fnmatch.fnmatchcase(base, p) for p in COMPOSE_NAMES)


def services(doc: Document) -> dict[str, Any]:
    """The services of a compose document ({} when it is not one)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    found = data.get("services")
    return {k: v for k, v in found.items() if isinstance(v, dict)} \
        if isinstance(found, dict) else {}


def _options(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _opt_set(entries: list[str], name: str, wanted: str) -> bool:
    for e in entries:
        key, _, val = e.replace("=", ":", 1).partition(":")
        if key.strip() == name and (val.strip().lower() == wanted or (not val and wanted ==
                                                                       "true")):
            return True
    return False


def _bind_source(volume: Any) -> str | None:
    if isinstance(volume, str):
        parts = volume.split(":")
        return parts[0] if len(parts) >= 2 else None
    if isinstance(volume, dict) and volume.get("type", "bind") == "bind":
        source = volume.get("source")
        return source if isinstance(source, str) else None
    return None


def analyse(doc: Document) -> list[Issue]:
    """Every isolation issue of every service in a compose document."""
    issues: list[Issue] = []
    for name, svc in services(doc).items():
        issues += _service(doc, name, svc)
    return issues


def _service(doc: Document, name: str, svc: dict[str, Any]) -> list[Issue]:
    at = ("services", name)
    who = f"service '{name}'"
    out: list[Issue] = []

    def add(rule: str, message: str, *keys: str | int) -> None:
        out.append(Issue(rule, doc.path, doc.line(*at, *keys), message))

    if svc.get("privileged") is True:
        add("privileged", f"{who} runs privileged; remove `privileged: true`", "privileged")
    for key in _HOST_MODES:
        if str(svc.get(key, "")).lower() == "host":
            add("host-namespace", f"{who} shares the host's namespace ({key}: host); remove it",
                key)
    for i, volume in enumerate(svc.get("volumes") or []):
        source = _bind_source(volume)
        kind = host.classify(source) if source else None
        if kind:
            what = "the container runtime socket" if kind == "runtime-socket" else \
                "a sensitive host path"
            add(kind, f"{who} mounts {what} '{source}'; use a named volume owned by the app",
                "volumes", i)
    user = svc.get("user")
    if user is None:
        add("non-root-not-enforced", f"{who} sets no `user`, so the image decides and may run "
            "as root; set user: \"<uid>:<gid>\" (non-zero)")
    elif str(user).split(":", 1)[0].strip() in _ROOT_USERS:
        add("root-user", f"{who} runs as root (user: {user}); use a non-zero uid", "user")
    security = _options(svc.get("security_opt"))
    if not _opt_set(security, "no-new-privileges", "true"):
        add("privilege-escalation", f"{who} does not set security_opt "
            "no-new-privileges:true", "security_opt")
    if _opt_set(security, "seccomp", "unconfined"):
        add("seccomp-unconfined", f"{who} disables seccomp (seccomp:unconfined); remove it",
            "security_opt")
    for j, cap in enumerate(_options(svc.get("cap_add"))):
        norm = cap.upper().removeprefix("CAP_")
        if norm in DANGEROUS_CAPABILITIES:
            add("dangerous-capability", f"{who} adds capability {norm}; remove it", "cap_add", j)
        else:
            add("capability-added", f"{who} adds capability {norm}; keep it only if the app "
                "cannot work without it", "cap_add", j)
    if "ALL" not in (c.upper() for c in _options(svc.get("cap_drop"))):
        add("capabilities-not-dropped", f"{who} does not drop all capabilities; set "
            "cap_drop: [ALL]", "cap_drop")
    if svc.get("read_only") is not True:
        add("writable-root-filesystem", f"{who} can write to its root filesystem; set "
            "read_only: true", "read_only")
    limits: Any = svc
    for key in ("deploy", "resources", "limits"):
        limits = limits.get(key) if isinstance(limits, dict) else None
    limits = limits if isinstance(limits, dict) else {}
    missing = [what for what, keys in (("cpu", ("cpus", "cpu_quota")), ("memory", ("mem_limit",)))
               if not any(svc.get(k) not in (None, "") for k in keys)
               and limits.get("cpus" if what == "cpu" else "memory") in (None, "")]
    if missing:
        add("resource-limits", f"{who} has no {' or '.join(missing)} limit; set "
            "deploy.resources.limits (or cpus / mem_limit)", "deploy")
    image = svc.get("image")
    if isinstance(image, str) and image and "$" not in image:
        ref = images.parse(image)
        if ref.moving:
            add("image-latest", f"{who} uses image '{image}', a moving tag; pin it by digest "
                "(@sha256:...)", "image")
        elif not ref.pinned:
            add("image-unpinned", f"{who} uses image '{image}' without a digest; pin it "
                "(@sha256:...)", "image")
    return out
