"""Streams SAML metadata with SAX, external entities explicitly off."""

import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges


class EntityIds(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def startElement(self, name, attrs):
        if name.endswith("EntityDescriptor"):
            self.ids.append(attrs.get("entityID", ""))


def entity_ids(stream) -> list[str]:
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    handler = EntityIds()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.ids
