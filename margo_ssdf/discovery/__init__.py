"""Facts about the project that every check shares, gathered once per run."""

from margo_ssdf.discovery.project import (
    DEFAULT_EXCLUDES,
    GitFacts,
    Project,
    discover,
    require_directory,
)
from margo_ssdf.discovery.scope import ReleaseScope

__all__ = ["DEFAULT_EXCLUDES", "GitFacts", "Project", "ReleaseScope", "discover",
           "require_directory"]
