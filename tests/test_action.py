"""The composite action's shell step, run locally in a simulated GitHub Actions environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
