import inspect
from importlib import resources
from typing import Any

import click
import pytest
import yaml

from margo_ssdf import catalog, frameworks
from margo_ssdf.checks import registry
from margo_ssdf.cli import cli
from margo_ssdf.errors import ConfigError, UsageError
from margo_ssdf.frameworks import (
    FRAMEWORKS,
    crosswalk,
    evaluate_framework,
    evidence_for,
    framework_catalog,
    parse_crosswalk,
    requirement_state,
)
from margo_ssdf.models import TaskState, TaskStatus
from tests.conftest import REPO

S = TaskState
CROSSWALKS = {"iec62443-4-1": "data/crosswalk-iec62443-4-1.yaml", "cra": "data/crosswalk-cra.yaml"}

# NIST SP 800-218 v1.1, Table 1: each SSDF task's informative references to IEC 62443-4-1
# ("IEC62443: ..."), transcribed task by task. Tasks with none are left out.
SP800_218_IEC62443 = {
    "PO.1.1": ["SM-7", "SM-9"],
    "PO.1.2": ["SR-3", "SR-4", "SR-5", "SD-4"],
    "PO.1.3": ["SM-9", "SM-10"],
    "PO.2.1": ["SM-2", "SM-13"],
    "PO.2.2": ["SM-4"],
    "PO.3.2": ["SM-7"],
    "PO.3.3": ["SM-12", "SI-2"],
    "PO.4.1": ["SI-1", "SI-2", "SVV-3"],
    "PO.4.2": ["SI-1", "SVV-1", "SVV-2", "SVV-3", "SVV-4"],
    "PO.5.1": ["SM-7"],
    "PO.5.2": ["SM-7"],
    "PS.1.1": ["SM-6", "SM-7", "SM-8"],
    "PS.2.1": ["SM-6", "SM-8", "SUM-4"],
    "PS.3.1": ["SM-6", "SM-7"],
    "PW.1.1": ["SM-4", "SR-1", "SR-2", "SD-1"],
    "PW.1.2": ["SD-1"],
    "PW.1.3": ["SD-1", "SD-4"],
    "PW.2.1": ["SM-2", "SR-2", "SR-5", "SD-3", "SD-4", "SI-2"],
    "PW.4.1": ["SM-9", "SM-10"],
    "PW.4.4": ["SI-1", "SM-9", "SM-10", "DM-1"],
    "PW.5.1": ["SI-1", "SI-2"],
    "PW.6.1": ["SI-2"],
    "PW.6.2": ["SI-2"],
    "PW.7.1": ["SM-5", "SI-1", "SVV-1"],
    "PW.7.2": ["SI-1", "SVV-1", "SVV-2"],
    "PW.8.1": ["SVV-1", "SVV-2", "SVV-3", "SVV-4", "SVV-5"],
    "PW.8.2": ["SM-5", "SM-13", "SI-1", "SVV-1", "SVV-2", "SVV-3", "SVV-4", "SVV-5"],
    "PW.9.1": ["SD-4", "SVV-1", "SG-1"],
    "PW.9.2": ["SG-3"],
    "RV.1.1": ["DM-1", "DM-2", "DM-3"],
    "RV.1.2": ["SI-1", "SVV-2", "SVV-3", "SVV-4", "DM-1", "DM-2"],
    "RV.1.3": ["DM-1", "DM-2", "DM-3", "DM-4", "DM-5"],
    "RV.2.1": ["DM-2", "DM-3"],
    "RV.2.2": ["DM-4"],
    "RV.3.1": ["DM-3"],
    "RV.3.2": ["DM-4"],
    "RV.3.3": ["SI-1", "DM-3", "DM-4"],
    "RV.3.4": ["DM-6"],
}


def raw(path: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        resources.files("margo_ssdf").joinpath(path).read_text("utf-8"))
    return data


def statuses(**states: TaskState) -> list[TaskStatus]:
    """Every SSDF task not_assessed, except those given (PO_1_1=S.SATISFIED for PO.1.1)."""
    given = {k.replace("_", "."): v for k, v in states.items()}
    return [TaskStatus(task_id=t, state=given.get(t, S.NOT_ASSESSED), required=True,
                       reason=f"{t} reason") for t in catalog.ssdf().tasks]


# The catalogues


def test_iec62443_4_1_has_8_practices_and_47_requirements() -> None:
    cat = framework_catalog("iec62443-4-1")
    counts = {g.id: len(g.requirements) for g in cat.groups}
    # IEC 62443-4-1:2018, clauses 5 to 12 (Annex B lists them).
    assert counts == {"SM": 13, "SR": 5, "SD": 4, "SI": 2, "SVV": 5, "DM": 6, "SUM": 5, "SG": 7}
    assert len(cat.requirements) == 47
    for g in cat.groups:
        assert [r.id for r in g.requirements] == [f"{g.id}-{i}" for i in
                                                  range(1, counts[g.id] + 1)]


