"""The composite action's shell step, run locally in a simulated GitHub Actions environment."""

from __future__ import annotations

import base64
import fnmatch
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from margo_ssdf.cli import main
from tests.conftest import REPO, make_project

SCRIPT = REPO / "workflows" / "attest.sh"


@pytest.fixture
def github(tmp_path: Path, osv_db: Path) -> dict[str, str]:
    workspace = make_project(tmp_path / "workspace")
    (workspace / "dist").mkdir()
    (workspace / "dist" / "demo-1.0.0.tar.gz").write_bytes(b"release")
    margo = tmp_path / "margo-ssdf"
    margo.write_text(f"#!/bin/sh\nexec {sys.executable} -m margo_ssdf \"$@\"\n")
    margo.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ACTIONS_"))}
    env.update({
        "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_REPOSITORY": "margo/demo", "GITHUB_SHA": "a" * 40,
        "GITHUB_REF": "refs/tags/v1.0.0", "GITHUB_RUN_ID": "42",
        "GITHUB_WORKFLOW_REF": "margo/demo/.github/workflows/release.yml@refs/tags/v1.0.0",
        "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "sum"),
        "RUNNER_TEMP": str(tmp_path), "MARGO_SSDF_BIN": str(margo),
        "MARGO_SSDF_DB": str(osv_db), "MARGO_SSDF_CACHE_DIR": str(tmp_path / "cache"),
        "INPUT_PATH": ".", "INPUT_ARTIFACTS": "dist/*.tar.gz", "INPUT_OUT": "evidence",
        "INPUT_SIGN": "none", "INPUT_FAIL_ON_NONCOMPLIANT": "true",
    })
    return env


def run(env: dict[str, str], **changes: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT)], cwd=env["GITHUB_WORKSPACE"],
                          env={**env, **changes}, capture_output=True, text=True, timeout=300)


def test_key_signed_release_sets_outputs_and_summary(github: dict[str, str],
                                                     tmp_path: Path) -> None:
    assert main(["keygen", "--out", str(tmp_path / "rel")]) == 0
    done = run(github, INPUT_SIGN="key", INPUT_KEY_FILE=str(tmp_path / "rel.key"))
    assert done.returncode == 0, done.stdout + done.stderr
    outputs = dict(line.split("=", 1) for line in
                   Path(github["GITHUB_OUTPUT"]).read_text().splitlines())
    assert outputs["verdict"] == "compliant" and outputs["out-dir"] == "evidence"
    assert outputs["attestation"].endswith(".dsse.json")
    assert outputs["statements"].endswith(".intoto.jsonl")
    summary = Path(github["GITHUB_STEP_SUMMARY"]).read_text()
    assert "VERIFIED" in summary and "NOT VERIFIED" not in summary  # the Markdown report
    signed = Path(github["GITHUB_WORKSPACE"]) / outputs["attestation"]
    assert main(["audit", str(signed), "--key", str(tmp_path / "rel.pub")]) == 0


@pytest.mark.parametrize(("changes", "words"), [
    ({"INPUT_ARTIFACTS": "dist/*.whl"}, "--artifact 'dist/*.whl' matches no file"),
    ({"INPUT_IMAGES": "ghcr.io/margo/agent:latest"}, "is not NAME@sha256"),
    ({"INPUT_SIGN": "sigstore"}, "Add 'permissions: id-token: write' to the job"),
    ({"INPUT_SIGN": "key"}, "sign: key needs the key-file input"),
    ({"INPUT_OSV_SOURCE": "no-such-dir"}, "osv-source 'no-such-dir' could not be imported"),
])
def test_bad_inputs_become_error_annotations(github: dict[str, str], changes: dict[str, str],
                                             words: str) -> None:
    done = run(github, **changes)
    assert done.returncode == 2
    errors = [line for line in done.stdout.splitlines()
              if line.startswith("::error title=margo-ssdf::")]
    assert errors and any(words in line for line in errors), done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_non_compliant_release_fails_the_step_unless_told_not_to(github: dict[str, str]) -> None:
    (Path(github["GITHUB_WORKSPACE"]) / "SECURITY.md").unlink()
    done = run(github)
    assert done.returncode == 1
    assert "::error title=margo-ssdf::release is not compliant" in done.stdout
    done = run(github, INPUT_FAIL_ON_NONCOMPLIANT="false")
    assert done.returncode == 0 and "::warning title=margo-ssdf::" in done.stdout


# ---- the pinned, hash-checked install and the artifact names ------------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "margo-ssdf.yml"
ACTION = REPO / "workflows" / "action.yml"
LOCK = REPO / "workflows" / "requirements.lock"
INSTALL = REPO / "workflows" / "install.sh"


