"""Validates uploaded SVG icons against their DTD."""

from lxml import etree


def load_svg(path: str):
    parser = etree.XMLParser(load_dtd=True, dtd_validation=True)
    return etree.parse(path, parser)
