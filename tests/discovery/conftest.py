"""Go binaries built once per session for the build-info and artifact tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.discovery import gobuild


@pytest.fixture(scope="session")
def go_builds(tmp_path_factory: pytest.TempPathFactory) -> gobuild.Builds:
    gobuild.require_go()
    return gobuild.stdlib_builds(tmp_path_factory.getbasetemp() / "go-builds")


@pytest.fixture(scope="session")
def deps_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gobuild.require_go()
    return gobuild.deps_build(tmp_path_factory.getbasetemp() / "go-builds")


@pytest.fixture(scope="session")
def go_parser(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gobuild.require_go()
    return gobuild.go_parser(tmp_path_factory.getbasetemp() / "go-builds")
