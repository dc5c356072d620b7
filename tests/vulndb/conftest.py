"""Fixtures for the vulnerability store tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database location inside the test's temporary directory."""
    return tmp_path / "db" / "osv.sqlite3"
