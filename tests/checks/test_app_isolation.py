"""app.isolation: every rule on a vulnerable and a safe tree, Helm rendering, bad input, corpus."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from margo_ssdf import sarif
from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.app_isolation import AppIsolationCheck
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ToolError
from margo_ssdf.isolation import helm, host, images, template
from margo_ssdf.isolation.documents import TEMPLATED, DocumentError, load_stream
from margo_ssdf.isolation.rules import RULES
from margo_ssdf.models import CheckResult, Outcome, Severity
from tests.conftest import validate_sarif

DATA = Path(__file__).parent / "data" / "isolation"
CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def run_check(root: Path, evidence: Path, **options: object
              ) -> tuple[CheckResult, dict, dict]:
    check = AppIsolationCheck()
    ctx = CheckContext(project=discover(root), options={**check.options, **options},
                       evidence_root=evidence, timeout=60)
    result = check.run(ctx)
    log: dict = {}
    inventory: dict = {}
    for ev in result.evidence:
        data = json.loads((evidence / ev.path).read_text())
        if ev.path.endswith(".sarif"):
            log = data
        else:
            inventory = data
    return result, log, inventory


def found(log: dict) -> set[tuple[str, str, int]]:
    return {(r.rule_id.removeprefix("margo.isolation."), r.path, r.line)
            for r in sarif.read_results(log)}


@pytest.fixture(scope="module")
def vulnerable(tmp_path_factory: pytest.TempPathFactory) -> tuple[CheckResult, dict, dict]:
    return run_check(DATA / "vulnerable", tmp_path_factory.mktemp("ev"), render="static")


@pytest.fixture(scope="module")
def safe(tmp_path_factory: pytest.TempPathFactory) -> tuple[CheckResult, dict, dict]:
    return run_check(DATA / "safe", tmp_path_factory.mktemp("ev"), render="static")


DEPLOY = "charts/web/templates/deployment.yaml"
COMPOSE = "docker-compose.yml"
ACME = "apps/acme/margo.yaml"
GLOBEX = "apps/globex/margo.yaml"
EXPECTED: dict[str, list[tuple[str, int]]] = {
    "privileged": [(DEPLOY, 22), (COMPOSE, 4)],
    "host-namespace": [(DEPLOY, 9), (DEPLOY, 10), (COMPOSE, 5), (COMPOSE, 6), (COMPOSE, 7)],
    "runtime-socket": [(DEPLOY, 14), (COMPOSE, 15)],
    "host-path": [(DEPLOY, 17), (COMPOSE, 16)],
    "root-user": [(DEPLOY, 23), (COMPOSE, 8)],
    "non-root-not-enforced": [(DEPLOY, 31), (COMPOSE, 18)],
    "privilege-escalation": [(DEPLOY, 24), (DEPLOY, 31), (COMPOSE, 12), (COMPOSE, 18)],
    "dangerous-capability": [(DEPLOY, 26), (COMPOSE, 10)],
    "capability-added": [(DEPLOY, 26), (COMPOSE, 11)],
    "capabilities-not-dropped": [(DEPLOY, 25), (DEPLOY, 31), (COMPOSE, 2), (COMPOSE, 18)],
    "seccomp-unconfined": [(DEPLOY, 28), (COMPOSE, 12)],
    "seccomp-missing": [(DEPLOY, 31)],
    "writable-root-filesystem": [(DEPLOY, 21), (DEPLOY, 31), (COMPOSE, 2), (COMPOSE, 18)],
    "resource-limits": [(DEPLOY, 29), (DEPLOY, 31), (COMPOSE, 2), (COMPOSE, 18)],
    "image-latest": [(DEPLOY, 20), (COMPOSE, 3)],
    "image-unpinned": [(DEPLOY, 32), (COMPOSE, 19)],
    "namespace-missing": [("charts/web/templates/service.yaml", 3)],
    "namespace-system": [(DEPLOY, 5)],
    "namespace-shared": [("apps/acme/chart/templates/config.yaml", 5),
                         ("apps/globex/chart/templates/config.yaml", 5)],
    "package-unsigned": [(ACME, 16), (GLOBEX, 16)],
    "package-http": [(ACME, 16), (ACME, 22), ("charts/web/Chart.yaml", 9)],
    "helm-revision-unpinned": [(ACME, 21), (GLOBEX, 23), ("charts/web/Chart.yaml", 8)],
}


def test_every_rule_has_a_vulnerable_case() -> None:
    assert set(EXPECTED) == set(RULES)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_flags_the_vulnerable_case_at_file_and_line(
        rule: str, vulnerable: tuple[CheckResult, dict, dict]) -> None:
    _, log, _ = vulnerable
    hits = {(path, line) for r, path, line in found(log) if r == rule}
    assert hits == set(EXPECTED[rule])


def test_safe_tree_has_no_finding(safe: tuple[CheckResult, dict, dict]) -> None:
    result, log, inventory = safe
    assert sarif.read_results(log) == []
    assert result.outcome is Outcome.PASS and result.counts == {}
    # Every kind of input was really looked at, so "no finding" means something.
    assert len(inventory["applicationDescriptions"]) == 2
    assert {c["path"] for c in inventory["charts"]} == {
        "apps/acme/chart", "apps/globex/chart", "charts/web"}
    web = next(c for c in inventory["charts"] if c["path"] == "charts/web")
    assert {o["kind"] for o in web["objects"]} == {"Deployment", "Service"}
    assert "charts/web/templates/_helpers.tpl" not in web["templates"]
    assert inventory["composeFiles"] == [{"path": "compose.yaml", "services": ["agent"]}]


def test_vulnerable_result_counts_and_sarif(vulnerable: tuple[CheckResult, dict, dict],
                                           sarif_schema: dict) -> None:
    result, log, inventory = vulnerable
    validate_sarif(log, sarif_schema)
    assert result.outcome is Outcome.FAIL
    assert result.counts[Severity.CRITICAL] == 4
    assert result.tasks == ("PW.9.1", "PW.9.2")
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {r.id for r in RULES.values()}
    priv = rules["margo.isolation.privileged"]
    assert priv["properties"]["tags"] == ["security", "CWE-250", "external/cwe/cwe-250"]
    assert "Remove `privileged: true`" in priv["fullDescription"]["text"]
    assert log["runs"][0]["properties"]["charts"][0]["rendering"] == "static"
    vendors = {c["path"]: c["vendor"] for c in inventory["charts"]}
    assert vendors == {"apps/acme/chart": "Acme", "apps/globex/chart": "Globex",
                       "charts/web": "Acme"}


def test_same_vendor_may_use_one_namespace_for_several_charts(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "apps", root / "apps")
    globex = (root / "apps" / "globex" / "margo.yaml")
    globex.write_text(globex.read_text().replace("name: Globex", "name: Acme"))
    _, log, _ = run_check(root, tmp_path / "ev", render="static")
    assert not [f for f in found(log) if f[0] == "namespace-shared"]


def test_inline_triage_with_a_reason_closes_the_finding(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    compose = (DATA / "vulnerable" / COMPOSE).read_text().replace(
        "- /var/run/docker.sock:/var/run/docker.sock",
        "- /var/run/docker.sock:/var/run/docker.sock  # nosec -- the device agent manages "
        "containers")
    (root / "docker-compose.yml").write_text(compose)
    result, log, _ = run_check(root, tmp_path / "ev")
    socket = next(r for r in sarif.read_results(log) if r.rule_id.endswith("runtime-socket"))
    assert socket.suppressed
    assert Severity.CRITICAL in result.counts and result.counts[Severity.CRITICAL] == 1


def test_nothing_to_analyse_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "config.yaml").write_text("a: 1\n")
    result, _, _ = run_check(root, tmp_path / "ev")
    assert result.outcome is Outcome.SKIPPED
    assert "no Margo application description, Helm chart or compose file" in (result.reason
                                                                               or "")


# ---- bad input ---------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "kind: ApplicationDescription\n"


def test_bad_files_are_errors_per_file_and_the_rest_is_analysed(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "charts", root / "charts")
    (root / "compose.yaml").write_text("services:\n  web:\n\timage: nginx\n")
    (root / "margo.yaml").write_text(BOMB)
    broken = root / "charts" / "web" / "templates" / "broken.yaml"
    broken.write_text("kind: ConfigMap\nmetadata: {{ .Values.image }}\n  name: [x\n")
    result, log, inventory = run_check(root, tmp_path / "ev", render="static")
    errors = {e["path"]: e["error"] for e in inventory["errors"]}
    assert set(errors) == {"compose.yaml", "margo.yaml", "charts/web/templates/broken.yaml"}
    assert errors["compose.yaml"].startswith("compose.yaml:3: not valid YAML")
    assert "alias bomb" in errors["margo.yaml"]
    assert "charts/web/templates/broken.yaml:" in errors["charts/web/templates/broken.yaml"]
    assert "statically" in errors["charts/web/templates/broken.yaml"]
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for n in notes} == set(errors)
    # The good chart was still analysed.
    assert ("privileged", DEPLOY, 22) in found(log)
    assert result.outcome is Outcome.FAIL and "3 file(s) could not be analysed" in (
        result.reason or "")


def test_only_bad_files_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "docker-compose.yaml").write_text("services: [unclosed\n")
    result, _, inventory = run_check(root, tmp_path / "ev")
    assert result.outcome is Outcome.ERROR
    assert "no file could be analysed: docker-compose.yaml:2: not valid YAML" in (
        result.reason or "")
    assert inventory["errors"][0]["path"] == "docker-compose.yaml"


# ---- Helm: static reading and helm template -----------------------------------------------

def fake_helm(tmp_path: Path, output: str, exit_code: int = 0) -> Path:
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    out = tmp_path / "helm-output.yaml"
    out.write_text(output)
    script = bindir / "helm"
    script.write_text(f"#!/bin/sh\ncat '{out}'\necho 'helm said no' >&2\nexit {exit_code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bindir


RENDERED = """\
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: kube-system
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: "registry.example.org/acme/web:latest"
          securityContext:
            privileged: true
