"""Reads the version of a checkout from git."""

import subprocess


def describe(ref: str) -> str:
    out = subprocess.check_output(["git", "describe", "--tags", "--always", ref], text=True)
    return out.strip()
