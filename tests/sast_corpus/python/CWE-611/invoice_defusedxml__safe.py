"""Imports e-invoices with defusedxml, which refuses entities and external DTDs."""

from defusedxml import ElementTree


def import_invoice(xml_bytes: bytes) -> str | None:
    root = ElementTree.fromstring(xml_bytes)
    return root.findtext("{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}ID")