def test_cra_annex_i_has_14_product_and_8_vulnerability_handling_requirements() -> None:
    cat = framework_catalog("cra")
    part_i, part_ii = (list(g.requirements) for g in cat.groups)
    # Annex I Part I: point (1) and points (2)(a) to (2)(m); Part II: points (1) to (8).
    assert [r.id for r in part_i] == ["I(1)", *(f"I(2)({c})" for c in "abcdefghijklm")]
    assert [r.id for r in part_ii] == [f"II({i})" for i in range(1, 9)]
    assert len(cat.requirements) == 22


def test_ssdf_is_a_framework_of_42_tasks() -> None:
    cat = framework_catalog("ssdf")
    assert len(cat.requirements) == 42 and [g.id for g in cat.groups] == ["PO", "PS", "PW", "RV"]
    assert FRAMEWORKS == ("ssdf", "iec62443-4-1", "cra")


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_titles_are_short_summaries(name: str) -> None:
    for req in framework_catalog(name).requirements.values():
        assert req.title and req.title[0].isupper() and len(req.title) <= 90, req.id


# The crosswalks, read as plain YAML so a mistake is found even if the loader has one


@pytest.mark.parametrize("name", ["iec62443-4-1", "cra"])
def test_every_crosswalk_id_exists(name: str) -> None:
    path = CROSSWALKS[name]
    data = raw(path)
    requirements = framework_catalog(name).requirements
    unknown_reqs = [rid for rid in data["requirements"] if rid not in requirements]
    assert not unknown_reqs, f"margo_ssdf/{path}: unknown requirement ids {unknown_reqs}"
    unknown_tasks = [f"{rid}: {tid}" for rid, e in data["requirements"].items()
                     for tid in e.get("tasks", {}) if tid not in catalog.ssdf().tasks]
    assert not unknown_tasks, f"margo_ssdf/{path}: unknown SSDF task ids {unknown_tasks}"
    unknown_sources = [f"{rid}: {sid}" for rid, e in data["requirements"].items()
                       for sid in e.get("tasks", {}).values() if sid not in data["sources"]]
    assert not unknown_sources, f"margo_ssdf/{path}: unknown sources {unknown_sources}"


@pytest.mark.parametrize("name", ["iec62443-4-1", "cra"])
def test_every_requirement_is_mapped_or_marked_outside_the_pipeline(name: str) -> None:
    path = CROSSWALKS[name]
    entries = raw(path)["requirements"]
    for rid in framework_catalog(name).requirements:
        entry = entries.get(rid) or {}
        mapped, outside = bool(entry.get("tasks")), bool(entry.get("outside_pipeline"))
        assert mapped != outside, f"margo_ssdf/{path}: {rid} needs tasks or outside_pipeline"


@pytest.mark.parametrize("name", ["iec62443-4-1", "cra"])
def test_readings_are_explained(name: str) -> None:
    for rid, entry in crosswalk(name).entries.items():
        if any(p.source_id == "margo-ssdf" for p in entry.pairings):
            assert entry.note, f"{rid}: margo-ssdf's reading needs a note saying why"


def test_sp800_218_pairings_are_exactly_nists() -> None:
    nist = {(rid, tid) for tid, rids in SP800_218_IEC62443.items() for rid in rids}
    walk = crosswalk("iec62443-4-1")
    ours = {(rid, p.task_id) for rid, e in walk.entries.items() for p in e.pairings
            if p.source_id == "sp800-218"}
    assert ours - nist == set(), "cited to SP 800-218 but not in it"
    assert nist - ours == set(), "in SP 800-218 but missing from the crosswalk"
    # Our own readings only fill requirements SP 800-218 names for no task.
    named = {rid for rid, _ in nist}
    for rid, entry in walk.entries.items():
        if any(p.source_id == "margo-ssdf" for p in entry.pairings):
            assert rid not in named, rid
    pairing = walk.entries["SUM-4"].pairings[0]
    assert pairing.citation == ("NIST SP 800-218 v1.1, Table 1: PS.2.1 lists informative "
                                "reference IEC62443 SUM-4")


def test_outside_the_pipeline_is_an_explicit_short_list() -> None:
    outside = {name: [rid for rid, e in crosswalk(name).entries.items() if e.outside_pipeline]
               for name in ("iec62443-4-1", "cra")}
    assert outside == {
        "iec62443-4-1": ["SM-3", "SG-2", "SG-4", "SG-5", "SG-6", "SG-7"],
        "cra": ["I(2)(d)", "I(2)(e)", "I(2)(g)", "I(2)(h)", "I(2)(l)", "I(2)(m)"],
    }
    # Every vulnerability-handling requirement is within the pipeline's reach.
    assert all(not crosswalk("cra").entries[f"II({i})"].outside_pipeline for i in range(1, 9))


