"""No secret leaks: fake tokens in every common CI secret variable and in project files never
show up in any output file, stdout, stderr or log line of any command, verbose or not, run
in-process through main() or as `python -m margo_ssdf`; and the tools margo-ssdf starts never
receive them.

This goes beyond tests/attest/test_release.py, which checks the files `attest` writes.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
import textwrap
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.cli import main
from tests.conftest import REPO, git, make_project
from tests.reliability.conftest import PYTHON

_SALT = secrets.token_hex(6)
SECRETS = {
    "GITHUB_TOKEN": f"ghp_FAKE{_SALT}githubtoken0000000000",
    "GH_TOKEN": f"gho_FAKE{_SALT}ghcli00000000000000000",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN": f"FAKEoidcRequest{_SALT}token",
    "ACTIONS_RUNTIME_TOKEN": f"eyJ0eXAiOiJKV1QiFAKE.runtime{_SALT}.sig",
    "AWS_ACCESS_KEY_ID": f"AKIAFAKE{_SALT.upper()}",
    "AWS_SECRET_ACCESS_KEY": f"FAKEwJalrXUtnFEMI/K7MDENG/{_SALT}EXAMPLEKEY",
    "AWS_SESSION_TOKEN": f"FAKEsession{_SALT}token//////",
    "PYPI_API_TOKEN": f"pypi-AgEIcHlwaS5vcmcFAKE{_SALT}",
    "TWINE_PASSWORD": f"pypi-AgENdGVzdC5weXBpFAKE{_SALT}",
    "NPM_TOKEN": f"npm_FAKE{_SALT}npmtoken000000000",
    "DOCKER_PASSWORD": f"dckr_pat_FAKE{_SALT}",
    "CI_JOB_TOKEN": f"glcbt-FAKE{_SALT}",
    "SIGSTORE_ID_TOKEN": f"eyJhbGciOiJSUzI1NiJ9.FAKEsigstore{_SALT}.sig",
    "MARGO_SSDF_IDENTITY_TOKEN": f"eyJhbGciOiJSUzI1NiJ9.FAKEidentity{_SALT}.sig",
    "MARGO_SSDF_KEY_PASSWORD": f"correct-horse-FAKE-{_SALT}",
}
IN_FILES = {".env": f"FAKEdotenv{_SALT}secret", "deploy/credentials.yaml": f"FAKEyaml{_SALT}pw"}
CI = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "margo/demo", "GITHUB_RUN_ID": "42",
      "GITHUB_WORKFLOW_REF": "margo/demo/.github/workflows/rel.yml@refs/tags/v1.0.0",
      "GITHUB_SERVER_URL": "https://github.com", "GITHUB_SHA": "0" * 40}
ALL_VALUES = {**SECRETS, **{f"file {k}": v for k, v in IN_FILES.items()}}


def leaks(text: str | bytes, where: str) -> list[str]:
    """Which secret values appear in `text`."""
    data = text.encode() if isinstance(text, str) else text
    return [f"{name} in {where}" for name, value in ALL_VALUES.items() if value.encode() in data]


def files_leaking(root: Path, skip: tuple[Path, ...] = ()) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not any(path.is_relative_to(s) for s in skip):
            found += leaks(path.read_bytes(), str(path.relative_to(root)))
    return found


def _fake_tools(bin_dir: Path, dump: Path) -> None:
    """helm and git on PATH that write their environment to `dump` (git then runs the real one)."""
    real_git = shutil.which("git")
    bin_dir.mkdir()
    for name, then in (("helm", "sys.exit(1)"),
                       ("git", f"os.execv({real_git!r}, [{real_git!r}, *sys.argv[1:]])")):
        path = bin_dir / name
        path.write_text(textwrap.dedent(f"""\
            #!{PYTHON}
            import json, os, sys
            with open({str(dump)!r}, "a") as f:
                f.write(json.dumps({{"tool": {name!r}, "argv": sys.argv[1:],
                                    "env": dict(os.environ)}}) + "\\n")
            {then}
            """))
        path.chmod(0o755)


def _project(base: Path) -> Path:
    root = make_project(base / "proj", in_git=False)
    for rel, value in IN_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"password: {value}\n" if rel.endswith(".yaml")
                                else f"API_TOKEN={value}\n")
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 1.0.0\n")
    (chart / "templates" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n"
                                                 "metadata:\n  name: demo\n  namespace: demo\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    return root


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Any]]:
    """A project in git with secrets in .env and a YAML file, secrets in the environment, a
    helm and a git that record what environment they were given."""
    base = tmp_path_factory.mktemp("secrets")
    dump = base / "tool-env.jsonl"
    _fake_tools(base / "bin", dump)
    project = _project(base)
    (base / "release-1.0.0.tar.gz").write_bytes(b"release bytes")
    advisories = base / "advisories"
    advisories.mkdir()
    (advisories / "PYSEC-0000-1.json").write_text(json.dumps({
        "id": "PYSEC-0000-1", "modified": "2024-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "click"},
                      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"},
                                                                  {"fixed": "0.1"}]}]}]}))
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {**SECRETS, **CI}.items():
            mp.setenv(name, value)
        mp.setenv("PATH", f"{base / 'bin'}{os.pathsep}{os.environ['PATH']}")
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(base / "cache"))
        mp.delenv("CI", raising=False)
        yield {"base": base, "project": project, "dump": dump, "advisories": advisories,
               "outputs": base / "outputs"}


def _commands(w: dict[str, Any]) -> list[list[str]]:
    o, p, b = w["outputs"], str(w["project"]), w["base"]
    artifact = str(b / "release-1.0.0.tar.gz")
    return [
        ["keygen", "--out", str(o / "key")],
        ["-v", "verify", p],
        ["verify", p, "--format", "json"],
        ["-v", "run", p, "--out", str(o / "run")],
        ["-v", "attest", p, "--artifact", artifact, "--sign", "key", "--key",
         str(o / "key.key"), "--out", str(o / "attest")],
        ["-v", "audit", str(o / "attest" / "demo-1.0.0.dsse.json"), "--key", str(o / "key.pub"),
         "--artifact", artifact, "--evidence-dir", str(o / "attest"), "--allow-noncompliant"],
        ["audit", str(o / "attest" / "demo-1.0.0.dsse.json"), "--key", str(o / "key.pub"),
         "--format", "json"],
        ["-v", "sbom", p, "-o", str(o / "sbom.json")],
        ["sbom", p, "-o", str(o / "sbom.xml"), "--format", "xml"],
        ["-v", "audit-sbom", str(o / "sbom.json")],
        ["-v", "db", "status"],
        ["db", "status", "--format", "json"],
        ["-v", "db", "import", str(w["advisories"]), "--db", str(o / "new.db")],
        ["-v", "triage", p],
        ["-v", "practices", p],
        ["checks", "--format", "json"],
        # Failures print their own messages and, with -v, tracebacks.
        ["-v", "audit", str(o / "attest" / "demo-1.0.0.dsse.json")],
        ["-v", "attest", p, "--artifact", artifact, "--sign", "sigstore", "--out",
         str(o / "keyless")],
        ["-v", "run", p, "--out", str(o / "run"), "--policy", str(b / "missing-policy.yaml")],
    ]


def test_no_command_prints_logs_or_writes_a_secret(
        world: dict[str, Any], capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    world["outputs"].mkdir()
    found: list[str] = []
    codes = []
    for argv in _commands(world):
        try:
            codes.append(main(argv))
        except Exception as exc:  # -v lets an internal error out with its traceback
            codes.append(None)
            found += leaks("".join(traceback.format_exception(exc)), f"traceback of {argv}")
        out, err = capsys.readouterr()
        found += leaks(out, f"stdout of {argv}") + leaks(err, f"stderr of {argv}")
        for record in caplog.records:
            found += leaks(record.getMessage() + (record.exc_text or ""), f"log of {argv}")
        caplog.clear()
    assert codes[0] == 0 and (world["outputs"] / "attest" / "demo-1.0.0.dsse.json").is_file()
    assert codes[5] == 0, "the audit of the attestation made with secrets around must pass"
    # Every file margo-ssdf wrote: outputs, the new database, and the result cache.
    found += files_leaking(world["base"], skip=(world["project"], world["advisories"],
                                                world["base"] / "bin", world["dump"]))
    found += files_leaking(Path(os.environ["MARGO_SSDF_CACHE_DIR"]))
    assert not found, found


def test_no_secret_reaches_the_output_of_python_dash_m(world: dict[str, Any],
                                                       tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = tmp_path / "attest"
    key = world["outputs"] / "key.key"
    runs = [  # attest runs every check of the policy, as verify does, then signs
        ["-v", "attest", str(world["project"]), "--no-cache", "--artifact",
         str(world["base"] / "release-1.0.0.tar.gz"), "--sign", "key", "--key", str(key),
         "--out", str(out)],
        ["-v", "db", "status"],
    ]
    if not key.exists():  # the in-process test made the key; make one when run alone
        runs.insert(0, ["keygen", "--out", str(key.with_suffix(""))])
    found: list[str] = []
    for argv in runs:
        proc = subprocess.run([PYTHON, "-m", "margo_ssdf", *argv], capture_output=True,
                              env=env, timeout=300, check=False)
        assert proc.returncode in (0, 1, 3), proc.stderr.decode()[-2000:]
        found += leaks(proc.stdout, f"stdout of {argv}") + leaks(proc.stderr, f"stderr of {argv}")
    found += files_leaking(tmp_path)
    assert not found, found


def _tool_runs(world: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """{tool: [{"argv": [...], "env": {...}}, ...]} for every helm and git started."""
    if not world["dump"].exists():  # run alone: make the tools run once
        main(["verify", str(world["project"]), "--no-cache"])
    seen: dict[str, list[dict[str, Any]]] = {}
    for line in world["dump"].read_text().splitlines():
        entry = json.loads(line)
        seen.setdefault(entry["tool"], []).append(entry)
    return seen


def test_tools_started_by_margo_ssdf_never_see_a_secret(world: dict[str, Any]) -> None:
    helm = _tool_runs(world).get("helm")
    assert helm, "helm was never run"
    for run in helm:
        assert not set(run["env"]) & set(SECRETS), sorted(set(run["env"]) & set(SECRETS))
        assert not leaks(json.dumps(run["env"]), "helm's environment")


def test_git_never_sees_a_secret(world: dict[str, Any]) -> None:
    """K19: every git command margo-ssdf runs gets the allow-listed environment.

    The one exception is GitPython's own `git version` when it is first imported in a process
    (here: by `python -m margo_ssdf`): it starts no configured program, and nothing else can
    run in its place.
    """
    gits = _tool_runs(world).get("git")
    assert gits, "git was never run"
    commands = {run["argv"][2] if run["argv"][:1] == ["-C"] else run["argv"][0] for run in gits}
    # No `describe`: the project's version comes from its pyproject, git only when nothing does.
    assert {"status", "rev-list", "log"} <= commands, commands
    exposed = sorted({(" ".join(run["argv"][:3]), name) for run in gits
                      for name in set(run["env"]) & set(SECRETS)
                      if run["argv"] != ["version"]})
    assert not exposed, exposed
    for run in gits:
        if run["argv"] != ["version"]:
            assert not leaks(json.dumps(run["env"]), f"git {run['argv'][:3]}'s environment")


def test_a_token_hard_coded_in_python_is_not_copied_into_evidence(tmp_path: Path,
                                                                   osv_db: Path) -> None:
    root = make_project(tmp_path / "proj")
    token = f"ghp_FAKEinsource{_SALT}00000000000"
    (root / "settings.py").write_text(f'password = "{token}"\n')
    out = tmp_path / "out"
    assert main(["run", str(root), "--check", "sast.bandit", "--no-cache", "--out",
                 str(out)]) in (1, 3)
    assert (out / "checks" / "sast.bandit" / "sast.bandit.sarif").is_file()
    leaked = [str(p.relative_to(out)) for p in out.rglob("*")
              if p.is_file() and token.encode() in p.read_bytes()]
    assert not leaked, leaked
