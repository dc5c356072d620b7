"""Builds the mutual-TLS context for the MQTT bridge."""

import ssl


def bridge_context(ca_file: str, cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca_file)
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    context.load_cert_chain(certfile=cert, keyfile=key)
    return context
