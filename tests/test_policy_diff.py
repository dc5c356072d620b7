"""policy_diff: every way a policy differs from a reference, and which way it goes."""

from __future__ import annotations

from typing import Any

from margo_ssdf.checks import registry
from margo_ssdf.policy import Policy, load_policy_file
from margo_ssdf.policy_diff import Difference, Direction, differences
from tests.conftest import REPO

DEFAULT = load_policy_file(REPO / "rules" / "policy" / "default.yaml", checks=registry())


def changed(**edits: Any) -> Policy:
    """The default policy with parts replaced: tasks={id: rule}, checks={id: rule}."""
    data = DEFAULT.model_dump(mode="json")
    for part, rules in edits.items():
        for key, rule in rules.items():
            data[part][key] = {**data[part].get(key, {}), **rule}
    return Policy.model_validate(data)


def test_the_same_policy_has_no_difference() -> None:
    assert differences(DEFAULT, DEFAULT, checks=registry()) == ()


def test_task_changes_say_which_way_they_go() -> None:
    base = changed(tasks={"PO.3.3": {"required": False, "release": None}})  # optional, bare
    other = changed(tasks={
        "PW.7.2": {"checks": ["sast.bandit"]},
        "PW.5.1": {"required": False},
        "PO.3.3": {"required": True, "release": None, "checks": ["sbom"]},
        "RV.3.3": {"checks": [], "not_applicable": "no code"},
    })
    assert [(d.subject, d.change, d.direction) for d in differences(base, other)] == [
        ("PO.3.3", "made required", Direction.STRICTER),
        ("PO.3.3", "check sbom added", Direction.STRICTER),
        ("PW.5.1", "made optional", Direction.WEAKER),
        ("PW.7.2", "check sast.semgrep removed", Direction.WEAKER),
        ("PW.7.2", "check sast.workflows removed", Direction.WEAKER),
        ("RV.3.3", "check sast.semgrep removed", Direction.WEAKER),
        ("RV.3.3", "marked not applicable", Direction.WEAKER),
    ]


def test_a_declaration_instead_of_checks_is_weaker() -> None:
    other = changed(tasks={"PS.1.1": {"checks": [], "declared": "docs/SSDF.md"}})
    assert differences(DEFAULT, other)[-1] == Difference(
        "PS.1.1", "declaration document changed", "no declaration", "docs/SSDF.md",
        Direction.WEAKER)


def test_thresholds_raised_lowered_added_and_removed() -> None:
    other = changed(checks={
        "sast.bandit": {"thresholds": {"max_critical": 0, "max_high": 5}},  # medium removed
        "sbom": {"thresholds": {**DEFAULT.rule("sbom").thresholds, "min_ntia_name": 0.5,
                                "min_ntia_author": 0.5}},
        "deps.audit": {"thresholds": {**DEFAULT.rule("deps.audit").thresholds,
                                      "max_medium": 3}},
    })
    assert [(d.subject, d.change, d.reference, d.compared, d.direction)
            for d in differences(DEFAULT, other)] == [
        ("deps.audit", "threshold max_medium added", "none", "3", Direction.STRICTER),
        ("sast.bandit", "threshold max_high raised", "0", "5", Direction.WEAKER),
        ("sast.bandit", "threshold max_medium removed", "0", "none", Direction.WEAKER),
        ("sbom", "threshold min_ntia_author raised", "0", "0.5", Direction.STRICTER),
        ("sbom", "threshold min_ntia_name lowered", "1", "0.5", Direction.WEAKER),
    ]


def test_an_option_spelled_out_with_its_default_is_no_difference() -> None:
    same = changed(checks={"repo.hygiene": {"options": {"commit_window": 30}},
                           "sast.bandit": {"timeout": 5}})
    assert differences(DEFAULT, same, checks=registry()) == ()
    other = changed(checks={"repo.hygiene": {"options": {"commit_window": 1}}})
    [diff] = differences(DEFAULT, other, checks=registry())
    assert diff == Difference("repo.hygiene", "option commit_window changed", "30", "1",
                              Direction.CHANGED)
    assert diff.as_json()["recorded"] == "1"
