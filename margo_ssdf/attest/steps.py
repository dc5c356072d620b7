"""One step of an audit: what was checked, whether it held, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One thing the audit checked, or (a note) one thing the auditor must read."""

    name: str
    ok: bool
    detail: str
    note: bool = False
    """Not a check but a fact to read, e.g. how the policy differs from yours; never fails."""

    def as_json(self) -> dict[str, str | bool]:
        """The step under its JSON names (`note` only when it is one)."""
        out: dict[str, str | bool] = {"name": self.name, "ok": self.ok, "detail": self.detail}
        if self.note:
            out["note"] = True
        return out
