"""margo-ssdf: NIST SSDF evidence and signed per-release compliance attestations."""

__version__ = "0.1.0"
