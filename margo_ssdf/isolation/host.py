"""Host paths that must not be mounted into an app: runtime sockets and the host's own state."""

from __future__ import annotations

import posixpath

RUNTIME_SOCKETS = (
    "/var/run/docker.sock", "/run/docker.sock",
    "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock", "/run/crio/crio.sock",
    "/var/run/podman/podman.sock", "/run/podman/podman.sock",
    "/var/run/cri-dockerd.sock", "/run/k3s/containerd/containerd.sock",
)
_SOCKET_NAMES = ("/docker.sock", "/containerd.sock", "/crio.sock", "/podman.sock")
# Mounting one of these (or anything below it) exposes the host or other apps.
SENSITIVE_ROOTS = (
    "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/kubelet",
    "/var/lib/docker", "/var/lib/containerd", "/var/lib/rancher", "/var/run", "/run",
    "/var/log",
)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")


def classify(path: str) -> str | None:
    """`runtime-socket`, `host-path` or None for a host path an app mounts.

    A mount exposes what is at the path and everything below it, so a directory that holds a
    runtime socket (`/var/run`) counts as the socket, and `/var` counts as `/var/lib/kubelet`.
    """
    if not path.startswith("/"):
        return None  # relative (app-owned) paths and named volumes
    norm = posixpath.normpath(path)
    if norm in ("/", "//"):
        return "host-path"
    if norm.endswith(_SOCKET_NAMES) or any(_within(s, norm) for s in RUNTIME_SOCKETS):
        return "runtime-socket"
    if any(_within(norm, r) or _within(r, norm) for r in SENSITIVE_ROOTS):
        return "host-path"
    return None
