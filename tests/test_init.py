"""`margo-ssdf init`, and `verify` refusing what is still the template."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf import checks, placeholders
from margo_ssdf.checks.repo_hygiene import pinned
from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode
from margo_ssdf.evaluate import evaluate, read_declarations
from margo_ssdf.models import TaskState
from margo_ssdf.policy import load_configuration
from margo_ssdf.scaffold import WORKFLOW, Action, init_project
from tests.conftest import git

DECLARED = {"PO.1.1", "PO.1.2", "PO.1.3", "PO.2.2", "PO.2.3", "PO.3.1", "PO.4.1", "PO.5.2",
            "PW.1.3", "PW.4.2", "PW.6.1", "PW.6.2", "PW.7.1", "PW.8.1", "RV.3.1", "RV.3.2",
            "RV.3.4"}
SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"


def _init_json(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["init", str(root), "--format", "json", *args]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def _new_repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("print('hello')\n")
    git(root, "init", "-q", "-b", "main")
    return root


def test_init_writes_every_file_and_the_configuration_loads(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    root = _new_repo(tmp_path)
    out = _init_json(root, capsys)
    written = {f["path"] for f in out["files"] if f["action"] == "written"}  # type: ignore[attr-defined,index]
    assert written == {".margo-ssdf.yaml", "docs/SSDF.md", "SECURITY.md", ".github/CODEOWNERS",
                       ".margo-ssdf/allowed_signers", WORKFLOW}
    config = load_configuration(root, checks=checks.registry())
    assert config.config_file == ".margo-ssdf.yaml"
    assert config.policy.tasks["PO.1.1"].declared == "docs/SSDF.md"
    # One section per declared task, each with the heading the declaration reader looks for.
    text = (root / "docs/SSDF.md").read_text()
    assert {tid for tid in DECLARED if placeholders.sections(text, tid)} == DECLARED
    assert len(re.findall(r"^## ", text, re.M)) == len(DECLARED)


def test_init_never_overwrites_and_says_what_it_kept(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_repo(tmp_path)
    (root / "SECURITY.md").write_text("Mail security@example.org.\n")
    (root / "MAINTAINERS").write_text("Alice\n")
    (root / "docs").mkdir()
    (root / "docs/SSDF.md").write_text("# ours\n")
    out = _init_json(root, capsys)
    kept = {f["path"]: f["note"] for f in out["files"] if f["action"] == "kept"}  # type: ignore[attr-defined,index]
    assert kept == {"SECURITY.md": "already there", "docs/SSDF.md": "already there",
                    ".github/CODEOWNERS": "MAINTAINERS does its job"}
    assert (root / "SECURITY.md").read_text() == "Mail security@example.org.\n"
    assert (root / "docs/SSDF.md").read_text() == "# ours\n"
    assert not (root / ".github/CODEOWNERS").exists()
    # A second run writes nothing and leaves nothing new to do.
    again = _init_json(root, capsys)
    assert {f["action"] for f in again["files"]} == {"kept"}  # type: ignore[attr-defined,index]
    assert again["todo"] == []


def test_init_text_output_lists_what_is_left(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_repo(tmp_path)
    assert main(["init", str(root), "--action-ref", SHA]) == 0
    text = capsys.readouterr().out
    assert "wrote docs/SSDF.md" in text
    assert "SECURITY.md: how to report a vulnerability" in text
    assert "docs/SSDF.md: section RV.3.4" in text
    assert WORKFLOW + ":" not in text  # pinned, so nothing left to do in the workflow


def test_init_on_an_empty_repository_then_verify_names_exactly_the_placeholders(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The done-when of issue 21: every placeholder init lists is what verify reports as
    still the template, and nothing else is."""
    root = _new_repo(tmp_path)
    todo = _init_json(root, capsys)["todo"]
    git(root, "add", "-A")
    git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "init")
    # repo.hygiene is the only check that reads the templates; the others do not change
    # which placeholders are named, so the test does not wait for them.
    code = main(["verify", str(root), "--check", "repo.hygiene", "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert code in (ExitCode.NOT_COMPLIANT, ExitCode.CHECK_ERROR)
    tasks = {t["task_id"]: t for t in summary["evaluation"]["tasks"]}
    template = {tid: t["reason"] for tid, t in tasks.items() if "still the template" in t["reason"]}
    sections = {tid for tid, r in template.items() if r.startswith("still the template")}
    assert sections == DECLARED
    assert all(tasks[tid]["state"] == "not_satisfied" for tid in sections)
    assert "SECURITY.md is still the template" in template.pop("RV.1.3")
    assert ".github/CODEOWNERS is still the template" in template.pop("PO.2.1")
    assert ".margo-ssdf/allowed_signers: holds no SSH public key (it is still the template)" \
        in template.pop("PS.1.1")
    assert set(template) == DECLARED
    # The workflow's placeholder pin is the one unpinned reference repo.hygiene reports.
    hygiene = next(r for r in summary["results"] if r["check_id"] == "repo.hygiene")
    pins = next(p for p in hygiene["probes"] if p["id"] == "workflow-pins")
    assert pins["outcome"] == "fail"
    assert [loc.split(":")[0] for loc in pins["locations"]] == [WORKFLOW]
    # And init's list names exactly those files and sections.
    named = {(t["path"], t["what"].split(":")[0]) for t in todo}  # type: ignore[attr-defined,index]
    assert {w.removeprefix("section ") for p, w in named if p == "docs/SSDF.md"} == DECLARED
    assert {p for p, _ in named} == {"docs/SSDF.md", "SECURITY.md", ".github/CODEOWNERS",
                                     ".margo-ssdf/allowed_signers", WORKFLOW}


def test_filling_a_section_declares_exactly_that_task(tmp_path: Path) -> None:
    root = tmp_path
    policy = load_configuration(root, checks=checks.registry()).policy
    init_project(root, policy)
    doc = root / "docs/SSDF.md"
    text = doc.read_text()
    head, _, rest = text.partition("## PO.1.2")
    filled = re.sub(r"TODO:.*", "Requirements live in issues labelled security.", head)
    doc.write_text(filled + "## PO.1.2" + rest)
    statuses = {s.task_id: s for s in evaluate(policy, {}, read_declarations(policy, root)).tasks}
    assert statuses["PO.1.1"].state is TaskState.DECLARED
    assert statuses["PO.1.2"].state is TaskState.NOT_SATISFIED
    assert statuses["PO.1.2"].reason.startswith("still the template")
    # The digest of the document is still recorded, so an auditor sees what was judged.
    assert statuses["PO.1.2"].document is not None


def test_a_todo_anywhere_in_the_section_counts_but_not_in_another_section() -> None:
    text = ("# Doc\n\n## PO.1.1, PO.1.2: requirements\nWe do it.\n### details\nTODO later\n"
            "## PO.1.3\nDone.\n```\n# PO.1.3 is not a heading in code\n```\n## PO.1.30\nTODO\n")
    assert placeholders.section_markers(text, "PO.1.1") == [6]
    assert placeholders.section_markers(text, "PO.1.2") == [6]
    assert placeholders.section_markers(text, "PO.1.3") == []
    assert len(placeholders.sections(text, "PO.1.3")) == 1
    # TODOs as words only: "TODOS" or "mastodon" are not markers.
    assert placeholders.marker_lines("TODOS\nmastodon\n- TODO: x\n") == [3]


def test_a_task_declared_in_prose_is_checked_on_the_lines_naming_it() -> None:
    """The review's case: no heading names the task, the TODO sits on its line."""
    text = "# Our SSDF\n\nPO.1.1: TODO say how\nPO.1.10: TODO\nPO.1.2: we do it.\n"
    assert placeholders.section_markers(text, "PO.1.1") == [3]
    assert placeholders.section_markers(text, "PO.1.2") == []


def test_the_placeholder_pin_never_counts_as_pinned() -> None:
    assert not pinned("margo-ssdf/margo-ssdf/workflows@" + "0" * 40)
    assert pinned("margo-ssdf/margo-ssdf/workflows@" + SHA)


def test_a_bad_action_ref_is_a_usage_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path), "--action-ref", "main"]) == ExitCode.USAGE
    assert "not a full commit SHA" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written before the refusal


