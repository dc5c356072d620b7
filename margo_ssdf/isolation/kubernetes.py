"""Kubernetes objects (from Helm charts): pod and container settings that keep apps apart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from margo_ssdf.isolation import host, images
from margo_ssdf.isolation.documents import Document, templated
from margo_ssdf.isolation.rules import Issue

# Where each workload kind keeps its pod spec.
_POD_SPEC: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    **dict.fromkeys(("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
                     "ReplicationController", "Job"), ("spec", "template", "spec")),
}
CLUSTER_SCOPED = frozenset({
    "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole",
    "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "RuntimeClass",
    "IngressClass", "CSIDriver", "CSINode", "VolumeAttachment", "APIService",
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "PodSecurityPolicy",
    "CertificateSigningRequest", "ComponentStatus",
})
SYSTEM_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})
RELEASE_NAMESPACE = "margo-ssdf-release-namespace"
"""The namespace `helm template` is given, so `.Release.Namespace` is recognised as 'set'."""
DANGEROUS_CAPABILITIES = frozenset({
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH",
    "BPF", "SYS_BOOT", "MAC_ADMIN", "SYS_TIME",
})
_SECCOMP_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _get(data: Any, keys: tuple[str, ...]) -> Any:
    for k in keys:
        data = _map(data).get(k)
    return data


@dataclass(frozen=True)
class K8sObject:
    """One Kubernetes object of a chart."""

    doc: Document
    kind: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.kind} '{self.name}'" if self.name else self.kind


def objects(doc: Document) -> Iterator[K8sObject]:
    """The Kubernetes object a document holds, if it holds one."""
    data = _map(doc.data)
    kind = data.get("kind")
    if isinstance(kind, str) and "apiVersion" in data:
        name = _map(data.get("metadata")).get("name")
        shown = name if isinstance(name, str) and not templated(name) else ""
        yield K8sObject(doc=doc, kind=kind, name=shown)


def namespace(obj: K8sObject) -> tuple[str | None, int] | None:
    """The object's literal namespace and its line; None for cluster-scoped or templated ones."""
    if obj.kind in CLUSTER_SCOPED:
        return None
    value = _map(_map(obj.doc.data).get("metadata")).get("namespace")
    if value is None or value == "":
        return None, obj.doc.line("metadata")
    if not isinstance(value, str) or templated(value) or value == RELEASE_NAMESPACE:
        return None
    return value, obj.doc.line("metadata", "namespace")


def analyse(obj: K8sObject) -> list[Issue]:
    """Every isolation issue of one object."""
    issues: list[Issue] = []
    ns = namespace(obj)
    if ns is not None:
        value, line = ns
        if value is None:
            issues.append(Issue("namespace-missing", obj.doc.path, line,
                                f"{obj.label} has no metadata.namespace; set it to the app's "
                                "own namespace (or {{ .Release.Namespace }})"))
        elif value in SYSTEM_NAMESPACES:
            issues.append(Issue("namespace-system", obj.doc.path, line,
                                f"{obj.label} is placed in the shared namespace '{value}'; "
                                "give the app its own namespace"))
    keys = _POD_SPEC.get(obj.kind)
    if keys is None and isinstance(_get(obj.doc.data, ("spec", "template", "spec")), dict):
        keys = ("spec", "template", "spec")  # workload-like custom resources
    if keys is not None and isinstance(_get(obj.doc.data, keys), dict):
        issues += _PodAnalysis(obj, keys).run()
    return issues


