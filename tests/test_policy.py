import json
from pathlib import Path

import pytest

from margo_ssdf import catalog
from margo_ssdf.checks import registry
from margo_ssdf.errors import ConfigError
from margo_ssdf.policy import Policy, ReleaseEvidence, load_configuration, load_policy_file
from margo_ssdf.resources import rules_dir

DEFAULT = rules_dir() / "policy" / "default.yaml"
INSTALLED = registry()  # the bundled policy names the built-in checks


def test_default_policy_covers_all_42_tasks_and_is_valid() -> None:
    policy = load_policy_file(DEFAULT, checks=INSTALLED)
    assert set(policy.tasks) == set(catalog.ssdf().tasks)
    assert policy.tasks["RV.1.3"].checks == ("repo.hygiene",)
    assert policy.tasks["PO.2.2"].declared == "docs/SSDF.md"
    assert policy.rule("repo.hygiene").thresholds["min_signed_commits"] == 1.0


def test_digest_is_stable_and_changes_with_any_rule(tmp_path: Path) -> None:
    a = load_configuration(tmp_path, checks=INSTALLED).policy
    b = load_configuration(tmp_path, checks=INSTALLED).policy
    assert a.sha256 == b.sha256 and len(a.sha256) == 64
    (tmp_path / ".margo-ssdf.yaml").write_text("tasks:\n  PS.1.1: {required: false}\n")
    assert load_configuration(tmp_path, checks=INSTALLED).policy.sha256 != a.sha256


def test_yaml_override_merges_key_by_key(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text(
        "exclude: [third_party]\n"
        "checks:\n  repo.hygiene:\n    thresholds: {min_signed_commits: 0.5}\n"
        "tasks:\n  PO.2.2: {not_applicable: no staff}\n")
    config = load_configuration(tmp_path, checks=INSTALLED)
    rule = config.policy.rule("repo.hygiene")
    assert rule.thresholds == {"min_signed_commits": 0.5, "max_workflow_pins": 0}
    assert rule.options == {"commit_window": 30}  # untouched keys survive
    assert config.policy.tasks["PO.2.2"].declared is None  # replaced, not combined
    assert config.policy.tasks["PO.2.2"].not_applicable == "no staff"
    assert config.excludes == ("third_party",)
    assert config.sources == ("bundled default policy", ".margo-ssdf.yaml")


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.margo-ssdf.tasks."PS.1.1"]\nrequired = false\n')
    assert load_configuration(tmp_path, checks=INSTALLED).policy.tasks["PS.1.1"].required is False


def test_pyproject_without_table_is_no_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_configuration(tmp_path, checks=INSTALLED).sources == ("bundled default policy",)


def test_explicit_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"has no \[tool.margo-ssdf\] table"):
        load_configuration(tmp_path, checks=INSTALLED, config_path=tmp_path / "pyproject.toml")


@pytest.mark.parametrize(("text", "line", "words"), [
    ("tasks:\n  PO.2.1: {required: true}\n  PW.7.9: {required: false}\n", 3,
     "'PW.7.9' is not an SSDF v1.1 task id"),
    ("checks:\n  repo.hygine: {timeout: 5}\n", 2, "'repo.hygine' is not an installed check"),
    ("checks:\n  repo.hygiene:\n    thresholds:\n      min_signed: 1\n", 4,
     "'min_signed' is not a threshold of check 'repo.hygiene'"),
    ("checks:\n  repo.hygiene:\n    options:\n      commit_window: many\n", 4,
     "must be of type int"),
    ("polcy: x.yaml\n", 1, "unknown key"),
    ("tasks:\n  PO.2.1:\n    checks: [repo.hygiene]\n    declared: a.md\n", 2, "not several"),
    ("tasks:\n  PO.2.1: {checks: [nope]}\n", 2, "'nope' is not an installed check"),
    ("tasks:\n  PS.2.1:\n    release: signature\n", 3,
     "Input should be 'integrity', 'provenance' or 'evidence'"),
    ("tasks:\n  PS.2.1:\n    checks: [repo.hygiene]\n    release: integrity\n", 2,
     "not several"),
])
def test_config_mistakes_name_file_line_and_key(tmp_path: Path, text: str, line: int,
                                                words: str) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_configuration(tmp_path, checks=INSTALLED)
    message = info.value.diagnostics()
    assert words in message
    assert f".margo-ssdf.yaml:{line}" in message


def test_pyproject_mistake_names_the_dotted_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.margo-ssdf.checks."repo.hygiene"]\n'
                                             'timout = 3\n')
    with pytest.raises(ConfigError) as info:
        load_configuration(tmp_path, checks=INSTALLED)
    assert "pyproject.toml (key 'tool.margo-ssdf.checks.repo.hygiene.timout')" in str(info.value)


def test_both_config_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text("exclude: []\n")
    (tmp_path / "pyproject.toml").write_text("[tool.margo-ssdf]\nexclude = []\n")
    with pytest.raises(ConfigError, match="Keep one"):
        load_configuration(tmp_path, checks=INSTALLED)


def test_custom_policy_must_cover_every_task(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("name: tiny\ntasks:\n  PO.1.1: {declared: a.md}\n")
    with pytest.raises(ConfigError, match="says nothing about 41 SSDF task"):
        load_configuration(tmp_path, checks=INSTALLED, policy_path=policy)


def test_required_task_without_evidence_is_an_error(tmp_path: Path) -> None:
    # Naming no way of evidencing a task clears the default's; required, it is an error.
    (tmp_path / ".margo-ssdf.yaml").write_text("tasks:\n  PO.3.3: {release: null}\n")
    with pytest.raises(ConfigError, match="required task needs checks"):
        load_configuration(tmp_path, checks=INSTALLED)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text("tasks:\n  PO.2.1: {required: true\n\tbad\n")
    with pytest.raises(ConfigError, match=r"\.margo-ssdf\.yaml:\d+: not valid YAML"):
        load_configuration(tmp_path, checks=INSTALLED)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    (tmp_path / ".margo-ssdf.yaml").write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="alias bomb"):
        load_configuration(tmp_path, checks=INSTALLED)


