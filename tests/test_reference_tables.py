"""The reference tables auditors rely on, each held to the values of its named source.

A later edit to a table that moves away from its source fails here, naming the source, so the
tables cannot drift silently. docs/frameworks.md lists the sources and the date they were
checked.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

import pytest

from margo_ssdf import catalog
from margo_ssdf.attest import compliance
from margo_ssdf.errors import ConfigError
from margo_ssdf.frameworks import (
    cisa_form_items,
    crosswalk,
    framework_catalog,
    parse_cisa_form,
)
from margo_ssdf.models import TaskState, TaskStatus
from tests.conftest import REPO

S = TaskState
CISA_FILE = "margo_ssdf/data/cisa-form.yaml"
CHECKED = "2026-12-06"

# Source: CISA Secure Software Development Attestation Form, instructions pp. 9-10, Appendix
# "References" table (https://www.cisa.gov/secure-software-attestation-form), as cited in
# issue #24. Per item: the E.O. 14028 subsection (recorded for 1(a)-1(f)) and the SSDF tasks.
CISA_APPENDIX_REFERENCES = [
    ("1(a)", "4e(i)(A)", ["PO.5.1"]),
    ("1(b)", "4e(i)(B)", ["PO.5.1"]),
    ("1(c)", "4e(i)(C)", ["PO.5.1", "PO.5.2"]),
    ("1(d)", "4e(i)(D)", ["PO.5.1"]),
    ("1(e)", "4e(i)(E)", ["PO.5.2"]),
    ("1(f)", "4e(i)(F)", ["PO.3.2", "PO.3.3", "PO.5.1", "PO.5.2"]),
    ("2", None, ["PO.1.1", "PO.3.1", "PO.3.2", "PO.5.1", "PO.5.2", "PS.1.1", "PS.2.1", "PS.3.1",
                 "PW.4.1", "PW.4.4", "PW.7.1", "PW.8.1", "RV.1.1"]),
    ("3", None, ["PO.1.3", "PO.3.2", "PO.5.1", "PO.5.2", "PS.3.1", "PS.3.2", "PW.4.1", "PW.4.4",
                 "RV.1.1", "RV.1.2"]),
    ("4", None, ["PO.4.1", "PO.4.2", "PS.1.1", "PW.2.1", "PW.4.4", "PW.5.1", "PW.6.1", "PW.6.2",
                 "PW.7.1", "PW.7.2", "PW.8.2", "PW.9.1", "PW.9.2", "RV.1.1", "RV.1.2", "RV.1.3",
                 "RV.2.1", "RV.2.2", "RV.3.3"]),
]

# Source: IEC 62443-4-1:2018 clause names, as cited in issue #24. Our titles summarise what
# each clause asks; these four were checked against the clause and are pinned word for word.
IEC_CHECKED_TITLES = {
    "SM-3": ("Identification of applicability",
             "Identify which products, or parts of products, the development process applies to"),
    "SM-5": ("Process scoping",
             "Scope the process, deciding which security activities a product or release needs"),
    "SM-12": ("Process verification",
              "Before release, confirm with records that every applicable process step was done"),
    "SR-4": ("Product security requirements content",
             "State the product's scope, its boundaries and its required capability security "
             "level"),
}


def statuses(**states: TaskState) -> tuple[TaskStatus, ...]:
    """Every SSDF task satisfied, except those given (PO_3_3=S.NOT_SATISFIED for PO.3.3)."""
    given = {k.replace("_", "."): v for k, v in states.items()}
    return tuple(TaskStatus(task_id=t, state=given.get(t, S.SATISFIED), required=True,
                            reason="r") for t in catalog.ssdf().tasks)


def cisa_text() -> str:
    return resources.files("margo_ssdf").joinpath("data/cisa-form.yaml").read_text("utf-8")


# --- the CISA form -----------------------------------------------------------------------------


def test_cisa_table_is_the_forms_appendix_references_table() -> None:
    ours = [(i.id, i.eo_14028, list(i.tasks)) for i in cisa_form_items()]
    assert ours == CISA_APPENDIX_REFERENCES, (
        f"{CISA_FILE} differs from the CISA form's Appendix References table (pp. 9-10)")


def test_cisa_table_says_where_its_lists_come_from() -> None:
    text = cisa_text()
    assert "source: https://www.cisa.gov/secure-software-attestation-form" in text
    assert 'Appendix "References" table' in text and "pp. 9-10" in text
    assert f'checked: "{CHECKED}"' in text


def test_the_statements_cisa_view_is_item_by_item() -> None:
    view = compliance.cisa_form(statuses(PO_3_3=S.NOT_SATISFIED, PO_5_2=S.NOT_SATISFIED,
                                         PW_9_1=S.NOT_APPLICABLE, PW_9_2=S.DECLARED))
    assert [(s.id, s.eo_14028, list(s.tasks)) for s in view] == CISA_APPENDIX_REFERENCES
    assert {s.id: s.state for s in view} == {
        "1(a)": S.SATISFIED, "1(b)": S.SATISFIED, "1(c)": S.PARTIALLY_SATISFIED,
        "1(d)": S.SATISFIED, "1(e)": S.NOT_SATISFIED, "1(f)": S.PARTIALLY_SATISFIED,
        "2": S.PARTIALLY_SATISFIED, "3": S.PARTIALLY_SATISFIED, "4": S.SATISFIED}


def test_an_older_cisa_view_still_validates() -> None:
    old = {"id": "1", "title": "Software developed and built in secure environments",
           "tasks": ["PO.3.2", "PO.5.1", "PO.5.2", "PS.1.1"], "state": "partially_satisfied"}
    section = compliance.CisaSection.model_validate(old)
    assert section.id == "1" and section.eo_14028 is None


@pytest.mark.parametrize(("old", "new", "named"), [
    ("tasks: [PO.5.2]\n", "tasks: [PO.5.2, PO.9.9]\n", "item '1(e)': unknown SSDF task ids "
                                                        "['PO.9.9']"),
    ('  - id: "1(b)"', '  - id: "1(a)"', "item '1(a)' appears twice"),
    ("    tasks: [PO.5.1, PO.5.2]\n", "", "item 3 ('1(c)') needs an id, a title and tasks"),
    ('    eo_14028: "4e(i)(A)"', '    eo: "4e(i)(A)"', "item 1 may only have"),
])
def test_a_bad_cisa_table_names_the_file_the_item_and_the_fix(old: str, new: str,
                                                              named: str) -> None:
    text = cisa_text()
    assert old in text
    with pytest.raises(ConfigError) as err:
        parse_cisa_form(text.replace(old, new, 1), CISA_FILE)
    message = str(err.value)
    assert message.startswith(CISA_FILE + ": ") and named in message and "(line " in message
    assert "Appendix References table" in message


def test_an_empty_cisa_table_is_refused() -> None:
    with pytest.raises(ConfigError, match="has no list of items"):
        parse_cisa_form("source: x\nsections: []\n", CISA_FILE)


# --- IEC 62443-4-1 and the CRA -------------------------------------------------------------------


def test_the_checked_iec_titles_are_pinned() -> None:
    titles = {rid: framework_catalog("iec62443-4-1").requirements[rid].title
              for rid in IEC_CHECKED_TITLES}
    assert titles == {rid: title for rid, (_, title) in IEC_CHECKED_TITLES.items()}, (
        "margo_ssdf/data/iec62443-4-1.yaml: checked against the IEC 62443-4-1:2018 clause names")
    header = resources.files("margo_ssdf").joinpath("data/iec62443-4-1.yaml").read_text("utf-8")
    for rid, (clause, _) in IEC_CHECKED_TITLES.items():
        assert f'{rid} "{clause}"' in header.replace("\n# ", " ")


def test_sm3_is_no_longer_read_as_process_scoping() -> None:
    entry = crosswalk("iec62443-4-1").entries["SM-3"]
    assert entry.tasks == () and entry.outside_pipeline is not None
    assert "products, or parts of products" in entry.outside_pipeline
    # NIST's own pairings for the other three stay as SP 800-218 Table 1 gives them.
    walk = crosswalk("iec62443-4-1")
    assert {rid: walk.entries[rid].tasks for rid in ("SM-5", "SM-12", "SR-4")} == {
        "SM-5": ("PW.7.1", "PW.8.2"), "SM-12": ("PO.3.3",), "SR-4": ("PO.1.2",)}


def test_cra_ii_1_names_checking_components_for_known_vulnerabilities() -> None:
    entry = crosswalk("cra").entries["II(1)"]
    # Regulation (EU) 2024/2847, Annex I Part II (1): identify and document components and
    # their vulnerabilities. PW.4.4 checks components for known vulnerabilities; PW.4.1 does not.
    assert entry.tasks == ("PS.3.2", "PW.4.4", "RV.1.1")
    assert entry.note is not None and "PW.4.4 (checking the components" in entry.note


# --- tables found faithful on 2026-12-06, pinned by digest ---------------------------------------

# Each digest is of the table as loaded (ids, titles, pairings), not of the file's bytes, so a
# comment or layout change passes and a change of content fails. After re-checking a changed
# table against the source named here, record the new digest and the date in docs/frameworks.md.
CHECKED_DIGESTS = {
    # NIST SP 800-218 v1.1: the 42 tasks and our titles for them.
    "ssdf tasks": "3adf62ec68d3013a946af1e70a01de5d01a40299a1ab682b8ebc22ff54a14ec6",
    # Regulation (EU) 2024/2847, Annex I: the 22 requirements and our titles for them.
    "cra catalogue": "f21749557a3a1ce7b0d5b3d01f1d4128544032e2d04377a4ef7a82d94b2d76e6",
    # Our CRA crosswalk, reviewed against Annex I (with II(1) naming PW.4.4).
    "cra crosswalk": "de609be9b68b0fea414b54c12c28a7627660a316d8d7146ae086bc0b64c495ab",
}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def test_tables_found_faithful_have_not_changed_since() -> None:
    now = {
        "ssdf tasks": _digest([(t.id, t.title) for t in catalog.ssdf().tasks.values()]),
        "cra catalogue": _digest([(r.id, r.title) for r in
                                  framework_catalog("cra").requirements.values()]),
        "cra crosswalk": _digest({rid: [list(e.tasks), e.outside_pipeline is not None]
                                  for rid, e in crosswalk("cra").entries.items()}),
    }
    changed = [name for name in CHECKED_DIGESTS if now[name] != CHECKED_DIGESTS[name]]
    assert not changed, (f"{changed} changed since they were checked against their sources on "
                         f"{CHECKED}: re-check them, then update CHECKED_DIGESTS and the docs")


# --- the docs ----------------------------------------------------------------------------------


def test_docs_list_the_sources_the_date_and_the_cisa_table() -> None:
    text = (REPO / "docs" / "frameworks.md").read_text("utf-8")
    sources = text[text.index("## Sources, and when they were checked"):]
    for url in ("https://doi.org/10.6028/NIST.SP.800-218",
                "https://eur-lex.europa.eu/eli/reg/2024/2847/oj",
                "https://www.cisa.gov/secure-software-attestation-form"):
        assert url in sources
    assert sources.count(CHECKED) >= 5
    for _, (clause, _) in IEC_CHECKED_TITLES.items():
        assert f"*{clause}*" in sources
    assert re.search(r"OMB memorandum M-26-05 \(January 2026\)", text)
    for iid, eo, tasks in CISA_APPENDIX_REFERENCES:
        assert f"| {iid} | {eo or 'not recorded'} | {', '.join(tasks)} |" in text, iid
