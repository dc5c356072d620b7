"""What the dependency audit records about Go: the release judged, the binaries read, and
reachability (govulncheck), as parts of `deps-audit.json`.

Every field has a default, so a report written before these existed still reads, and
re-derivation gives it the same counts.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Wire(BaseModel):
    """A frozen evidence model that refuses unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ReleaseSource(StrEnum):
    """Where the Go release a standard library is judged at comes from, best first."""

    BINARY = "binary"
    """The compiler version embedded in a binary of the release: what ships."""
    CONFIGURED = "configured"
    """The build toolchain the policy names (deps.audit's `go_toolchain`)."""
    TOOLCHAIN = "toolchain"
    """A go.mod's `toolchain` directive: the release that builds the module."""
    GO_DIRECTIVE = "go directive"
    """A go.mod's `go` directive: the oldest release allowed to build it. An assumption."""

    @property
    def rank(self) -> int:
        """0 for the best evidence."""
        return list(ReleaseSource).index(self)

    @property
    def assumed(self) -> bool:
        """Whether the version is assumed rather than known to be the one that built."""
        return self is ReleaseSource.GO_DIRECTIVE


ASSUMPTION = ("assumed: a go directive names the oldest Go release allowed to build the "
              "module, not the one that built the release; pass the release's binaries with "
              "--artifact or set deps.audit's go_toolchain option")
"""The caveat on a finding whose Go release comes from a go directive only."""


class GoReleaseRecord(Wire):
    """The Go release one go.mod or binary was judged at, and why that one."""

    place: str = Field(description="The go.mod (project-relative) or the binary.")
    version: str | None = Field(description="The release the standard library (and, for a "
                                            "go.mod, the go command) was judged at.")
    source: ReleaseSource
    assumed: bool = False
    note: str = ""


class GoReleaseEvidence(Wire):
    """On a stdlib or toolchain finding: which evidence gave the version, per place."""

    source: ReleaseSource = Field(description="The best evidence among its places.")
    assumed: bool = Field(description="True when only go directives give this version.")
    places: dict[str, ReleaseSource] = Field(description="Each place and its evidence.")


class BinaryRecord(Wire):
    """A Go binary of the release, as its build info describes it."""

    name: str = Field(description="The path given, or ARCHIVE!MEMBER.")
    sha256: str
    go_version: str
    main: str = Field(description="The main module path@version ('' when none recorded).")
    modules: int = Field(description="Modules linked in, besides the main one.")


class SkippedArtifact(Wire):
    """A file or archive member among the artifacts that is not a Go binary."""

    name: str
    reason: str


class Reachability(StrEnum):
    """Whether a finding's vulnerable code is reached, over every place it occurs."""

    REACHED = "reached"
    NOT_REACHED = "not_reached"
    UNKNOWN = "unknown"
    """Analysed somewhere, but not down to symbols everywhere it occurs."""
    NOT_ANALYSED = "not_analysed"


class FindingReachability(Wire):
    """What govulncheck said about one finding, place by place."""

    status: Reachability
    places: dict[str, str] = Field(description="Each place (go.mod, binary) and what "
                                               "govulncheck found there, or why not analysed.")
    symbols: tuple[str, ...] = Field(default=(), description="Vulnerable functions reached.")
    stacks: tuple[str, ...] = Field(default=(), description="Call stacks of the reached "
                                                            "functions, vulnerable one first.")


class MachineVex(Wire):
    """A VEX decision made by a tool, kept apart from people's VEX; the policy decides
    (deps.audit's `machine_vex_closes`) whether it closes the finding."""

    status: str = "not_affected"
    justification: str = "vulnerable_code_not_in_execute_path"
    tool: str = Field(description="e.g. govulncheck.")
    tool_version: str
    modes: tuple[str, ...] = Field(description="source and/or binary.")
    scan_level: str = Field(description="symbol: the only level at which this is claimed.")
    statement: str


class ReachabilityRun(Wire):
    """One place analysed (or not) by govulncheck."""

    place: str
    mode: str = Field(description="source (a go.mod's module) or binary.")
    analysed: bool
    reason: str = Field(default="", description="Why not analysed.")
    go_version: str = Field(default="", description="The Go release govulncheck judged the "
                                                    "standard library at.")
    scan_level: str = ""
    seconds: float = 0.0


class ReachabilitySummary(Wire):
    """Whether reachability was analysed, with what, and each place's run."""

    analysed: bool
    reason: str = Field(default="", description="Why not, e.g. 'reachability not analysed: "
                                                "govulncheck is not on PATH ...'.")
    tool: str = ""
    tool_version: str = ""
    db_modified: str = Field(default="", description="The exported database's `modified`.")
    runs: tuple[ReachabilityRun, ...] = ()
