"""The signed sample releases of tests/report, shared with the OSCAL tests."""

from tests.report.conftest import releases  # noqa: F401
