"""The board judges with the verifier's policy when one is brought: --policy recomputes every
verdict, --policy-digest refuses a release judged with another policy, and the trust file
pins a policy per project. The site and index.json say whose policy judged."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from margo_ssdf.board.trust import load_trust_file
from margo_ssdf.cli import main
from margo_ssdf.errors import ConfigError
from tests.board.conftest import Fleet
from tests.conftest import REPO

DEFAULT = REPO / "rules" / "policy" / "default.yaml"


def _strict(path: Path) -> Path:
    """The default policy, but PO.1.1 must be declared in a document no fleet project has."""
    doc = yaml.safe_load(DEFAULT.read_text())
    doc["name"] = "verifier-strict"
    doc["tasks"]["PO.1.1"] = {"declared": "docs/SUPPLIER-CONTRACTS.md"}
    path.write_text(yaml.safe_dump(doc))
    return path


def _board(fleet: Fleet, out: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["board", str(fleet.alpha[0].signed), "-o", str(out),
                 "--trust", f"alpha={fleet.pub('alpha')}", *args])
    return code, json.loads((out / "index.json").read_text())


def _only(index: dict[str, Any]) -> dict[str, Any]:
    (project,) = index["projects"]
    (release,) = project["releases"]
    return release  # type: ignore[no-any-return]


def test_compliant_under_its_own_policy_is_not_compliant_under_a_stricter_one(
        fleet: Fleet, tmp_path: Path) -> None:
    recorded = fleet.alpha[0].predicate["policy"]
    code, own = _board(fleet, tmp_path / "own")
    assert code == 0 and _only(own)["verdict"] == "compliant"
    assert _only(own)["policy"] == {"name": recorded["name"], "sha256": recorded["sha256"],
                                    "chosen_by": "producer"}

    strict = _strict(tmp_path / "strict.yaml")
    code, judged = _board(fleet, tmp_path / "strict", "--policy", str(strict))
    release = _only(judged)
    assert code == 0 and release["verified"] is True  # verified, judged differently
    assert release["verdict"] == "not_compliant"
    assert release["tasks"]["PO.1.1"] == "not_satisfied"
    assert release["policy"]["name"] == "verifier-strict"
    assert release["policy"]["chosen_by"] == "auditor"
    assert release["policy"]["sha256"] != recorded["sha256"]
    page = (tmp_path / "strict" / "index.html").read_text()
    assert "verifier-strict" in page and "the verifier's policy" in html.unescape(page)
    assert 'data-chosen-by="auditor"' in page


def test_a_policy_digest_that_differs_fails_the_release_with_the_reason(
        fleet: Fleet, tmp_path: Path) -> None:
    code, index = _board(fleet, tmp_path / "pinned", "--policy-digest", "sha256:" + "0" * 64)
    release = _only(index)
    assert code == 1 and release["verified"] is False
    assert "policy digest" in release["failure"] and "0" * 64 in release["failure"]
    assert release["verdict"] is None and release["policy"] is None


def test_the_recorded_digest_pins_the_producers_policy(fleet: Fleet, tmp_path: Path) -> None:
    recorded = fleet.alpha[0].predicate["policy"]["sha256"]
    code, index = _board(fleet, tmp_path / "pinned", "--policy-digest", f"sha256:{recorded}")
    assert code == 0 and _only(index)["policy"]["chosen_by"] == "producer, pinned by digest"


def test_trust_file_pins_a_policy_per_project_relative_to_itself(
        fleet: Fleet, tmp_path: Path) -> None:
    _strict(tmp_path / "policies.yaml")
    trust = tmp_path / "trust.yaml"
    trust.write_text(f"projects:\n  alpha:\n    key: {fleet.pub('alpha')}\n"
                     "    policy: policies.yaml\n")
    out = tmp_path / "site"
    code = main(["board", str(fleet.alpha[0].signed), str(fleet.beta[0].signed), "-o",
                 str(out), "--trust-file", str(trust), "--trust", f"beta={fleet.pub('beta')}"])
    assert code == 0
    index = json.loads((out / "index.json").read_text())
    policies = {p["name"]: p["releases"][0]["policy"] for p in index["projects"]}
    assert policies["alpha"]["name"] == "verifier-strict"
    assert policies["alpha"]["chosen_by"] == "auditor"
    assert policies["beta"]["chosen_by"] == "producer"  # no policy pinned for beta


def test_trust_file_policy_errors_name_the_file_and_line(fleet: Fleet, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    trust = tmp_path / "trust.yaml"
    trust.write_text("projects:\n  alpha:\n    key: a.pub\n    policy-digest: md5:abc\n")
    with pytest.raises(ConfigError) as exc:
        load_trust_file(trust)
    assert exc.value.line == 2 and "policy-digest" in str(exc.value.key)
    trust.write_text(f"projects:\n  alpha:\n    key: {fleet.pub('alpha')}\n"
                     "    policy: missing.yaml\n")
    code = main(["board", str(fleet.alpha[0].signed), "-o", str(tmp_path / "s"),
                 "--trust-file", str(trust)])
    err = capsys.readouterr().err
    assert code == 2 and "trust.yaml:2" in err and "missing.yaml" in err
    assert not (tmp_path / "s").exists()
