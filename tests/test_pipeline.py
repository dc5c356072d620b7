"""The pipeline with fake checks that subclass the real interface."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from margo_ssdf import catalog
from margo_ssdf.cache import ResultCache
from margo_ssdf.checks import Check, CheckContext
from margo_ssdf.discovery import discover
from margo_ssdf.errors import ToolError
from margo_ssdf.models import CheckResult, Outcome
from margo_ssdf.policy import CheckRule, Policy, TaskRule
from margo_ssdf.rederive import DERIVERS, EvidenceFiles, Facts
from margo_ssdf.scheduler import run_checks

both_started = threading.Barrier(2, timeout=20)


class Fake(Check):
    title = "fake"
    tasks = ("PW.7.2",)
    tool = "fake"
    remediation = "none"
    runs = 0

    def run(self, ctx: CheckContext) -> CheckResult:
        type(self).runs += 1
        ev = ctx.write_evidence(self.id, "out.txt", b"evidence of " + self.id.encode(),
                                "text/plain")
        return self.result(ctx, Outcome.PASS, evidence=[ev])


class WaitsForPartner(Fake):
    id = "fake.partner_a"

    def run(self, ctx: CheckContext) -> CheckResult:
        both_started.wait()  # only returns if the partner runs at the same time
        return super().run(ctx)


class PartnerB(WaitsForPartner):
    id = "fake.partner_b"


class Hangs(Fake):
    id = "fake.hangs"

    def run(self, ctx: CheckContext) -> CheckResult:
        time.sleep(30)
        return super().run(ctx)


class Crashes(Fake):
    id = "fake.crashes"

    def run(self, ctx: CheckContext) -> CheckResult:
        raise RuntimeError("boom")


class ToolMissing(Fake):
    id = "fake.missing"

    def run(self, ctx: CheckContext) -> CheckResult:
        raise ToolError("'zzz' is not installed or not on PATH.")


class Counted(Fake):
    id = "fake.counted"

    def inputs(self, project, options):  # type: ignore[no-untyped-def]
        return ["app.py"]


def counted_facts(ev: EvidenceFiles, options: Mapping[str, object]) -> Facts:
    """fake.counted's re-derivation: a pass, once its evidence is there with its digest."""
    ev.data("out.txt")
    return Facts(Outcome.PASS)


FAKES = (WaitsForPartner, PartnerB, Hangs, Crashes, ToolMissing, Counted)
# The pipeline runs the set it is handed: these fakes, not the installed checks.
CHECKS: Mapping[str, Check] = {cls.id: cls() for cls in FAKES}


def make_policy(*check_ids: str, timeout: float = 60) -> Policy:
    tasks = {t: TaskRule(required=False) for t in catalog.ssdf().tasks}
    tasks["PW.7.2"] = TaskRule(checks=check_ids)
    return Policy(name="t", tasks=tasks,
                  checks={c: CheckRule(timeout=timeout) for c in check_ids})


def test_checks_run_concurrently(project: Path, tmp_path: Path) -> None:
    ids = ("fake.partner_a", "fake.partner_b")
    results = run_checks(discover(project), make_policy(*ids), ids, tmp_path, checks=CHECKS, jobs=2)
    assert [r.outcome for r in results.values()] == [Outcome.PASS, Outcome.PASS]


def test_hung_crashed_and_missing_tools_are_errors_and_others_finish(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("margo_ssdf.scheduler.GRACE_SECONDS", 0.0)
    ids = ("fake.hangs", "fake.crashes", "fake.missing", "fake.counted")
    started = time.monotonic()
    results = run_checks(discover(project), make_policy(*ids, timeout=1), ids, tmp_path,
                         checks=CHECKS)
    assert time.monotonic() - started < 10
    assert results["fake.hangs"].outcome is Outcome.ERROR
    assert "did not finish within its timeout of 1 s" in (results["fake.hangs"].reason or "")
    assert results["fake.crashes"].reason == \
        "internal error in the check: RuntimeError: boom"
    assert "not installed" in (results["fake.missing"].reason or "")
    assert results["fake.counted"].outcome is Outcome.PASS
    assert not (tmp_path / "checks" / "fake.hangs").exists()


def test_cache_reuses_results_until_an_input_changes(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(DERIVERS, Counted.id, counted_facts)  # reused only once re-derived
    cache = ResultCache(tmp_path / "cache")
    ids = ("fake.counted",)
    pol = make_policy(*ids)
    Counted.runs = 0
    first = run_checks(discover(project), pol, ids, tmp_path / "e1", checks=CHECKS, cache=cache)
    second = run_checks(discover(project), pol, ids, tmp_path / "e2", checks=CHECKS, cache=cache)
    assert Counted.runs == 1
    assert second["fake.counted"].cached and not first["fake.counted"].cached
    # The cached evidence is restored into the new evidence directory, byte for byte.
    assert (tmp_path / "e2/checks/fake.counted/out.txt").read_bytes() == \
        b"evidence of fake.counted"
    (project / "app.py").write_text("print('changed')\n")
    run_checks(discover(project), pol, ids, tmp_path / "e3", checks=CHECKS, cache=cache)
    assert Counted.runs == 2
    # A file the check does not read does not invalidate it.
    (project / "unrelated.txt").write_text("x")
    run_checks(discover(project), pol, ids, tmp_path / "e4", checks=CHECKS, cache=cache)
    assert Counted.runs == 2


def test_tampered_cache_entry_is_not_used(project: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    ids = ("fake.counted",)
    Counted.runs = 0
    run_checks(discover(project), make_policy(*ids), ids, tmp_path / "e1", checks=CHECKS,
               cache=cache)
    stored = next((tmp_path / "cache").rglob("out.txt"))
    stored.write_bytes(b"forged")
    result = run_checks(discover(project), make_policy(*ids), ids, tmp_path / "e2",
                        checks=CHECKS, cache=cache)
    assert Counted.runs == 2 and not result["fake.counted"].cached


def test_errors_are_not_cached(project: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    ids = ("fake.missing",)
    run_checks(discover(project), make_policy(*ids), ids, tmp_path / "e", checks=CHECKS,
               cache=cache)
    assert not list((tmp_path / "cache").rglob("result.json"))


def test_a_write_within_a_removed_directory_never_recreates_it(tmp_path: Path) -> None:
    """K17's race: evidence written while the run's staging directory is being removed."""
    from margo_ssdf.files import write_atomic

    root = tmp_path / ".out.partial-x"
    root.mkdir()
    write_atomic(root / "checks" / "c" / "a.json", b"{}", within=root)
    assert (root / "checks" / "c" / "a.json").read_bytes() == b"{}"
    shutil.rmtree(root)
    with pytest.raises(FileNotFoundError):
        write_atomic(root / "checks" / "c" / "b.json", b"{}", within=root)
    assert not root.exists()