def test_the_release_workflow_passes_zizmor(tmp_path: Path) -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if zizmor is None:
        pytest.skip("zizmor is not installed beside this interpreter")
    policy = load_configuration(tmp_path, checks=checks.registry()).policy
    scaffold = init_project(tmp_path, policy, action_ref=SHA)
    assert {f.path: f.action for f in scaffold.files}[WORKFLOW] is Action.WRITTEN
    assert "TODO" not in (tmp_path / WORKFLOW).read_text()
    # As .ci/lint-workflows runs it: offline, nothing at medium or above.
    proc = subprocess.run([zizmor, "--offline", "--no-progress", "--min-severity", "medium",
                           str(tmp_path / WORKFLOW)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_init_writes_nothing_outside_the_project(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The review's case: a configured key file under `..` and `.github` a link out."""
    root, outside = tmp_path / "p", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / ".margo-ssdf.yaml").write_text(
        "checks:\n  repo.hygiene:\n    options: {allowed_signers: ../outside/signers}\n")
    (root / ".github").symlink_to(outside, target_is_directory=True)
    code = main(["init", str(root)])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE  # an output that cannot be written where asked
    assert "a link out of" in err and "Traceback" not in err
    assert list(outside.iterdir()) == []


def test_write_atomic_refuses_a_path_that_leaves_its_directory(tmp_path: Path) -> None:
    from margo_ssdf.errors import OutputError
    from margo_ssdf.files import write_atomic

    inside = tmp_path / "in"
    inside.mkdir()
    with pytest.raises(OutputError, match="outside"):
        write_atomic(inside / ".." / "x", b"", within=inside)
    (inside / "out").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OutputError, match="link out of"):
        write_atomic(inside / "out" / "x", b"", within=inside)
    assert not (tmp_path / "x").exists()
