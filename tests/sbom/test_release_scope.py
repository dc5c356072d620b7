"""The SBOM describes the release: not its examples' or test data's pins; and `margo-ssdf sbom`
reads the project's configuration as `verify` does, so it writes the SBOM the check writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from margo_ssdf.checks import CheckContext
from margo_ssdf.checks.sbom import SbomCheck
from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode
from margo_ssdf.flow import RunRequest, prepare
from margo_ssdf.resources import rules_dir
from tests.discovery.release_fixtures import (
    EXAMPLE_REQUIREMENTS,
    EXAMPLE_RULE,
    flask_like,
    go_with_testdata,
)


def _names(bom: dict[str, Any]) -> set[str]:
    return {c["name"] for c in bom["components"]}


def _graph(bom: dict[str, Any]) -> tuple[list[tuple[str, str, str]], list[Any]]:
    """What must be equal between two SBOMs of one project: components and the graph."""
    comps = sorted((c["bom-ref"], c.get("purl", ""), json.dumps(c, sort_keys=True))
                   for c in bom["components"])
    deps = sorted((d["ref"], sorted(d.get("dependsOn", []))) for d in bom["dependencies"])
    return comps, deps


def _command(root: Path, out: Path, *args: str) -> dict[str, Any]:
    assert main(["sbom", str(root), "-o", str(out), *args]) == 0
    return json.loads(out.read_text())


def _check(root: Path, evidence: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sbom check as `verify` runs it: its SBOM and its ntia.json."""
    project, config = prepare(RunRequest(root=root))
    check = SbomCheck()
    result = check.run(CheckContext(project=project, options=config.policy.options_for(check),
                                    evidence_root=evidence, timeout=60))
    files = {e.path.rsplit("/", 1)[-1]: evidence / e.path for e in result.evidence}
    return (json.loads(files["sbom.cdx.json"].read_text()),
            json.loads(files["ntia.json"].read_text()))


def test_the_sbom_lists_the_release_not_the_example(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = flask_like(tmp_path / "flask")
    bom = _command(root, tmp_path / "bom.json")
    # The release's own component and its locked dependencies; nothing of the example's.
    assert _names(bom) == {"flask", "click", "itsdangerous"}
    err = capsys.readouterr().err
    assert f"skipped {EXAMPLE_REQUIREMENTS}: not the release's ({EXAMPLE_RULE})" in err
    _, ntia = _check(root, tmp_path / "ev")
    assert {"manifest": EXAMPLE_REQUIREMENTS, "rule": EXAMPLE_RULE} in \
        ntia["release_scope"]["skipped"]


def test_release_include_brings_the_example_pins_back(tmp_path: Path) -> None:
    root = flask_like(tmp_path / "flask")
    (root / ".margo-ssdf.yaml").write_text('release:\n  include: ["examples/**"]\n')
    bom = _command(root, tmp_path / "bom.json")
    assert "requests" in _names(bom)
    assert _graph(bom) == _graph(_check(root, tmp_path / "ev")[0])


def test_command_and_check_write_the_same_sbom_under_the_configuration(tmp_path: Path) -> None:
    root = flask_like(tmp_path / "flask")
    (root / "legacy").mkdir()
    (root / "legacy" / "requirements.txt").write_text("jinja2==2.10\n")
    (root / "tools").mkdir()
    (root / "tools" / "requirements.txt").write_text("black==24.1.0\n")
    (root / ".margo-ssdf.yaml").write_text(
        "exclude: [legacy]\nrelease:\n  exclude: [tools]\n"
        "checks:\n  sbom:\n    options:\n      include_dev: true\n")
    bom = _command(root, tmp_path / "bom.json")
    # The excludes, the release scope and the check's option all hold, as under verify.
    assert _names(bom) == {"flask", "click", "itsdangerous", "pytest"}
    assert _graph(bom) == _graph(_check(root, tmp_path / "ev")[0])
    # The command line still wins where it says something.
    assert _names(_command(root, tmp_path / "b2.json", "--no-include-dev")) == {
        "flask", "click", "itsdangerous"}


def test_the_command_takes_config_and_policy_like_verify(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = flask_like(tmp_path / "flask")
    other = tmp_path / "scope.yaml"
    other.write_text("release: {include: ['examples/**']}\n")
    assert "requests" in _names(_command(root, tmp_path / "bom.json", "--config", str(other)))
    (root / ".margo-ssdf.yaml").write_text("release: {include: 'examples/**'}\n")
    capsys.readouterr()
    assert main(["sbom", str(root), "-o", str(tmp_path / "bad.json")]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert ".margo-ssdf.yaml:1 (key 'release.include'): Input should be a valid list" in err
    assert "e.g. release: {include: ['examples/**']" in err  # the fix
    assert not (tmp_path / "bad.json").exists()
    (root / ".margo-ssdf.yaml").unlink()
    policy = yaml.safe_load((rules_dir() / "policy" / "default.yaml").read_text())
    policy["checks"]["sbom"]["options"] = {"include_dev": True}
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(policy))
    assert "pytest" in _names(_command(root, tmp_path / "bom3.json", "--policy",
                                       str(tmp_path / "policy.yaml")))


def test_go_testdata_modules_are_not_in_the_sbom(tmp_path: Path) -> None:
    root = go_with_testdata(tmp_path / "agent")
    bom = _command(root, tmp_path / "bom.json")
    assert "golang.org/x/net" not in _names(bom) and "golang.org/x/text" in _names(bom)
    (root / ".margo-ssdf.yaml").write_text("release: {include: ['**/testdata/**']}\n")
    assert "golang.org/x/net" in _names(_command(root, tmp_path / "bom2.json"))