# Bad crosswalks fail, naming the id and the file

IEC_FILE = "margo_ssdf/data/crosswalk-iec62443-4-1.yaml"


def iec_text() -> str:
    return resources.files("margo_ssdf").joinpath(CROSSWALKS["iec62443-4-1"]).read_text("utf-8")


def parse_iec(text: str) -> None:
    parse_crosswalk(text, IEC_FILE, framework_catalog("iec62443-4-1"))


@pytest.mark.parametrize(("old", "new", "named"), [
    ("tasks: {PO.2.1: sp800-218, PW.2.1", "tasks: {PW.3.1: sp800-218, PW.2.1",
     "unknown SSDF task id 'PW.3.1'"),
    ("  SM-2:\n", "  SM-14:\n", "unknown requirement id 'SM-14'"),
    ("  SM-2:\n", "  SM-14:\n", "requirement 'SM-2' is neither mapped"),
    ("tasks: {PO.2.1: sp800-218, PW.2.1", "tasks: {PO.2.1: nist, PW.2.1",
     "PO.2.1 names unknown source 'nist'"),
    ("  SG-3:\n    tasks:", "  SG-3:\n    outside_pipeline: no\n    tasks:",
     "SG-3: needs either tasks or outside_pipeline"),
])
def test_bad_crosswalk_names_the_id_and_the_file(old: str, new: str, named: str) -> None:
    text = iec_text()
    assert old in text
    with pytest.raises(ConfigError) as err:
        parse_iec(text.replace(old, new, 1))
    message = str(err.value)
    assert named in message and IEC_FILE in message
    assert "(line " in message


def test_cite_templates_may_only_name_the_task_and_the_requirement() -> None:
    text = iec_text().replace("{task} lists", "{tsak} lists", 1)
    with pytest.raises(ConfigError, match="source 'sp800-218' cites unknown fields"):
        parse_iec(text)


# The evaluation rule


@pytest.mark.parametrize(("states", "expected"), [
    ([S.SATISFIED, S.SATISFIED], S.SATISFIED),
    ([S.SATISFIED, S.DECLARED, S.NOT_APPLICABLE], S.SATISFIED),
    ([S.DECLARED, S.DECLARED], S.DECLARED),
    ([S.DECLARED, S.NOT_APPLICABLE], S.DECLARED),
    ([S.SATISFIED, S.NOT_SATISFIED], S.PARTIALLY_SATISFIED),
    ([S.DECLARED, S.NOT_ASSESSED], S.PARTIALLY_SATISFIED),
    ([S.PARTIALLY_SATISFIED, S.NOT_SATISFIED], S.PARTIALLY_SATISFIED),
    ([S.NOT_SATISFIED, S.NOT_ASSESSED], S.NOT_SATISFIED),
    ([S.NOT_SATISFIED, S.NOT_APPLICABLE], S.NOT_SATISFIED),
    ([S.NOT_ASSESSED, S.NOT_ASSESSED], S.NOT_ASSESSED),
    ([S.NOT_ASSESSED, S.NOT_APPLICABLE], S.NOT_ASSESSED),
    ([S.NOT_APPLICABLE, S.NOT_APPLICABLE], S.NOT_APPLICABLE),
])
def test_requirement_state_from_task_states(states: list[TaskState],
                                            expected: TaskState) -> None:
    assert requirement_state(states) is expected


def by_id(name: str, tasks: list[TaskStatus]) -> dict[str, frameworks.RequirementStatus]:
    return {r.requirement_id: r for r in evaluate_framework(name, tasks)}


def test_iec_requirement_follows_its_tasks() -> None:
    # SM-2 maps to PO.2.1 and PW.2.1.
    assert by_id("iec62443-4-1", statuses(PO_2_1=S.SATISFIED, PW_2_1=S.SATISFIED)
                 )["SM-2"].state is S.SATISFIED
    sm2 = by_id("iec62443-4-1", statuses(PO_2_1=S.SATISFIED, PW_2_1=S.NOT_SATISFIED))["SM-2"]
    assert sm2.state is S.PARTIALLY_SATISFIED
    assert sm2.tasks == ("PO.2.1", "PW.2.1")
    assert sm2.reason == "mapped tasks: PO.2.1 satisfied, PW.2.1 not_satisfied"
    assert sm2.title == framework_catalog("iec62443-4-1").requirements["SM-2"].title
    assert by_id("iec62443-4-1", statuses())["SM-2"].state is S.NOT_ASSESSED
    assert by_id("iec62443-4-1", statuses(RV_3_4=S.DECLARED))["DM-6"].state is S.DECLARED