def _steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in doc:
        return list(doc["runs"]["steps"])
    return [step for job in doc["jobs"].values() for step in job.get("steps", [])]


def _yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def _lock() -> dict[str, tuple[str, list[str]]]:
    """{name: (version, [sha256...])} of workflows/requirements.lock."""
    text = LOCK.read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement, *options = line.split(" --hash=")
        spec = Requirement(requirement.strip())
        [pin] = list(spec.specifier)
        assert pin.operator == "==", line
        found[canonicalize_name(spec.name)] = (pin.version, [o.strip() for o in options])
    return found


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    import tomllib

    locked = _lock()
    for name, (_, hashes) in locked.items():
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), name
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    declared = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is declared in pyproject.toml but not locked"
        assert requirement.specifier.contains(locked[name][0], prereleases=True), text


def test_the_lock_is_closed_over_the_dependencies_it_pins() -> None:
    """Every requirement of a locked package (as installed here at the same version) is
    locked too, so `pip install --no-deps -r` leaves nothing out. install.sh's `pip check`
    proves the rest on the runner."""
    locked = _lock()
    checked = 0
    for name, (version, _) in locked.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if dist.version != version:
            continue
        checked += 1
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                assert canonicalize_name(requirement.name) in locked, (name, text)
    assert checked > len(locked) // 2  # the check looked at most of the lock


def test_the_lock_covers_the_pythons_the_action_and_workflow_use() -> None:
    covered = re.search(r"^# Pythons: ([0-9. ]+);", LOCK.read_text(), re.M)
    assert covered is not None
    pythons = covered[1].split()
    assert _yaml(ACTION)["inputs"]["python-version"]["default"] in pythons
    for step in _steps(_yaml(WORKFLOW)):
        if str(step.get("uses", "")).startswith("actions/setup-python@"):
            assert step["with"]["python-version"] in pythons


def test_margo_ssdf_is_installed_only_through_the_hash_checked_script() -> None:
    """No `pip install` of margo-ssdf or its dependencies outside install.sh, which passes
    --require-hashes for every dependency and installs margo-ssdf itself offline."""
    for path in [WORKFLOW, ACTION, *sorted((REPO / "workflows" / "examples").glob("*.yml"))]:
        runs = [str(step.get("run", "")) for step in _steps(_yaml(path))]
        assert not [r for r in runs if "pip install" in r and "margo" in r], path
    script = INSTALL.read_text()
    assert "--require-hashes --only-binary=:all: --no-deps -r \"$lock\"" in script
    assert "--no-deps --no-build-isolation --no-index \"$source\"" in script
    assert '"${pip[@]}" check' in script


def test_the_reusable_workflow_installs_its_own_commit_not_a_branch() -> None:
    doc = _yaml(WORKFLOW)
    inputs = doc[True]["workflow_call"]["inputs"]  # YAML 1.1 reads the key `on` as true
    assert inputs["tool-ref"]["default"] == "" and inputs["tool-repository"]["default"] == ""
    tool_checkouts = [step for step in _steps(doc) if step.get("with", {}).get("path")
                      == ".margo-ssdf-tool"]
    assert len(tool_checkouts) == 3  # the attest job, the publish job and the board job
    for step in tool_checkouts:
        assert step["with"]["ref"] == "${{ needs.tool.outputs.commit }}"
        assert step["with"]["repository"] == "${{ needs.tool.outputs.repository }}"
    assert "main" not in json.dumps(inputs)


