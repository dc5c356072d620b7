"""Microsoft Threat Modeling Tool models (`.tm7`, XML): each threat instance's state and priority.

XML is parsed with defusedxml and any DOCTYPE is refused, so no entity, external or internal,
is ever expanded or fetched.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from margo_ssdf.threatmodel.model import ModelError, Threat, normalise_priority, normalise_state


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_xml(data: bytes, rel: str) -> Element:
    """Parse XML refusing any DTD: no entity is expanded, no external resource is fetched."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DTDForbidden as exc:
        raise ModelError(f"{rel}: refused: the XML has a DOCTYPE declaration, and documents "
                         "with DTDs or entities are never parsed (no entity is resolved). "
                         "Save the model again from its tool, without a DOCTYPE.") from exc
    except defusedxml.DefusedXmlException as exc:
        raise ModelError(f"{rel}: refused: the XML declares entities or external "
                         f"references ({type(exc).__name__}).") from exc
    except ParseError as exc:
        raise ModelError(f"{rel}: not well-formed XML: {exc}.") from exc


def parse_tm7(data: bytes, rel: str) -> list[Threat]:
    """The threat instances of a Threat Modeling Tool model."""
    root = parse_xml(data, rel)
    if _local(root.tag) != "ThreatModel":
        raise ModelError(f"{rel}: not a Threat Modeling Tool model (the root element is "
                         f"<{_local(root.tag)}>, not <ThreatModel>).")
    instances = next((e for e in root.iter() if _local(e.tag) == "ThreatInstances"), None)
    threats = []
    for entry in instances if instances is not None else []:
        value = _child(entry, "Value")
        if value is None:
            continue
        props: dict[str, str] = {}
        properties = _child(value, "Properties")
        for kv in properties if properties is not None else []:
            key = _text(_child(kv, "Key"))
            if key:
                props[key] = _text(_child(kv, "Value"))
        title = props.get("Title") or _text(_child(value, "Title")) or _text(_child(value, "Id"))
        priority = props.get("Priority") or _text(_child(value, "Priority"))
        threats.append(Threat(title=title, state=normalise_state(_text(_child(value, "State"))),
                              priority=normalise_priority(priority)))
    return threats
