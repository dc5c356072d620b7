"""Builds the TLS context for the MQTT bridge."""

import ssl


def bridge_context(ca_file: str) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca_file)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