def test_artifact_names_are_unique_to_the_call_and_the_check() -> None:
    doc = _yaml(WORKFLOW)
    names = {job: [step["with"]["name"] for step in spec.get("steps", [])
                   if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
             for job, spec in doc["jobs"].items()}
    prefix = "${{ needs.tool.outputs.prefix }}"
    assert names["checks"] == [f"{prefix}-check-${{{{ matrix.check }}}}"]
    assert names["attest"] == [f"{prefix}-release"]
    downloads = [step["with"] for step in doc["jobs"]["attest"]["steps"]
                 if str(step.get("uses", "")).startswith("actions/download-artifact@")]
    assert {"pattern": f"{prefix}-check-*", "path": "evidence"} in downloads
    # The release artifact does not match the evidence pattern.
    assert not fnmatch.fnmatch(names["attest"][0], f"{prefix}-check-*")
    [upload] = [step for step in _steps(_yaml(ACTION))
                if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload["with"]["name"] == "${{ steps.attest.outputs.artifact-name }}"
    assert upload["with"]["include-hidden-files"] is True  # keeps the .margo-ssdf-output marker


def _pin_script() -> str:
    [step] = [s for s in _yaml(WORKFLOW)["jobs"]["tool"]["steps"] if s.get("id") == "pin"]
    assert step["shell"] == "python"
    return str(step["run"])


class _TokenService(http.server.BaseHTTPRequestHandler):
    """GitHub's OIDC token endpoint, answering with a token for a reusable-workflow job."""

    claims: ClassVar[dict[str, str]] = {
        "job_workflow_ref": "margo-ssdf/margo-ssdf/.github/workflows/margo-ssdf.yml@refs/tags/v1",
        "job_workflow_sha": "c" * 40,
    }

    def do_GET(self) -> None:
        assert self.headers["Authorization"] == "bearer request-token"
        assert "audience=margo-ssdf" in self.path
        body = base64.urlsafe_b64encode(json.dumps(self.claims).encode()).rstrip(b"=").decode()
        answer = json.dumps({"value": f"e30.{body}.c2ln"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def token_service() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _TokenService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/token?api-version=2.0"
    finally:
        server.shutdown()


def _pin(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    output = tmp_path / "output"
    output.write_text("")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ACTIONS_"))}
    base |= {"GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_OUTPUT": str(output),
             "TOOL_REPOSITORY": "", "TOOL_REF": ""}
    done = subprocess.run([sys.executable, "-c", _pin_script()], env=base | env,
                          capture_output=True, text=True, timeout=60)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done, outputs


def test_the_workflow_pins_itself_to_its_own_commit(tmp_path: Path, token_service: str) -> None:
    oidc = {"ACTIONS_ID_TOKEN_REQUEST_URL": token_service,
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token"}
    done, outputs = _pin(tmp_path, **oidc)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs["repository"] == "margo-ssdf/margo-ssdf"
    assert outputs["commit"] == "c" * 40
    assert re.fullmatch(r"margo-ssdf-42-2-[0-9a-f]{8}", outputs["prefix"])
    _, again = _pin(tmp_path, **oidc)
    assert again["prefix"] != outputs["prefix"]  # two calls in one run never collide
    done, outputs = _pin(tmp_path, TOOL_REF="d" * 40, **oidc)
    assert outputs["commit"] == "d" * 40 and outputs["repository"] == "margo-ssdf/margo-ssdf"


@pytest.mark.parametrize(("env", "words"), [
    ({"TOOL_REPOSITORY": "margo-ssdf/margo-ssdf", "TOOL_REF": "main"},
     "tool-ref must be a full commit SHA (40 hex digits), not 'main'"),
    ({"TOOL_REPOSITORY": "margo-ssdf/margo-ssdf", "TOOL_REF": "v1.2.3"}, "a tag can move"),
    ({"TOOL_REPOSITORY": "x; rm -rf /", "TOOL_REF": "a" * 40}, "must be OWNER/NAME"),
    ({}, "give the calling job 'permissions: id-token: write'"),
])
def test_the_workflow_refuses_a_moving_or_missing_pin(tmp_path: Path, env: dict[str, str],
                                                      words: str) -> None:
    done, outputs = _pin(tmp_path, **env)
    assert done.returncode == 2 and words in done.stdout, done.stdout + done.stderr
    assert done.stdout.startswith("::error title=margo-ssdf::") and not outputs


def test_install_refuses_a_python_the_lock_does_not_cover(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 3.9\n")
    fake.chmod(0o755)
    done = subprocess.run(["bash", str(INSTALL), str(tmp_path / "venv"), str(REPO)],
                          env={**os.environ, "PYTHON": str(fake)}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "Python 3.9 is not one the dependency lock covers (3.11 3.12 3.13)" in done.stdout
    assert not (tmp_path / "venv").exists()
    done = subprocess.run(["bash", str(INSTALL), str(tmp_path / "venv"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "has no hash-locked dependencies" in done.stdout


def test_each_use_of_the_action_uploads_under_its_own_name(github: dict[str, str]) -> None:
    names = []
    for _ in range(2):
        # Unsigned (sign: none), the release is not compliant (PS.2.1): names are the point here.
        done = run(github, GITHUB_JOB="release", GITHUB_RUN_ATTEMPT="3",
                   INPUT_FAIL_ON_NONCOMPLIANT="false")
        assert done.returncode == 0, done.stdout + done.stderr
        outputs = dict(line.split("=", 1) for line in
                       Path(github["GITHUB_OUTPUT"]).read_text().splitlines())
        names.append(outputs["artifact-name"])
    assert all(re.fullmatch(r"margo-ssdf-42-3-release-[0-9a-f]{8}", n) for n in names), names
    assert names[0] != names[1]
    done = run(github, INPUT_ARTIFACT_NAME="my-evidence")
    outputs = dict(line.split("=", 1) for line in
                   Path(github["GITHUB_OUTPUT"]).read_text().splitlines())
    assert outputs["artifact-name"] == "my-evidence"