def test_outside_the_pipeline_is_not_applicable_with_its_reason() -> None:
    sg4 = by_id("iec62443-4-1", statuses())["SG-4"]
    assert sg4.state is S.NOT_APPLICABLE and sg4.tasks == ()
    assert sg4.reason.startswith("outside a build pipeline's reach: guidance on decommissioning")
    h = by_id("cra", statuses())["I(2)(h)"]
    assert h.state is S.NOT_APPLICABLE and h.reason.startswith("outside a build pipeline's")


def test_cra_vulnerability_handling_follows_the_clock() -> None:
    # II(2) and II(8) rest on RV.2.1/RV.2.2, which vuln.response evidences.
    ok = by_id("cra", statuses(RV_2_1=S.SATISFIED, RV_2_2=S.SATISFIED))
    assert ok["II(2)"].state is S.SATISFIED and ok["II(8)"].state is S.SATISFIED
    late = by_id("cra", statuses(RV_2_1=S.SATISFIED, RV_2_2=S.NOT_SATISFIED))
    assert late["II(2)"].state is S.PARTIALLY_SATISFIED
    assert late["II(8)"].state is S.NOT_SATISFIED


def test_a_task_without_a_status_counts_as_not_assessed() -> None:
    only = [s for s in statuses(PO_2_1=S.SATISFIED) if s.task_id != "PW.2.1"]
    sm2 = by_id("iec62443-4-1", only)["SM-2"]
    assert sm2.state is S.PARTIALLY_SATISFIED
    assert "PW.2.1 not_assessed (no status)" in sm2.reason


def test_ssdf_view_is_the_task_statuses_themselves() -> None:
    view = evaluate_framework("ssdf", statuses(PW_7_2=S.PARTIALLY_SATISFIED))
    assert [r.requirement_id for r in view] == list(catalog.ssdf().tasks)
    pw72 = next(r for r in view if r.requirement_id == "PW.7.2")
    assert (pw72.state, pw72.tasks, pw72.reason) == (S.PARTIALLY_SATISFIED, ("PW.7.2",),
                                                     "PW.7.2 reason")


@pytest.mark.parametrize(("name", "count"), [("ssdf", 42), ("iec62443-4-1", 47), ("cra", 22)])
def test_every_requirement_is_judged_in_catalogue_order(name: str, count: int) -> None:
    view = evaluate_framework(name, statuses())
    assert [r.requirement_id for r in view] == list(framework_catalog(name).requirements)
    assert len(view) == count and all(r.framework == name for r in view)


def test_unknown_framework_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="ssdf, iec62443-4-1, cra"):
        evaluate_framework("iso27001", statuses())


# CRA Part II: which margo-ssdf evidence supports each requirement


def test_every_vulnerability_handling_requirement_names_its_evidence() -> None:
    walk = crosswalk("cra")
    for rid, entry in walk.entries.items():
        if rid.startswith("II("):
            assert entry.evidence, f"{rid} names no evidence"
        else:
            assert entry.evidence == (), f"{rid}: evidence is recorded for Part II only"
    producers = {e.producer for rid in walk.entries for e in evidence_for(rid)}
    # The four places the brief names meet here.
    assert {"vuln.response", "repo.hygiene", "sbom", "deps.audit"} <= producers
    assert any(e.probe == "security-policy" for e in evidence_for("II(5)"))
    assert any(e.file == "release.openvex.json" for e in evidence_for("II(2)"))
    with pytest.raises(UsageError, match="no requirement 'II\\(9\\)'"):
        evidence_for("II(9)")


def test_evidence_names_real_checks_probes_files_and_commands() -> None:
    checks = registry()
    for rid, entry in crosswalk("cra").entries.items():
        for ev in entry.evidence:
            if ev.kind == "command":
                assert cli.get_command(click.Context(cli), ev.producer) is not None, \
                    f"{rid}: no command '{ev.producer}'"
                continue
            assert ev.producer in checks, f"{rid}: no check '{ev.producer}'"
            source = inspect.getsource(inspect.getmodule(type(checks[ev.producer])))
            for literal in (ev.probe, ev.file):
                if literal is not None:
                    assert f'"{literal}"' in source, f"{rid}: {ev.producer} has no '{literal}'"


def test_docs_list_the_mapping_sources_and_what_is_outside() -> None:
    text = (REPO / "docs" / "frameworks.md").read_text("utf-8")
    for name in ("iec62443-4-1", "cra"):
        for source in crosswalk(name).sources.values():
            assert source.id in text
            if source.url:
                assert source.url in text
        for rid, entry in crosswalk(name).entries.items():
            if entry.outside_pipeline:
                assert rid in text
