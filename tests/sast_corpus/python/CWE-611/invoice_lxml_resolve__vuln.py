"""Imports e-invoices (UBL XML) uploaded by suppliers."""

from lxml import etree


def import_invoice(xml_bytes: bytes) -> str:
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    root = etree.fromstring(xml_bytes, parser)
    return root.findtext("{*}ID")