def test_policy_named_in_config_must_exist(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text("policy: policies/strict.yaml\n")
    with pytest.raises(ConfigError, match=r"\.margo-ssdf\.yaml:1 \(key 'policy'\)"):
        load_configuration(tmp_path, checks=INSTALLED)


def test_check_ids_are_validated_against_the_checks_handed_in() -> None:
    fewer = {cid: check for cid, check in INSTALLED.items() if cid != "sast.bandit"}
    with pytest.raises(ConfigError, match=r"'sast\.bandit' is not an installed check"):
        load_policy_file(DEFAULT, checks=fewer)


def test_every_check_takes_the_excluded_inputs_threshold(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text(
        "exclude: [examples]\n"
        "checks:\n  sast.bandit:\n    thresholds: {max_excluded_inputs: 3}\n")
    config = load_configuration(tmp_path, checks=INSTALLED)
    assert config.policy.rule("sast.bandit").thresholds["max_excluded_inputs"] == 3
    assert config.excludes == ("examples",)
    assert config.config_file == ".margo-ssdf.yaml"


def test_no_configuration_file_is_recorded_as_none(tmp_path: Path) -> None:
    assert load_configuration(tmp_path, checks=INSTALLED).config_file is None


@pytest.mark.parametrize(("text", "line", "key", "words"), [
    ("release: examples\n", 1, "release", "must be a mapping, not str"),
    ("release:\n  include: examples/**\n", 2, "release.include", "valid list"),
    ("release:\n  includes: [examples/**]\n", 2, "release.includes",
     "unknown key. Allowed here: exclude, include"),
    ("release:\n  exclude:\n    - tools\n    - ''\n", 4, "release.exclude.1",
     "must name a path"),
    ("release:\n  include: ['../x/**']\n", 2, "release.include.0", "'..' never matches"),
])
def test_release_mistakes_name_file_line_and_key(tmp_path: Path, text: str, line: int,
                                                 key: str, words: str) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_configuration(tmp_path, checks=INSTALLED)
    message = info.value.diagnostics()
    assert f".margo-ssdf.yaml:{line} (key '{key}')" in message
    assert words in message


def test_release_scope_is_read_from_yaml_and_pyproject(tmp_path: Path) -> None:
    from margo_ssdf.discovery import ReleaseScope

    assert load_configuration(tmp_path, checks=INSTALLED).release == ReleaseScope()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.margo-ssdf.release]\ninclude = ["examples/**"]\nexclude = ["tools"]\n')
    config = load_configuration(tmp_path, checks=INSTALLED)
    assert config.release == ReleaseScope(include=("examples/**",), exclude=("tools",))
    (tmp_path / "pyproject.toml").write_text('[tool.margo-ssdf.release]\ninclude = [3]\n')
    with pytest.raises(ConfigError) as info:
        load_configuration(tmp_path, checks=INSTALLED)
    assert "pyproject.toml (key 'tool.margo-ssdf.release.include.0')" in str(info.value)


def test_the_default_policy_has_the_release_evidence_its_tasks_and_requires_them() -> None:
    policy = load_policy_file(DEFAULT, checks=INSTALLED)
    release = {tid: rule.release for tid, rule in policy.tasks.items() if rule.release}
    assert release == {"PS.2.1": ReleaseEvidence.INTEGRITY,
                       "PS.3.1": ReleaseEvidence.PROVENANCE, "PO.5.1": ReleaseEvidence.PROVENANCE,
                       "PO.3.3": ReleaseEvidence.EVIDENCE, "PO.4.2": ReleaseEvidence.EVIDENCE}
    assert all(policy.tasks[tid].required for tid in release)
    from margo_ssdf.listing import ssdf_practices

    listed = {t["id"]: t["release"] for t in ssdf_practices(policy)["tasks"]}
    assert {tid: kind for tid, kind in listed.items() if kind} == {
        tid: kind.value for tid, kind in release.items()}


def test_a_policy_recorded_before_release_evidence_keeps_its_digest() -> None:
    """Old attestations record policies without the field; their digests must still hold."""
    # The policy recorded in our own attestation of November 2026, before the field existed.
    recorded = json.loads((Path(__file__).parent / "data" / "policy-recorded-2026-11.json")
                          .read_text())
    policy = Policy.model_validate(recorded["rules"])
    assert policy.sha256 == recorded["sha256"]
    assert all("release" not in rule for rule in policy.model_dump(mode="json")["tasks"].values())


def test_dropping_release_evidence_is_a_weaker_difference(tmp_path: Path) -> None:
    from margo_ssdf.policy_diff import Direction, differences

    default = load_policy_file(DEFAULT, checks=INSTALLED)
    (tmp_path / ".margo-ssdf.yaml").write_text("tasks:\n  PS.2.1: {release: null, "
                                               "required: false}\n")
    weak = load_configuration(tmp_path, checks=INSTALLED).policy
    found = {(d.subject, d.change): d for d in differences(default, weak)}
    dropped = found[("PS.2.1", "release evidence changed")]
    assert dropped.direction is Direction.WEAKER
    assert dropped.reference == "the signed release's integrity"
