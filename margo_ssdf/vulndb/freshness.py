"""How old the vulnerability data is, and the rule that refuses to conclude on stale data.

An ecosystem's data is as old as the time since it is known to have been current: the later of
the newest real date among its advisories (`modified`, or `published`; the Go database's year-1
placeholders are no date) and the time the source says it built the export (`Last-Modified`
of `<Ecosystem>/all.zip`, recorded by `db update` over HTTP). When the store was last updated
on this machine is recorded and shown, but does not count: importing a two-year-old snapshot
today does not make its data fresh. grype judges its database the same way, by when it was
built, not when it was fetched.

`deps.audit` and `vuln.response` call `require_for_check` before concluding anything: when an
ecosystem the project needs (PyPI for Python dependencies, Go for Go modules and toolchains)
has no data, or data older than the policy's `max_database_age` (days), the check raises and
its tasks are not assessed, so the verdict is incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from margo_ssdf.errors import ConfigError, ExitCode
from margo_ssdf.vulndb.errors import StoreError

if TYPE_CHECKING:
    from margo_ssdf.discovery.dependencies import Dependency
    from margo_ssdf.vulndb.store import EcosystemStatus, OsvStore

OPTION = "max_database_age"
"""The check option, in days."""
DEFAULT_MAX_AGE_DAYS = 7
"""The default policy's limit: a week, against grype's five days, for mirrors updated weekly."""

_REFRESH = ("Refresh it with `margo-ssdf db update` (downloads the OSV exports), or, offline, "
            "import a newer OSV export with `margo-ssdf db import PATH`.")


class StaleDatabaseError(StoreError):
    """The data for an ecosystem the project needs is missing or older than the policy allows."""

    exit_code = ExitCode.CHECK_ERROR


@dataclass(frozen=True)
class Age:
    """How old one ecosystem's data is."""

    ecosystem: str
    """The OSV ecosystem name."""
    advisories: int
    """Advisories held for it."""
    data_time: str | None
    """What the data is known to be current as of (see the module's docstring)."""
    days: float | None
    """Days from `data_time` to now; None when nothing dates the data."""
    updated: str | None
    """When this machine last imported or updated it."""
    source: str | None
    """What that import or update read."""

    def stale(self, max_days: float) -> bool:
        """Whether the data is absent, undated or older than `max_days`."""
        return self.advisories == 0 or self.days is None or self.days > max_days

    def describe(self) -> str:
        """A phrase for messages: how old, after what, from where."""
        if self.advisories == 0:
            return f"{self.ecosystem} has no advisories"
        if self.days is None or self.data_time is None:
            return f"{self.ecosystem} has no dated advisory, so its age is unknown"
        local = (f"; last updated here {self.updated[:10]} from {self.source}"
                 if self.updated else "")
        return (f"{self.ecosystem} data is {int(self.days)} days old (current as of "
                f"{self.data_time[:10]}{local})")


def age_of(status: EcosystemStatus, now: datetime) -> Age:
    """The age of one ecosystem's data at `now`."""
    when = status.data_time
    days = None
    if when is not None:
        moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
        days = max(0.0, (now - moment).total_seconds() / 86_400)
    return Age(status.ecosystem, status.advisories, when, days, status.updated, status.source)


def ages(store: OsvStore, now: datetime | None = None) -> dict[str, Age]:
    """The age of every ecosystem the store holds or has records of."""
    moment = now or datetime.now(UTC)
    return {e.ecosystem: age_of(e, moment) for e in store.status().ecosystems}


def max_age_days(options: Mapping[str, Any], check_id: str) -> float:
    """The policy's `max_database_age` for a check (days, more than zero)."""
    value = options.get(OPTION, DEFAULT_MAX_AGE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(
            f"option '{OPTION}' must be a number of days above zero, not {value!r}.",
            key=f"checks.{check_id}.options.{OPTION}",
            fix="Give the most days the vulnerability data may be old, e.g. 7.")
    return float(value)


def needed_ecosystems(dependencies: Iterable[Dependency],
                      go_directives: Iterable[object] = ()) -> set[str]:
    """The ecosystems whose data an audit of these dependencies (and Go releases) reads."""
    needed = {d.ecosystem.value for d in dependencies}
    if any(True for _ in go_directives):
        needed.add("Go")
    return needed


def require_fresh(store: OsvStore, ecosystems: Iterable[str], max_days: float, *,
                  option_key: str = OPTION, now: datetime | None = None) -> None:
    """Raise `StaleDatabaseError` unless every ecosystem has data at most `max_days` old
    (`NoDatabaseError` when the store holds nothing at all)."""
    store.require_data()
    known = ages(store, now)
    wanted = sorted(set(ecosystems))
    bad = [known.get(e) or Age(e, 0, None, None, None, None) for e in wanted]
    bad = [a for a in bad if a.stale(max_days)]
    if not bad:
        return
    missing = [a.ecosystem for a in bad if a.advisories == 0]
    fix = _REFRESH
    if missing:
        fix += (" For an ecosystem it lacks: `margo-ssdf db update --ecosystem "
                f"{missing[0]}`.")
    raise StaleDatabaseError(
        f"The vulnerability database {store.path} cannot support an audit: "
        + "; ".join(a.describe() for a in bad)
        + f"; the policy allows data at most {max_days:g} days old ({option_key}). A "
        "dependency audit against old data would miss every vulnerability published since, "
        "so none is concluded.",
        fix=fix + f" A project that must audit against a fixed snapshot can raise "
        f"{option_key} in its configuration.")


def require_for_check(store: OsvStore, dependencies: Iterable[Dependency],
                      go_directives: Iterable[object], options: Mapping[str, Any],
                      check_id: str) -> None:
    """The check's call: the data for each ecosystem the dependencies need is fresh enough."""
    require_fresh(store, needed_ecosystems(dependencies, go_directives),
                  max_age_days(options, check_id),
                  option_key=f"checks.{check_id}.options.{OPTION}")
