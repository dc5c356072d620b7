"""Releases in OCI registries: `publish` pushes an attest directory as an artifact that refers
to each attested image, `fetch` (and `audit oci://...`) pulls it back with every digest checked.

Only the commands that name a registry import this package; every offline path stays without
it (and without the HTTP client it brings).
"""
