"""How every format shows a task state, a verdict and a check outcome: one table each.

Each state has a colour and also a symbol and a word, so no state is told by colour alone.
The terminal and text views use `colour` (a rich style), the HTML page `css`, Markdown only
the symbol and the word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from margo_ssdf.models import Outcome, TaskState, Verdict


@dataclass(frozen=True)
class StateStyle:
    """How one task state looks."""

    symbol: str
    label: str
    """The word the report uses ('partial', not 'partially_satisfied')."""
    meaning: str
    """What the state means, for the legend."""
    colour: str
    """A rich style."""
    css: str
    """The HTML class suffix: `st-<css>` on a chip or cell, `fill-<css>` in the bar."""


STATE_STYLES: Mapping[TaskState, StateStyle] = {
    TaskState.SATISFIED: StateStyle(
        "✔", "satisfied", "every check that evidences the task passed", "bold green",
        "satisfied"),
    TaskState.DECLARED: StateStyle(
        "✎", "declared", "a document the project wrote declares it (digest recorded)", "cyan",
        "declared"),
    TaskState.NOT_APPLICABLE: StateStyle(
        "-", "not applicable",
        "the policy says it does not apply, or there was nothing to check", "dim",
        "not-applicable"),
    TaskState.PARTIALLY_SATISFIED: StateStyle(
        "◐", "partial", "some of its checks passed, some failed", "yellow",
        "partially-satisfied"),
    TaskState.NOT_SATISFIED: StateStyle(
        "✘", "not satisfied", "its checks failed, or its declaration does not hold",
        "bold red", "not-satisfied"),
    TaskState.NOT_ASSESSED: StateStyle(
        "?", "not assessed", "a check that evidences it could not run", "magenta",
        "not-assessed"),
}
NOT_RECORDED_SYMBOL = "!"
"""For a task the attestation does not record at all."""

# The order the legend and the counts use: good to bad.
STATE_ORDER: tuple[TaskState, ...] = (
    TaskState.SATISFIED, TaskState.DECLARED, TaskState.NOT_APPLICABLE,
    TaskState.PARTIALLY_SATISFIED, TaskState.NOT_SATISFIED, TaskState.NOT_ASSESSED,
)


@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict looks."""

    word: str
    symbol: str
    colour: str
    """A rich style."""
    css: str
    """The HTML class: good, bad or unknown."""


VERDICT_STYLES: Mapping[Verdict, VerdictStyle] = {
    Verdict.COMPLIANT: VerdictStyle("COMPLIANT", "✔", "bold green", "good"),
    Verdict.NOT_COMPLIANT: VerdictStyle("NOT COMPLIANT", "✘", "bold red", "bad"),
    Verdict.INCOMPLETE: VerdictStyle("INCOMPLETE", "?", "bold magenta", "unknown"),
}

OUTCOME_SYMBOL: Mapping[str, str] = {
    Outcome.PASS.value: "✔", Outcome.FAIL.value: "✘", Outcome.ERROR.value: "?",
    Outcome.SKIPPED.value: "-",
}
"""By outcome value: a check row read from an attestation holds the value as text."""
