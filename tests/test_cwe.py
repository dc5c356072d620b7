"""CWE classes: every finding carries its parent class, and SARIF declares the CWE taxonomy."""

from __future__ import annotations

import pytest

from margo_ssdf import sarif
from margo_ssdf.cwe import github_tag, normalise, with_parents
from margo_ssdf.models import Severity
from tests.conftest import validate_sarif


@pytest.mark.parametrize(("given", "expected"), [
    (["CWE-95"], ("CWE-95", "CWE-94")),
    (["CWE-338"], ("CWE-338", "CWE-330")),
    (["CWE-611: Improper Restriction of XML External Entity Reference"], ("CWE-611", "CWE-610")),
    (["CWE-502"], ("CWE-502", "CWE-913")),
    (["CWE-95", "CWE-94"], ("CWE-95", "CWE-94", "CWE-74")),  # one level above each given
    (["CWE-4242"], ("CWE-4242",)),                            # unknown: itself only
    (["cwe-079", "not a cwe"], ("CWE-79", "CWE-74")),
])
def test_each_cwe_is_followed_by_its_direct_parent(given: list[str],
                                                   expected: tuple[str, ...]) -> None:
    assert with_parents(given) == expected


def test_cwe_spellings() -> None:
    assert normalise("CWE-079: Cross-site Scripting") == "CWE-79"
    assert normalise("B602") is None
    assert github_tag("CWE-79") == "external/cwe/cwe-079"


def test_sarif_declares_the_taxonomy_and_relates_rules_and_results(
        sarif_schema: dict[str, object]) -> None:
    rule = sarif.Rule(id="margo.python.eval", name="eval", description="eval of input",
                      severity=Severity.HIGH, cwe=("CWE-95",))
    assert rule.cwe == ("CWE-95", "CWE-94")
    finding = sarif.Finding(rule=rule, message="m", path="app.py", line=3, snippet="eval(x)")
    log = sarif.log_json([sarif.run_json("semgrep", "1", "https://semgrep.dev", [finding])])
    validate_sarif(log, sarif_schema)
    run = log["runs"][0]
    taxonomy = run["taxonomies"][0]
    assert taxonomy["name"] == "CWE"
    assert [t["id"] for t in taxonomy["taxa"]] == ["94", "95"]
    declared = run["tool"]["driver"]["rules"][0]
    assert [r["target"]["id"] for r in declared["relationships"]] == ["95", "94"]
    assert {"CWE-94", "external/cwe/cwe-094"} <= set(declared["properties"]["tags"])
    result = run["results"][0]
    assert [t["id"] for t in result["taxa"]] == ["95", "94"]
    assert sarif.read_results(log)[0].cwe == ("CWE-95", "CWE-94")


def test_a_run_without_cwe_has_no_taxonomy() -> None:
    rule = sarif.Rule(id="x", name="x", description="x", severity=Severity.LOW)
    run = sarif.run_json("t", "1", "https://example.org", [
        sarif.Finding(rule=rule, message="m", path="a.py", line=1)])
    assert "taxonomies" not in run
    assert "taxa" not in run["results"][0]
