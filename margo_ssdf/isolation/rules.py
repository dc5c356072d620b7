"""The isolation rules: stable ids users triage by, with severity, CWE and the fix.

Each rule is data; the analysers (Kubernetes objects, compose services, Margo application
descriptions) only say which rule they saw where, in an `Issue`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from margo_ssdf.models import Severity
from margo_ssdf.sarif import Rule

PREFIX = "margo.isolation."
TASKS = ("PW.9.1", "PW.9.2")
WORKLOAD_HELP = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
PACKAGE_HELP = "https://github.com/margo/specification"
_PACKAGE_RULES = ("package-unsigned", "package-http", "helm-revision-unpinned")


def _rule(short: str, name: str, severity: Severity, cwe: str, description: str) -> Rule:
    return Rule(id=PREFIX + short, name=name, description=description, severity=severity,
                cwe=(cwe,), ssdf=TASKS,
                help_uri=PACKAGE_HELP if short in _PACKAGE_RULES else WORKLOAD_HELP)


RULES: Mapping[str, Rule] = {r.id.removeprefix(PREFIX): r for r in (
    _rule("privileged", "Privileged container", Severity.CRITICAL, "CWE-250",
          "A privileged container has every capability and the host's devices, so it can take "
          "over the device and every other vendor's app. Remove `privileged: true` and grant "
          "only the capabilities the app needs."),
    _rule("host-namespace", "Host namespace shared", Severity.HIGH, "CWE-653",
          "Sharing the host's network, PID, IPC or UTS namespace lets the app see and reach "
          "other apps' processes and traffic. Remove hostNetwork/hostPID/hostIPC or compose "
          "`network_mode: host`, `pid: host`, `ipc: host`; publish ports instead."),
    _rule("runtime-socket", "Container runtime socket mounted", Severity.CRITICAL, "CWE-250",
          "Whoever reaches the Docker, containerd or CRI-O socket controls every container on "
          "the device and, through them, the host. Do not mount the runtime socket into an "
          "app; if a component must manage containers, isolate it as a platform service."),
    _rule("host-path", "Sensitive host path mounted", Severity.HIGH, "CWE-668",
          "Mounting /, /etc, /proc, /sys, /dev, /root, /boot, /run or the kubelet's or "
          "runtime's state exposes the host and other apps' data. Use a volume owned by the "
          "app instead of a host path."),
    _rule("root-user", "Container runs as root", Severity.HIGH, "CWE-250",
          "The container is set to run as user 0. Run as a dedicated non-root user "
          "(`runAsUser: 10001`, `runAsNonRoot: true`, or compose `user: \"10001:10001\"`)."),
    _rule("non-root-not-enforced", "Non-root user not enforced", Severity.MEDIUM, "CWE-250",
          "Nothing stops the container from running as root (the image decides). Set "
          "`runAsNonRoot: true` (or a non-zero `runAsUser`), or compose `user:` to a non-root "
          "user."),
    _rule("privilege-escalation", "Privilege escalation allowed", Severity.MEDIUM, "CWE-269",
          "A process in the container may gain more privileges than its parent (setuid "
          "binaries, file capabilities). Set `allowPrivilegeEscalation: false`, or compose "
          "`security_opt: [\"no-new-privileges:true\"]`."),
    _rule("dangerous-capability", "Dangerous capability added", Severity.HIGH, "CWE-250",
          "SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH, BPF or ALL "
          "let a container escape or spy on other apps. Remove the capability; redesign the "
          "feature that needs it."),
    _rule("capability-added", "Capability added", Severity.MEDIUM, "CWE-250",
          "The container adds a Linux capability beyond the runtime's defaults. Keep it only if "
          "the app cannot work without it, and say why in a triage note."),
    _rule("capabilities-not-dropped", "Capabilities not dropped", Severity.LOW, "CWE-250",
          "The container keeps the runtime's default capabilities. Drop them all "
          "(`capabilities: {drop: [ALL]}` or compose `cap_drop: [ALL]`) and add back only "
          "what is needed."),
    _rule("seccomp-unconfined", "Seccomp disabled", Severity.HIGH, "CWE-693",
          "The container runs without a seccomp filter, so every system call reaches the "
          "shared kernel. Remove `Unconfined` / `seccomp:unconfined`; use RuntimeDefault."),
    _rule("seccomp-missing", "No seccomp profile", Severity.MEDIUM, "CWE-693",
          "Kubernetes runs a container without a seccomp profile as Unconfined. Set "
          "`seccompProfile: {type: RuntimeDefault}` on the pod or the container."),
    _rule("writable-root-filesystem", "Writable root filesystem", Severity.LOW, "CWE-732",
          "The container can modify its own image's files. Set "
          "`readOnlyRootFilesystem: true` (compose `read_only: true`) and mount writable "
          "volumes only where the app writes."),
    _rule("resource-limits", "No CPU or memory limit", Severity.MEDIUM, "CWE-770",
          "Without limits one vendor's app can starve every other app on the device. Set "
          "`resources.limits.cpu` and `resources.limits.memory` (compose `cpus`/`mem_limit` or "
          "`deploy.resources.limits`)."),
    _rule("image-latest", "Image uses a moving tag", Severity.HIGH, "CWE-494",
          "The image is `latest` (or has no tag), so what runs changes whenever someone pushes. "
          "Name the image by digest: `name@sha256:...`."),
    _rule("image-unpinned", "Image not pinned by digest", Severity.MEDIUM, "CWE-494",
          "A tag can be moved to other content. Pin the image by digest "
          "(`name:tag@sha256:...`) so the device runs exactly the reviewed image."),
    _rule("namespace-missing", "No namespace", Severity.LOW, "CWE-653",
          "The object has no namespace, so it lands wherever the installer points (often "
          "`default`). Set `metadata.namespace` to the app's own namespace or "
          "`{{ .Release.Namespace }}`."),
    _rule("namespace-system", "Shared system namespace", Severity.MEDIUM, "CWE-653",
          "Objects in `default`, `kube-system`, `kube-public` or `kube-node-lease` share a "
          "namespace with the platform or other apps. Give each vendor's app its own "
          "namespace."),
    _rule("namespace-shared", "Vendors share a namespace", Severity.HIGH, "CWE-653",
          "Apps of different vendors are placed in the same namespace, so their secrets, "
          "service accounts and network policies are not separated. Give each vendor's app "
          "its own namespace."),
    _rule("package-unsigned", "Compose package without signature key", Severity.HIGH,
          "CWE-345",
          "The compose deployment's `packageLocation` has no `keyLocation`, so the device "
          "cannot check who signed the archive. Sign the archive and add `keyLocation`."),
    _rule("package-http", "Package fetched over plain HTTP", Severity.HIGH, "CWE-319",
          "The chart repository or package is fetched over http://, which anyone on the path "
          "can alter. Use https:// or an oci:// registry."),
    _rule("helm-revision-unpinned", "Helm chart revision not pinned", Severity.MEDIUM,
          "CWE-494",
          "Without an exact `revision` (or Chart.yaml dependency `version`) the device "
          "installs whatever chart version is newest. Pin an exact version, e.g. `1.4.2`."),
)}


@dataclass(frozen=True)
class Issue:
    """One rule broken at one place: what the analysers report."""

    rule: str
    """Short rule id (without the `margo.isolation.` prefix)."""
    path: str
    """Project-relative POSIX path of the file to fix."""
    line: int
    """1-based line in that file."""
    message: str
    """What is wrong here and how to fix it."""

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown isolation rule '{self.rule}'")
