"""The help of a SARIF rule: what is wrong, why it matters, how to fix it, and the weakness.

GitHub code scanning shows a rule's `help` beside each alert and rejects rules without one.
The rule's own description says what is wrong; why it matters and how to fix it come from
`data/sarif-help.yaml`, by the rule's id or else its most specific CWE, so every engine's rules
(our semgrep packs, bandit, zizmor, the isolation rules, coverage gaps) get the same help.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from margo_ssdf.sarif import Rule

HELP_DATA = "data/sarif-help.yaml"


@dataclass(frozen=True)
class Advice:
    """Why a weakness matters and how to fix it."""

    why: str
    fix: str
    name: str = ""
    """MITRE's name of the weakness; '' for a rule's own entry."""


def cwe_uri(cwe: str) -> str:
    """The MITRE page of a CWE id ('CWE-95')."""
    return f"https://cwe.mitre.org/data/definitions/{int(cwe.removeprefix('CWE-'))}.html"


@functools.cache
def _table() -> tuple[dict[str, Advice], dict[str, Advice]]:
    text = resources.files("margo_ssdf").joinpath(HELP_DATA).read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return ({k: Advice(**v) for k, v in raw["rules"].items()},
            {k: Advice(**v) for k, v in raw["cwe"].items()})


def by_rule() -> dict[str, Advice]:
    """The rules with their own advice (those without a CWE)."""
    return dict(_table()[0])


def by_cwe() -> dict[str, Advice]:
    """Advice and name of every CWE our engines report."""
    return dict(_table()[1])


def advice(rule: Rule) -> Advice | None:
    """The rule's own advice, else that of its most specific CWE the table knows."""
    rules, cwes = _table()
    if rule.id in rules:
        return rules[rule.id]
    return next((cwes[c] for c in rule.cwe if c in cwes), None)


def help_uri(rule: Rule) -> str | None:
    """The rule's own page (bandit's plug-in page, zizmor's audit), else its CWE's page."""
    return rule.help_uri or (cwe_uri(rule.cwe[0]) if rule.cwe else None)


def _cwe_line(cwe: str, markdown: bool) -> str:
    name = _table()[1].get(cwe, Advice("", "")).name
    label = f"{cwe}: {name}" if name else cwe
    return f"[{label}]({cwe_uri(cwe)})" if markdown else f"{label} <{cwe_uri(cwe)}>"


def _what(rule: Rule) -> str:
    return rule.description.strip() or f"The rule {rule.id} ({rule.name}) matched here."


def help_json(rule: Rule) -> dict[str, str]:
    """SARIF's `help` object of a rule: `text` and `markdown` with the same content."""
    found = advice(rule)
    why = found.why if found else ("The rule found a weakness its tool considers a security "
                                   "risk; see the linked page for details.")
    fix = found.fix if found else ("Change the code as the rule's message says, or triage the "
                                   "finding with a justification.")
    text = [_what(rule), f"Why it matters: {why}", f"How to fix it: {fix}"]
    md = [_what(rule), f"**Why it matters.** {why}", f"**How to fix it.** {fix}"]
    if rule.cwe:
        text.append("Weakness: " + "; ".join(_cwe_line(c, False) for c in rule.cwe))
        md.append("**Weakness:** " + ", ".join(_cwe_line(c, True) for c in rule.cwe))
    if uri := help_uri(rule):
        text.append(f"More: {uri}")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(md)}
