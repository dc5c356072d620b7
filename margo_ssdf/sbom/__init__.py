"""CycloneDX 1.6 SBOMs of a release, and their NTIA minimum-elements score."""