"""


def test_helm_template_output_is_traced_to_template_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{fake_helm(tmp_path, RENDERED)}:/usr/bin:/bin")
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "charts", root / "charts")
    result, log, inventory = run_check(root, tmp_path / "ev")
    hits = found(log)
    assert ("privileged", DEPLOY, 22) in hits
    assert ("host-namespace", DEPLOY, 9) in hits
    assert ("image-latest", DEPLOY, 20) in hits
    assert ("namespace-system", DEPLOY, 5) in hits
    assert ("namespace-missing", "charts/web/templates/service.yaml", 3) in hits
    chart = inventory["charts"][0]
    assert chart["rendering"] == helm.HELM_TEMPLATE
    assert log["runs"][0]["properties"]["charts"][0]["rendering"] == "helm template"
    assert result.tool.argv[:2] == (str(tmp_path / "bin" / "helm"), "template")


def test_subchart_documents_in_helm_output_are_left_to_the_subchart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = RENDERED + (
        "---\n# Source: web/charts/cache/templates/pod.yaml\napiVersion: v1\nkind: Pod\n"
        "metadata:\n  name: cache\nspec:\n  containers:\n    - name: c\n"
        "      securityContext:\n        privileged: true\n")
    monkeypatch.setenv("PATH", f"{fake_helm(tmp_path, output)}:/usr/bin:/bin")
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "charts", root / "charts")
    _, log, inventory = run_check(root, tmp_path / "ev")
    assert not [h for h in found(log) if "cache" in h[1]]
    assert "1 document(s) of subcharts" in inventory["charts"][0]["renderingNote"]


def test_web_templates_beside_values_yaml_are_not_a_chart(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "templates").mkdir(parents=True)
    (root / "values.yaml").write_text("title: shop\n")
    (root / "templates" / "index.html").write_text("<h1>{{ title }}</h1>\n")
    result, _, _ = run_check(root, tmp_path / "ev")
    assert result.outcome is Outcome.SKIPPED


def test_absurd_indentation_is_not_rendered() -> None:
    out = template.render("a:\n{{- toYaml .Values.x | nindent 999999999 }}\n", {"x": {"b": 1}})
    assert len(out.text) < 100
    assert load_stream(out.text, "t.yaml", out.origin)[0].data == {"a": None}


def test_helm_failure_falls_back_to_static_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{fake_helm(tmp_path, '', exit_code=1)}:/usr/bin:/bin")
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "charts", root / "charts")
    _, log, inventory = run_check(root, tmp_path / "ev")
    chart = inventory["charts"][0]
    assert chart["rendering"] == "static"
    assert "helm template failed (exit 1: helm said no)" in chart["renderingNote"]
    assert ("privileged", DEPLOY, 22) in found(log)


def test_render_option_static_and_helm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "charts", root / "charts")
    monkeypatch.setenv("PATH", f"{fake_helm(tmp_path, RENDERED)}:/usr/bin:/bin")
    _, _, inventory = run_check(root, tmp_path / "a", render="static")
    assert inventory["charts"][0]["renderingNote"] == "render: static was asked for"
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(ToolError, match="'helm' is not installed"):
        run_check(root, tmp_path / "b", render="helm")


def test_chart_without_chart_yaml_is_read_statically_even_with_helm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{fake_helm(tmp_path, RENDERED)}:/usr/bin:/bin")
    root = tmp_path / "p"
    shutil.copytree(DATA / "vulnerable" / "apps", root / "apps")
    _, _, inventory = run_check(root, tmp_path / "ev")
    assert {c["rendering"] for c in inventory["charts"]} == {"static"}
    assert "no Chart.yaml" in inventory["charts"][0]["renderingNote"]


def test_static_rendering_of_values_blocks_and_trimming() -> None:
    values = {"on": True, "off": False, "name": "web", "res": {"limits": {"cpu": 1}},
              "list": [], "sc": {"runAsUser": 5}}
    text = (
        "a: {{ .Values.name | quote }}\n"          # 1
        "{{- if .Values.off }}\n"                  # 2
        "hidden: true\n"                           # 3
        "{{- else if .Values.on }}\n"              # 4
        "shown: {{ .Values.on }}\n"                # 5
        "{{- end }}\n"                             # 6
        "r:\n"                                     # 7
        "  {{- toYaml .Values.res | nindent 2 }}\n"  # 8
        "{{- with .Values.sc }}\n"                 # 9
        "u: {{ .runAsUser }}\n"                    # 10
        "{{- end }}\n"                             # 11
        "{{- range .Values.list }}\n"              # 12
        "never: here\n"                            # 13
        "{{- end }}\n"                             # 14
        "{{/* a comment\n spanning lines */}}\n"   # 15-16
        "n: {{ include \"x\" . }}\n"              # 17
        "m: {{ .Values.missing }}\n"               # 18
        "p: {{ printf \"%s-%d\" .Values.name 3 }}\n"  # 19
        "d: {{ .Values.missing | default \"dflt\" }}\n"  # 20
        "{{- if include \"x\" . }}\n"              # 21
        "maybe: kept\n"                            # 22
        "{{- end }}\n"                             # 23
    )
    out = template.render(text, values)
    docs = load_stream(out.text, "t.yaml", out.origin)
    data = docs[0].data
    assert data == {"a": "web", "shown": True, "r": {"limits": {"cpu": 1}}, "u": 5,
                    "n": TEMPLATED, "m": None, "p": "web-3", "d": "dflt", "maybe": "kept"}
    doc = docs[0]
    assert [doc.line(k) for k in ("a", "shown", "r", "u", "n", "p", "maybe")] == \
        [1, 5, 7, 10, 17, 19, 22]
    assert doc.line("r", "limits") == 8  # lines a value block expands to map to the action


def test_static_rendering_keeps_unknown_branches() -> None:
    out = template.render("{{ if .Release.IsInstall }}a: 1\n{{ else }}b: 2\n{{ end }}\n", {})
    assert load_stream(out.text, "t.yaml", out.origin)[0].data == {"a": 1, "b": 2}


def test_trace_maps_rendered_keys_in_order() -> None:
    source = ["containers:", "  - name: a", "    image: {{ x }}", "  - name: b",
              "    image: {{ y }}"]
    rendered = ["containers:", "  - name: a", "    image: one", "  - name: b",
                "    image: two", "    extra: 1"]
    assert helm.trace(rendered, source) == [1, 2, 3, 4, 5, 5]


def test_load_stream_reports_lines_of_later_documents() -> None:
    docs = load_stream("a: 1\n---\nb: 2\nc: 3\n", "f.yaml")
    assert [d.line("c") for d in docs[1:]] == [4]
    with pytest.raises(DocumentError, match=r"^f\.yaml:4: not valid YAML"):
        load_stream("a: 1\n---\nb: 2\nc: d: e\nf: 1\n", "f.yaml")


@pytest.mark.parametrize(("path", "kind"), [
    ("/var/run/docker.sock", "runtime-socket"), ("/run/containerd/containerd.sock",
                                                 "runtime-socket"),
    ("/var/run/crio/crio.sock", "runtime-socket"), ("/var/run", "runtime-socket"),
    ("/", "host-path"), ("/etc", "host-path"), ("/etc/ssl/certs", "host-path"),
    ("/proc", "host-path"), ("/sys/fs/cgroup", "host-path"), ("/var/lib/kubelet", "host-path"),
    ("/var", "runtime-socket"), ("/opt/app/data", None), ("./data", None), ("data", None),
])
def test_host_path_classes(path: str, kind: str | None) -> None:
    assert host.classify(path) == kind


@pytest.mark.parametrize(("ref", "pinned", "moving"), [
    ("nginx", False, True), ("nginx:latest", False, True), ("nginx:1.27", False, False),
    ("registry:5000/team/app", False, True), ("registry:5000/team/app:2", False, False),
    ("nginx@sha256:" + "a" * 64, True, False), ("nginx:1.27@sha256:" + "b" * 64, True, False),
])
def test_image_references(ref: str, pinned: bool, moving: bool) -> None:
    parsed = images.parse(ref)
    assert (parsed.pinned, parsed.moving) == (pinned, moving)


# ---- the real Margo files ------------------------------------------------------------------

@pytest.mark.corpus
def test_real_margo_files(tmp_path: Path) -> None:
    margo = CORPORA / "margo"
    if not margo.is_dir():
        pytest.skip("../shared/corpora/margo is not present")
    result, log, inventory = run_check(margo, tmp_path / "ev")
    hits = found(log)
    agent = "sandbox/docker-compose/docker-compose.yaml"
    chart = "sandbox/helmchart/templates/deployment.yaml.tpl"
    assert ("runtime-socket", agent, 10) in hits
    assert ("image-latest", agent, 6) in hits
    assert ("image-latest", chart, 26) in hits
    assert ("seccomp-missing", chart, 25) in hits
    assert ("image-unpinned", "sandbox/docker-compose/docker-compose-sample.yaml", 3) in hits
    # The specification's examples sign their compose archives and pin their charts.
    assert not [h for h in hits if h[1].startswith("specification/")]
    assert len(inventory["applicationDescriptions"]) == 2
    assert inventory["charts"][0]["path"] == "sandbox/helmchart"
    assert inventory["charts"][0]["rendering"] == "static"  # no Chart.yaml in the corpus
    assert inventory["errors"] == []
    assert result.outcome is Outcome.FAIL and result.counts[Severity.CRITICAL] == 1
