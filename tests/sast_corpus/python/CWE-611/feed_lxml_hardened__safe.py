"""Reads a partner's product feed with entity resolution and network access off."""

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def product_names(feed: bytes) -> list[str]:
    root = etree.fromstring(feed, PARSER)
    return [node.text for node in root.iter("name")]
