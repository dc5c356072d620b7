"""The pre-commit hooks: `.pre-commit-hooks.yaml`, `margo-ssdf hook ...`, `pre-commit try-repo`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode
from margo_ssdf.hooks import CONFIG_RULE, UNREADABLE, Hook
from tests.conftest import git

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
DIGEST = "sha256:" + "a" * 64

BAD_PY = "import subprocess\n\nsubprocess.call('ls ' + input(), shell=True)\n"
TRIAGED_PY = ("import subprocess\n\n"
              "subprocess.call('ls', shell=True)  # nosec B602 -- fixed command, no input\n")
DOCKERFILE = "FROM ubuntu:latest\nRUN true\n"
PRIVILEGED_COMPOSE = "services:\n  web:\n    image: nginx\n    privileged: true\n"
CLEAN_COMPOSE = f"""services:
  web:
    image: nginx:1.27@{DIGEST}
    user: "10001:10001"
    cap_drop: [ALL]
    read_only: true
    security_opt: ["no-new-privileges:true"]
    mem_limit: 256m
    cpus: 0.5
"""
CHART = "apiVersion: v2\nname: demo\nversion: 0.1.0\n"
PRIVILEGED_TEMPLATE = f"""apiVersion: v1
kind: Pod
metadata:
  name: demo
  namespace: demo
spec:
  containers:
    - name: app
      image: demo@{DIGEST}
      securityContext:
        privileged: true
