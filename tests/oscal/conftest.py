"""The signed sample releases of tests/report, shared with the OSCAL tests."""

from tests.report.conftest import _report_registered, releases  # noqa: F401