class _PodAnalysis:
    def __init__(self, obj: K8sObject, keys: tuple[str, ...]) -> None:
        self.obj = obj
        self.keys = keys
        self.spec = _map(_get(obj.doc.data, keys))
        self.pod_sc = _map(self.spec.get("securityContext"))
        self.issues: list[Issue] = []

    def add(self, rule: str, message: str, *keys: str | int) -> None:
        self.issues.append(Issue(rule, self.obj.doc.path, self.obj.doc.line(*keys), message))

    def run(self) -> list[Issue]:
        for key in ("hostNetwork", "hostPID", "hostIPC"):
            if self.spec.get(key) is True:
                self.add("host-namespace", f"{self.obj.label} sets {key}: true; remove it",
                         *self.keys, key)
        for i, vol in enumerate(_list(self.spec.get("volumes"))):
            path = _get(vol, ("hostPath", "path"))
            kind = host.classify(path) if isinstance(path, str) else None
            if kind:
                what = "the container runtime socket" if kind == "runtime-socket" else \
                    "a sensitive host path"
                self.add(kind, f"{self.obj.label} mounts {what} '{path}' (volume "
                         f"'{_map(vol).get('name', i)}'); use an app-owned volume instead",
                         *self.keys, "volumes", i, "hostPath", "path")
        for field in _CONTAINER_LISTS:
            for i, container in enumerate(_list(self.spec.get(field))):
                if isinstance(container, dict):
                    self.container(field, i, container)
        return self.issues

    def pod_seccomp(self) -> str | None:
        kind = _get(self.pod_sc, ("seccompProfile", "type"))
        if isinstance(kind, str):
            return kind
        annotations = _map(_get(self.obj.doc.data, (*self.keys[:-1], "metadata",
                                                    "annotations")))
        legacy = annotations.get(_SECCOMP_ANNOTATION)
        if isinstance(legacy, str):
            return "Unconfined" if legacy == "unconfined" else "RuntimeDefault"
        return None

    def container(self, field: str, i: int, c: dict[str, Any]) -> None:
        at: tuple[str | int, ...] = (*self.keys, field, i)
        name = c.get("name") if isinstance(c.get("name"), str) else str(i)
        who = f"container '{name}' of {self.obj.label}" if not templated(name) else \
            f"a container of {self.obj.label}"
        sc = _map(c.get("securityContext"))
        sc_at: tuple[str | int, ...] = (*at, "securityContext")
        if sc.get("privileged") is True:
            self.add("privileged", f"{who} runs privileged; remove `privileged: true`",
                     *sc_at, "privileged")
        self.privilege_escalation(who, sc, at)
        self.user(who, sc, at)
        self.capabilities(who, sc, at)
        self.seccomp(who, sc, at)
        if sc.get("readOnlyRootFilesystem") is not True and \
                not templated(sc.get("readOnlyRootFilesystem")):
            self.add("writable-root-filesystem",
                     f"{who} can write to its root filesystem; set readOnlyRootFilesystem: true",
                     *sc_at, "readOnlyRootFilesystem")
        if field != "ephemeralContainers":
            self.limits(who, c, at)
        image = c.get("image")
        if isinstance(image, str) and image and not templated(image):
            ref = images.parse(image)
            if ref.moving:
                self.add("image-latest", f"{who} uses image '{image}', a moving tag; pin it "
                         "by digest (@sha256:...)", *at, "image")
            elif not ref.pinned:
                self.add("image-unpinned", f"{who} uses image '{image}' without a digest; "
                         "pin it (@sha256:...)", *at, "image")

    def privilege_escalation(self, who: str, sc: dict[str, Any],
                             at: tuple[str | int, ...]) -> None:
        value = sc.get("allowPrivilegeEscalation")
        if value is not False and not templated(value):
            self.add("privilege-escalation", f"{who} does not set allowPrivilegeEscalation: "
                     "false", *at, "securityContext", "allowPrivilegeEscalation")

    def user(self, who: str, sc: dict[str, Any], at: tuple[str | int, ...]) -> None:
        def setting(key: str) -> tuple[Any, tuple[str | int, ...]]:
            if key in sc:
                return sc[key], (*at, "securityContext", key)
            return self.pod_sc.get(key), (*self.keys, "securityContext", key)

        user, user_at = setting("runAsUser")
        non_root, _ = setting("runAsNonRoot")
        if user == 0:
            self.add("root-user", f"{who} runs as user 0 (root); use a non-zero runAsUser",
                     *user_at)
        elif non_root is True or (isinstance(user, int) and user > 0):
            return
        elif not (templated(user) or templated(non_root)):
            self.add("non-root-not-enforced", f"{who} may run as root: set runAsNonRoot: true "
                     "or a non-zero runAsUser", *at, "securityContext", "runAsNonRoot")

    def capabilities(self, who: str, sc: dict[str, Any], at: tuple[str | int, ...]) -> None:
        caps = _map(sc.get("capabilities"))
        caps_at = (*at, "securityContext", "capabilities")
        for j, cap in enumerate(_list(caps.get("add"))):
            if not isinstance(cap, str) or templated(cap):
                continue
            norm = cap.upper().removeprefix("CAP_")
            if norm in DANGEROUS_CAPABILITIES:
                self.add("dangerous-capability", f"{who} adds capability {norm}; remove it",
                         *caps_at, "add", j)
            else:
                self.add("capability-added", f"{who} adds capability {norm}; keep it only if "
                         "the app cannot work without it", *caps_at, "add", j)
        if not any(isinstance(d, str) and d.upper() == "ALL" for d in _list(caps.get("drop"))):
            self.add("capabilities-not-dropped", f"{who} does not drop all capabilities; set "
                     "capabilities.drop: [ALL]", *caps_at, "drop")

    def seccomp(self, who: str, sc: dict[str, Any], at: tuple[str | int, ...]) -> None:
        kind = _get(sc, ("seccompProfile", "type"))
        where: tuple[str | int, ...] = (*at, "securityContext", "seccompProfile", "type")
        if not isinstance(kind, str):
            kind = self.pod_seccomp()
            where = (*self.keys, "securityContext", "seccompProfile", "type")
        if kind is None:
            self.add("seccomp-missing", f"{who} has no seccomp profile; set seccompProfile: "
                     "{type: RuntimeDefault}", *at, "securityContext")
        elif kind == "Unconfined":
            self.add("seccomp-unconfined", f"{who} runs with seccomp Unconfined; use "
                     "RuntimeDefault", *where)

    def limits(self, who: str, c: dict[str, Any], at: tuple[str | int, ...]) -> None:
        limits = _get(c, ("resources", "limits"))
        if templated(limits) or templated(c.get("resources")):
            return
        missing = [k for k in ("cpu", "memory") if _map(limits).get(k) in (None, "")]
        if missing:
            self.add("resource-limits", f"{who} has no {' or '.join(missing)} limit; set "
                     f"resources.limits.{missing[0]}", *at, "resources", "limits")