"""


def _sample(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _hook(capsys: pytest.CaptureFixture[str], root: Path, hook: str, *files: str
          ) -> tuple[int, dict[str, object]]:
    """Run `margo-ssdf hook HOOK --format json FILES` from `root`, as pre-commit does."""
    cwd = Path.cwd()
    os.chdir(root)
    try:
        code = main(["hook", hook, "--format", "json", *files])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def _found(report: dict[str, object]) -> set[tuple[str, int, str]]:
    return {(p["path"], p["line"], p["rule"]) for p in report["problems"]}  # type: ignore[attr-defined,index]


def test_manifest_loads_with_pre_commits_own_schema() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(MANIFEST))}
    assert set(hooks) == {f"margo-ssdf-{h.value}" for h in Hook}
    for hook in Hook:
        entry = hooks[f"margo-ssdf-{hook.value}"]
        assert entry["entry"] == f"margo-ssdf hook {hook.value}"
        assert entry["language"] == "python"
        assert entry["pass_filenames"] is True
    # One process sees every file: chart expansion and cross-vendor namespaces need them all.
    assert hooks["margo-ssdf-isolation"]["require_serial"] is True


def test_sast_reports_open_findings_of_both_engines_on_the_passed_files_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"bad.py": BAD_PY, "triaged.py": TRIAGED_PY,
                              "Dockerfile": DOCKERFILE, "tests/test_bad.py": BAD_PY,
                              "unpassed.py": BAD_PY})
    code, report = _hook(capsys, root, "sast", "bad.py", "triaged.py", "Dockerfile",
                         "tests/test_bad.py")
    assert code == ExitCode.NOT_COMPLIANT
    # tests/ is under the SAST checks' default excludes, as in verify; unpassed.py is not passed.
    assert report["checked"] == ["Dockerfile", "bad.py", "triaged.py"]
    found = _found(report)
    assert ("bad.py", 3, "B602") in found  # bandit
    assert ("Dockerfile", 1, "margo.dockerfile.unpinned-base-image") in found  # our semgrep rule
    # The nosec-triaged line is recorded as triaged by the check, so it is not a problem.
    assert not {f for f in found if f[0] in ("triaged.py", "unpassed.py", "tests/test_bad.py")
                and f[2] == "B602"}


def test_sast_passes_a_clean_file_and_skips_files_no_engine_reads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"ok.py": "print('hello')\n", "README.md": "# x\n"})
    assert _hook(capsys, root, "sast", "ok.py") == (
        ExitCode.COMPLIANT, {"hook": "sast", "checked": ["ok.py"], "problems": []})
    assert _hook(capsys, root, "sast", "README.md") == (
        ExitCode.COMPLIANT, {"hook": "sast", "checked": [], "problems": []})


def test_sast_honours_the_projects_excludes(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"gen/bad.py": BAD_PY, ".margo-ssdf.yaml": "exclude: ['gen']\n"})
    assert _hook(capsys, root, "sast", "gen/bad.py") == (
        ExitCode.COMPLIANT, {"hook": "sast", "checked": [], "problems": []})


def test_isolation_reports_a_privileged_service_and_passes_a_hardened_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"compose.yaml": PRIVILEGED_COMPOSE,
                              "ok/compose.yaml": CLEAN_COMPOSE})
    code, report = _hook(capsys, root, "isolation", "compose.yaml")
    assert code == ExitCode.NOT_COMPLIANT
    assert ("compose.yaml", 4, "margo.isolation.privileged") in _found(report)
    assert _hook(capsys, root, "isolation", "ok/compose.yaml") == (
        ExitCode.COMPLIANT, {"hook": "isolation", "checked": ["ok/compose.yaml"],
                             "problems": []})


def test_isolation_reads_the_whole_chart_of_a_changed_values_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"chart/Chart.yaml": CHART, "chart/values.yaml": "replicas: 1\n",
                              "chart/templates/pod.yaml": PRIVILEGED_TEMPLATE})
    code, report = _hook(capsys, root, "isolation", "chart/values.yaml")
    assert code == ExitCode.NOT_COMPLIANT
    assert "chart/templates/pod.yaml" in report["checked"]  # type: ignore[operator]
    assert "margo.isolation.privileged" in {r for p, _, r in _found(report)
                                            if p == "chart/templates/pod.yaml"}


def test_isolation_fails_closed_on_a_compose_file_it_cannot_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"compose.yaml": "services: [\n"})
    code, report = _hook(capsys, root, "isolation", "compose.yaml")
    assert code == ExitCode.NOT_COMPLIANT
    assert {(p, r) for p, _, r in _found(report)} == {("compose.yaml", UNREADABLE)}


def test_policy_names_the_file_line_and_key_of_an_invalid_configuration(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {".margo-ssdf.yaml": "exclude: ['gen']\nexclued: ['x']\n",
                              "sub/.margo-ssdf.yaml": "exclude: ['gen']\n"})
    code, report = _hook(capsys, root, "policy", ".margo-ssdf.yaml", "sub/.margo-ssdf.yaml")
    assert code == ExitCode.NOT_COMPLIANT
    assert report["checked"] == [".margo-ssdf.yaml", "sub/.margo-ssdf.yaml"]
    [problem] = report["problems"]  # type: ignore[misc]
    assert (problem["path"], problem["line"], problem["rule"]) == (".margo-ssdf.yaml", 2,
                                                                   CONFIG_RULE)
    assert "exclued" in problem["message"] and "unknown key" in problem["message"]


def test_policy_checks_a_policy_file_and_ignores_a_pyproject_without_our_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n",
                              "policy.yaml": "name: mine\ntasks: {}\n"})
    assert _hook(capsys, root, "policy", "pyproject.toml") == (
        ExitCode.COMPLIANT, {"hook": "policy", "checked": [], "problems": []})
    code, report = _hook(capsys, root, "policy", "policy.yaml")
    assert code == ExitCode.NOT_COMPLIANT
    assert "says nothing about" in report["problems"][0]["message"]  # type: ignore[index]


def test_text_output_is_one_file_line_rule_message_per_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path, {"compose.yaml": PRIVILEGED_COMPOSE})
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert main(["hook", "isolation", "compose.yaml"]) == ExitCode.NOT_COMPLIANT
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    assert "compose.yaml:4: margo.isolation.privileged service 'web' runs privileged; remove " \
        "`privileged: true`" in captured.out.splitlines()
    assert "margo-ssdf hook isolation: 7 problem(s) in 1 file(s) checked." in captured.err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "proj", {"a.py": "x = 1\n"})
    outside = _sample(tmp_path, {"b.py": "x = 1\n"}) / "b.py"
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert main(["hook", "sast", str(outside)]) == ExitCode.USAGE
        assert "not inside the project" in capsys.readouterr().err
        assert main(["hook", "sast", "missing.py"]) == ExitCode.USAGE
        assert main(["hook", "nope", "a.py"]) == ExitCode.USAGE
    finally:
        os.chdir(cwd)


def _offline_prefix() -> list[str]:
    """`unshare -rn` (no network at all) where user namespaces allow it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True,
                                  timeout=30).returncode == 0:
        return [unshare, "-rn"]
    return []


