"""Reads the API token from a file mounted by the orchestrator."""

from pathlib import Path

TOKEN_PATH = Path("/run/secrets/ticketing_api_token")


def api_token() -> str:
    return TOKEN_PATH.read_text(encoding="utf-8").strip()
