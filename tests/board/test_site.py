"""The board's site and index.json over two projects of two signed releases, and a tampered
third release."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.board.collect import collect
from margo_ssdf.board.trust import BoardTrust, load_trust_file
from margo_ssdf.cli import main
from margo_ssdf.errors import ConfigError
from margo_ssdf.models import TaskState
from margo_ssdf.report.baseline import STATE_RANK
from tests.board.conftest import Fleet, Release


def _index(site: Path) -> dict[str, Any]:
    return json.loads((site / "index.json").read_text())  # type: ignore[no-any-return]


def _releases(site: Path, project: str) -> list[dict[str, Any]]:
    found = [p for p in _index(site)["projects"] if p["name"] == project]
    assert len(found) == 1
    return found[0]["releases"]  # type: ignore[no-any-return]


def _moved(old: Release, new: Release, direction: int) -> list[str]:
    """Tasks whose rank moved in `direction` (+1 better, -1 worse) between two predicates."""
    before = {t["task_id"]: TaskState(t["state"]) for t in old.predicate["tasks"]}
    after = {t["task_id"]: TaskState(t["state"]) for t in new.predicate["tasks"]}
    return sorted(tid for tid in after
                  if (STATE_RANK[after[tid]] - STATE_RANK[before[tid]]) * direction > 0)


def test_index_lists_each_project_in_time_order_with_verified_states(
        site: Path, fleet: Fleet) -> None:
    index = _index(site)
    assert [p["name"] for p in index["projects"]] == ["alpha", "beta"]
    alpha = _releases(site, "alpha")
    assert [r["version"] for r in alpha] == ["1.0.0", "1.1.0", "1.2.0"]
    assert [r["verified"] for r in alpha] == [True, True, False]
    for release, made in zip(alpha[:2], fleet.alpha, strict=True):
        assert release["verdict"] == made.predicate["verdict"]
        assert release["tasks"] == {t["task_id"]: t["state"] for t in made.predicate["tasks"]}
        assert len(release["tasks"]) == 42
        assert isinstance(release["sbom_components"], int) and release["sbom_components"] > 0
        assert (site / release["report"]).is_file()
    assert index["projects"][0]["latest_verified"] == "1.1.0"


def test_trends_are_the_tasks_that_moved_between_consecutive_releases(
        site: Path, fleet: Fleet) -> None:
    alpha, beta = _releases(site, "alpha"), _releases(site, "beta")
    worse = _moved(*fleet.alpha, -1)
    better = _moved(*fleet.beta, +1)
    assert worse and better  # the fixture changes task states both ways
    assert alpha[1]["worse"] == worse and alpha[1]["compared_with"] == "1.0.0"
    assert beta[1]["better"] == better and beta[1]["compared_with"] == "2.0.0"
    assert alpha[0]["better"] == alpha[0]["worse"] == []  # the first release has no baseline


def test_tampered_release_is_failed_with_its_reason_never_its_claimed_verdict(
        site: Path) -> None:
    tampered = _releases(site, "alpha")[2]
    assert tampered["verified"] is False
    assert "signature" in tampered["failure"].lower()
    assert tampered["verdict"] is None and tampered["tasks"] is None
    assert tampered["sbom_components"] is None and tampered["open_vulnerabilities"] is None
    assert all(row["version"] != "1.2.0" for row in _index(site)["cra"])


def test_cra_list_spans_projects_with_the_fix_due_first_on_top(site: Path) -> None:
    cra = _index(site)["cra"]
    assert {row["project"] for row in cra} == {"alpha", "beta"}
    dues = [row["due"] for row in cra]
    assert dues == sorted(dues) and None not in dues
    # beta's requests advisories (2018) are due years before alpha's Go advisory (2023),
    # although alpha comes first by name.
    assert cra[0]["project"] == "beta" and cra[-1]["project"] == "alpha"
    assert cra[0]["package"] == "requests"
    first = cra[0]
    assert first["days_left"] < 0 and first["limit_days"] > 0


_ATTR_URL = re.compile(r"""(?:href|src|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]+)""",
                       re.IGNORECASE)


def test_no_written_file_refers_to_anything_outside_the_site(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len([p for p in files if p.suffix == ".html"]) == 1 + 5  # the board, 5 releases
    page = (site / "index.html").read_text()
    assert "http://" not in page and "https://" not in page
    for path in files:
        text = path.read_text(errors="replace")
        for link in _ATTR_URL.findall(text):
            assert not re.match(r"[a-z][a-z0-9+.-]*:|//", link, re.IGNORECASE), (path, link)
            if not link.startswith("#"):
                assert (path.parent / link).is_file(), (path, link)
        assert "@import" not in text and "url(" not in text.replace("url(#", "")


def test_a_project_without_a_pinned_signer_is_shown_as_failed(fleet: Fleet) -> None:
    board = collect([fleet.root], BoardTrust({"alpha": PublicKeySigner(fleet.pub("alpha"))}))
    beta = next(p for p in board.projects if p.name == "beta")
    assert all(not s.release.verified for s in beta.steps)
    assert all("no signer is pinned for project beta" in (s.release.failure or "")
               for s in beta.steps)
    assert all(s.release.verdict is None for s in beta.steps)
    assert {r.project for r in board.cra} == {"alpha"}


def test_another_projects_key_does_not_verify_a_release(fleet: Fleet) -> None:
    wrong = PublicKeySigner(fleet.pub("beta"))
    board = collect([fleet.alpha[0].signed], BoardTrust({"alpha": wrong}))
    (release,) = board.releases
    assert not release.verified and release.verdict is None


def test_trust_file_errors_name_the_file_line_and_fix(tmp_path: Path) -> None:
    bad = tmp_path / "trust.yaml"
    bad.write_text("projects:\n  alpha:\n    key: a.pub\n  beta:\n    fingerprint: x\n")
    with pytest.raises(ConfigError) as exc:
        load_trust_file(bad)
    assert exc.value.line == 4 and "fingerprint" in exc.value.message
    bad.write_text("projects:\n  alpha:\n    identity: someone\n")
    with pytest.raises(ConfigError, match="pins nobody"):
        load_trust_file(bad)


def test_site_refuses_to_replace_a_directory_that_is_not_its_own(
        fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code = main(["board", str(fleet.alpha[0].signed), "-o", str(mine),
                 "--trust", f"alpha={fleet.pub('alpha')}"])
    assert code == 2 and (mine / "notes.txt").read_text() == "keep me"
    assert "not an earlier margo-ssdf output" in capsys.readouterr().err


def test_malformed_trust_pair_is_a_usage_error(fleet: Fleet, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["board", str(fleet.root), "-o", str(tmp_path / "s"), "--trust", "alpha"])
    assert code == 2 and "PROJECT=KEYFILE" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_attestation_published_alone_verifies_by_signature_and_says_so(
        fleet: Fleet, tmp_path: Path) -> None:
    import shutil

    alone = tmp_path / "assets"
    alone.mkdir()
    shutil.copy(fleet.beta[1].signed, alone)  # what `gh release download` gets
    board = collect([alone], BoardTrust({"beta": PublicKeySigner(fleet.pub("beta"))}))
    (release,) = board.releases
    assert release.verified and release.verdict is not None
    assert release.evidence_dir is None and release.components is None
    assert release.open_vulnerabilities is None and board.cra == ()
    assert release.tasks == {t["task_id"]: t["state"] for t in fleet.beta[1].predicate["tasks"]}