def test_pre_commit_try_repo_runs_the_real_manifest_on_a_sample_repository(
        tmp_path: Path) -> None:
    """`pre-commit try-repo` of this repository on a sample git repository, offline.

    Real: our `.pre-commit-hooks.yaml` as committed or staged here, pre-commit's try-repo
    (clone, virtualenv, `pip install .` of this repository, the `margo-ssdf` console script
    of that install, file selection by `types_or`/`files`, exit codes), and bandit, semgrep
    with the bundled rules and the isolation rules on the sample's files.
    Stands in for PyPI: pip may not download (PIP_NO_INDEX, PIP_NO_DEPS), so the hook venv
    sees our dependencies (and hatchling, for a build without isolation) through PYTHONPATH
    set to this interpreter's site-packages, and semgrep through PATH. Our tool runner drops
    PYTHONPATH, so the sample's configuration sets sast.bandit's own `python` option to
    `python3.X` (the hook venv's interpreter by another name), which runs bandit with bandit's
    import path. The
    network is cut with `unshare -rn` where allowed, else every proxy points at a closed port.
    """
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and this repository's git checkout")
    pytest.importorskip("pre_commit")
    sample = _sample(tmp_path / "sample", {
        "bad.py": BAD_PY, "ok.py": "print('hello')\n", "compose.yaml": PRIVILEGED_COMPOSE,
        ".margo-ssdf.yaml": "checks:\n  sast.bandit:\n    options:\n"
                            f"      python: python{sys.version_info[0]}.{sys.version_info[1]}\n",
    })
    git(sample, "init", "-q", "-b", "main")
    git(sample, "add", "-A")
    bindir = str(Path(sys.executable).parent)
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PIP_NO_INDEX": "1",
           "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0",  # pip reads "0" as "no isolation"
           "PYTHONPATH": sysconfig.get_paths()["purelib"],
           "VIRTUALENV_NO_PERIODIC_UPDATE": "1", "VIRTUALENV_NO_DOWNLOAD": "1",
           "PATH": f"{os.environ.get('PATH', os.defpath)}{os.pathsep}{bindir}",
           "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead, "https_proxy": dead,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    run = subprocess.run([*_offline_prefix(), sys.executable, "-m", "pre_commit", "try-repo",
                          str(REPO), "--all-files", "--color", "never"],
                         cwd=sample, env=env, capture_output=True, text=True, timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    lines = out.splitlines()
    failed = {line.split("hook id: ")[1] for line in lines if "hook id: " in line}
    assert failed == {"margo-ssdf-sast", "margo-ssdf-isolation"}, out
    assert any(line.startswith("bad.py:3: B602 ") for line in lines), out
    assert any(line.startswith("compose.yaml:4: margo.isolation.privileged ") for line in lines)
    assert not any(line.startswith("ok.py") for line in lines)
    [policy] = [line for line in lines if line.startswith("margo-ssdf configuration and policy")]
    assert policy.endswith("Passed"), out


def test_policy_loads_the_configured_policy_file_when_it_alone_changed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`always_run`: pre-commit passes no file when only policies/strict.yaml changed; the
    project's configuration is loaded anyway, and with it the policy it names."""
    root = _sample(tmp_path, {".margo-ssdf.yaml": "policy: policies/strict.yaml\n",
                              "policies/strict.yaml": "name: strict\ntasks: {}\n"})
    code, report = _hook(capsys, root, "policy")
    assert code == ExitCode.NOT_COMPLIANT
    assert report["checked"] == [".margo-ssdf.yaml"]
    assert "says nothing about" in report["problems"][0]["message"]  # type: ignore[index]


def test_a_check_that_cannot_run_fails_the_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from margo_ssdf.checks.interface import CheckContext
    from margo_ssdf.checks.sast_semgrep import SemgrepCheck
    from margo_ssdf.models import CheckResult, Outcome

    def gave_up(self: SemgrepCheck, ctx: CheckContext) -> CheckResult:
        return self.result(ctx, Outcome.ERROR, "semgrep timed out after 1 s")

    monkeypatch.setattr(SemgrepCheck, "run", gave_up)
    root = _sample(tmp_path, {"app.py": "def f(x):\n    return x\n"})
    code, report = _hook(capsys, root, "sast", "app.py")
    assert code == ExitCode.NOT_COMPLIANT
    assert ("", 0, "sast.semgrep") in _found(report)
