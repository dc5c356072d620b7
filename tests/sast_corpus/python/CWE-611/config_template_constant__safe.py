"""Builds a default configuration document from a template fixed in the source."""

import xml.etree.ElementTree as ET

TEMPLATE = "<config><retries>3</retries><verbose>false</verbose></config>"


def default_config() -> ET.Element:
    root = ET.fromstring(TEMPLATE)
    root.set("generated", "true")
    return root
