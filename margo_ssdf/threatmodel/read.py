"""Which format a threat model file is in, and its threats."""

from __future__ import annotations

import json

from margo_ssdf.threatmodel.dragon import is_threat_dragon, parse_threat_dragon
from margo_ssdf.threatmodel.markdown import MARKDOWN_NAME, parse_markdown
from margo_ssdf.threatmodel.model import ModelError, Threat
from margo_ssdf.threatmodel.tm7 import parse_tm7


def is_model_name(rel: str) -> bool:
    """Whether a project file may be a threat model, by its name alone."""
    base = rel.rsplit("/", 1)[-1]
    return rel.lower().endswith((".tm7", ".json")) or bool(MARKDOWN_NAME.match(base))


def parse_model(rel: str, data: bytes) -> tuple[str, list[Threat]] | None:
    """(format, threats) of a model file; None for JSON that is no threat model at all."""
    lower = rel.lower()
    if lower.endswith(".tm7"):
        return "tm7", parse_tm7(data, rel)
    if lower.endswith(".json"):
        # Only JSON shaped like a Threat Dragon model is one; others are not our business.
        if b'"diagrams"' not in data or b'"summary"' not in data:
            return None
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError) as exc:  # also absurd nesting and huge numbers
            raise ModelError(f"{rel}: looks like a Threat Dragon model but is not valid "
                             f"JSON: {exc}.") from exc
        if not is_threat_dragon(doc):
            return None
        return parse_threat_dragon(doc, rel)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{rel}: not UTF-8 text.") from exc
    return "markdown", parse_markdown(text, rel)
