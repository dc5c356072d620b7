"""Threat model files read into threats with a triage state and a priority.

Three formats, one module each:
- `tm7`: Microsoft Threat Modeling Tool `.tm7` (XML, parsed with defusedxml, DOCTYPEs refused);
- `dragon`: OWASP Threat Dragon JSON, versions 1 and 2;
- `markdown`: Markdown tables with a threat column and a status/state column.

`read.parse_model` picks the format from the file name (and, for JSON, its shape). What the
threats mean for the SSDF is the `threat.model` check's business (`checks/threat_model.py`).
"""

from __future__ import annotations

from margo_ssdf.threatmodel.dragon import is_threat_dragon, parse_threat_dragon
from margo_ssdf.threatmodel.markdown import parse_markdown
from margo_ssdf.threatmodel.model import (
    FINAL_STATES,
    HIGH_PRIORITIES,
    PRIORITIES,
    ModelError,
    Threat,
    ThreatModel,
    ThreatState,
    normalise_priority,
    normalise_state,
)
from margo_ssdf.threatmodel.read import is_model_name, parse_model
from margo_ssdf.threatmodel.tm7 import parse_tm7, parse_xml

__all__ = [
    "FINAL_STATES",
    "HIGH_PRIORITIES",
    "PRIORITIES",
    "ModelError",
    "Threat",
    "ThreatModel",
    "ThreatState",
    "is_model_name",
    "is_threat_dragon",
    "normalise_priority",
    "normalise_state",
    "parse_markdown",
    "parse_model",
    "parse_threat_dragon",
    "parse_tm7",
    "parse_xml",
]
