"""`practices --format oscal` and `checks --format oscal`: catalogs and the component definition,
loaded by compliance-trestle, valid under NIST's schema and accepted by `trestle validate`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import catalog, frameworks
from margo_ssdf.checks import registry
from margo_ssdf.cli import main
from margo_ssdf.oscal.catalog import catalog_document
from margo_ssdf.oscal.common import Model, OscalError, check_model
from margo_ssdf.oscal.component import component_document
from margo_ssdf.policy import load_configuration
from tests.conftest import make_project
from tests.oscal.oscal_schema import SCHEMA, SCHEMA_SHA256, schema_errors, trestle_validate


def _controls(doc: dict[str, Any]) -> list[dict[str, Any]]:
    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [c for i in items for c in [i, *walk(i.get("controls", []))]]
    return walk([c for g in doc["catalog"]["groups"] for c in g["controls"]])


def _cli_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, Any]:
    assert main(argv) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_the_vendored_schema_is_nists_unmodified() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_ssdf_catalog_has_nists_groups_practices_and_tasks(
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = _cli_json(capsys, ["practices", "--format", "oscal"])
    groups = doc["catalog"]["groups"]
    assert [g["id"] for g in groups] == ["PO", "PS", "PW", "RV"]
    practices = [p for g in groups for p in g["controls"]]
    tasks = [t for p in practices for t in p["controls"]]
    assert len(practices) == 19 and len(tasks) == 42
    assert [t["id"] for t in tasks] == list(catalog.ssdf().tasks)
    assert [t["title"] for t in tasks] == [t.title for t in catalog.ssdf().tasks.values()]
    [source] = doc["catalog"]["back-matter"]["resources"]
    assert source["rlinks"] == [{"href": "https://doi.org/10.6028/NIST.SP.800-218"}]
    assert tasks[0]["links"][0]["href"] == f"#{source['uuid']}"


@pytest.mark.parametrize("name", ["iec62443-4-1", "cra"])
def test_framework_catalog_carries_the_crosswalk_and_its_sources(name: str) -> None:
    doc = catalog_document(name)
    walk = frameworks.crosswalk(name)
    controls = {next(p["value"] for p in c["props"] if p["name"] == "label"): c
                for c in _controls(doc)}
    assert list(controls) == list(frameworks.framework_catalog(name).requirements)
    for rid, entry in walk.entries.items():
        props = controls[rid]["props"]
        assert [p["value"] for p in props if p["name"] == "ssdf-task"] == list(entry.tasks)
        outside = [p for p in props if p["name"] == "outside-pipeline"]
        assert bool(outside) == bool(entry.outside_pipeline)
    titles = {r["title"] for r in doc["catalog"]["back-matter"]["resources"]}
    assert {s.title for s in walk.sources.values()} <= titles


def test_cra_ids_become_oscal_tokens_with_the_annex_numbering_as_label() -> None:
    control = next(c for c in _controls(catalog_document("cra"))
                   if c["id"] == "I.2.a")
    assert {"name": "label", "value": "I(2)(a)"} in control["props"]


def _policy(root: Path) -> Any:
    return load_configuration(root, checks=registry()).policy


def test_component_definition_maps_each_check_to_its_tasks_under_the_policy(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", in_git=False)
    policy = _policy(root)
    doc = _cli_json(capsys, ["checks", str(root), "--format", "oscal"])
    [component] = doc["component-definition"]["components"]
    assert {"name": "policy-sha256", "ns": component["props"][1]["ns"],
            "value": policy.sha256} in component["props"]
    by_check = {next(p["value"] for p in ci["props"] if p["name"] == "check-id"):
                [r["control-id"] for r in ci["implemented-requirements"]]
                for ci in component["control-implementations"] if ci["props"][0]["name"]
                == "check-id"}
    expected = {c: [t for t, rule in policy.tasks.items() if c in rule.checks]
                for c in registry()}
    assert by_check == {c: ts for c, ts in expected.items() if ts}
    declared = [ci for ci in component["control-implementations"]
                if ci["props"][0]["value"] == "declaration"]
    wanted = {t: r.declared for t, r in policy.tasks.items() if r.declared}
    if wanted:
        [ci] = declared
        assert {r["control-id"]: r["links"][0]["href"]
                for r in ci["implemented-requirements"]} == wanted


def test_component_definition_records_another_policys_digest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", in_git=False)
    (root / ".margo-ssdf.yaml").write_text("tasks:\n  PO.1.1: {required: false}\n")
    policy = _policy(root)
    doc = component_document(registry().values(), policy)
    props = doc["component-definition"]["metadata"]["props"]
    assert policy.sha256 in [p["value"] for p in props]
    assert policy.sha256 != _policy(make_project(tmp_path / "q", in_git=False)).sha256


def _documents() -> list[tuple[str, Model, dict[str, Any]]]:
    policy = load_configuration(Path(__file__).parent, checks=registry()).policy
    return [*[(n, Model.CATALOG, catalog_document(n)) for n in frameworks.FRAMEWORKS],
            ("component", Model.COMPONENT_DEFINITION,
             component_document(registry().values(), policy))]


@pytest.mark.parametrize("name", [*frameworks.FRAMEWORKS, "component"])
def test_each_document_loads_in_trestle_and_meets_nists_schema(name: str) -> None:
    [(_, model, doc)] = [d for d in _documents() if d[0] == name]
    check_model(model, doc)  # raises on any error
    assert schema_errors(doc) == []


def test_a_document_that_breaks_oscal_is_refused_before_writing() -> None:
    doc = catalog_document("cra")
    doc["catalog"]["groups"][0]["controls"][0]["id"] = "I(1)"  # not an OSCAL token
    with pytest.raises(OscalError, match="does not conform"):
        check_model(Model.CATALOG, doc)
    assert schema_errors(doc)  # NIST's schema refuses it too: the two agree


def test_trestle_validate_accepts_the_catalog_and_component(tmp_path: Path) -> None:
    for name, model, doc in [d for d in _documents() if d[0] in ("cra", "component")]:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(doc))
        done = trestle_validate(path, model.value, tmp_path / f"ws-{name}")
        assert done.returncode == 0 and "VALID" in done.stdout, (done.stdout, done.stderr)


def test_source_date_epoch_sets_the_time_and_uuids_do_not_move(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = catalog_document("ssdf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = catalog_document("ssdf")
    assert again["catalog"]["metadata"]["last-modified"] == "2023-11-14T22:13:20Z"
    assert again["catalog"]["uuid"] == first["catalog"]["uuid"]


def test_trestle_is_imported_only_when_an_oscal_document_is_written() -> None:
    import subprocess  # nosec B404
    import sys

    code = ("import sys, margo_ssdf.cli, margo_ssdf.oscal.results, margo_ssdf.oscal.component; "
            "assert not [m for m in sys.modules if m.startswith('trestle')]")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
