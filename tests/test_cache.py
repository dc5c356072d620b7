"""The result cache reuses an entry only when its result is re-derived from its evidence."""

from __future__ import annotations

import json
from pathlib import Path

from margo_ssdf.cache import ResultCache
from margo_ssdf.models import Outcome, Probe, Severity
from tests.test_rederive import _clock, probe, record, sarif_log


def stored(tmp_path: Path, result_dir: str, cid: str, files: dict[str, object],
           outcome: Outcome, counts: dict[Severity, int] | None = None,
           probes: tuple[Probe, ...] = ()) -> tuple[ResultCache, Path]:
    """A cache holding one result (key 'k' * 64) whose evidence is `files`."""
    work = tmp_path / result_dir
    result = record(work, cid, files, outcome, counts=counts, probes=probes)
    cache = ResultCache(tmp_path / "cache")
    cache.put("k" * 64, result, work)
    return cache, next((tmp_path / "cache").rglob("result.json"))


def test_an_entry_agreeing_with_its_evidence_is_reused(tmp_path: Path) -> None:
    files = {"sast.bandit.sarif": sarif_log("high")}
    cache, _ = stored(tmp_path, "w", "sast.bandit", files, Outcome.FAIL,
                      counts={Severity.HIGH: 1})
    hit = cache.get("k" * 64, tmp_path / "out")
    assert hit is not None and hit.cached and hit.counts == {Severity.HIGH: 1}
    assert (tmp_path / "out" / "checks" / "sast.bandit" / "sast.bandit.sarif").is_file()


def test_an_entry_edited_to_pass_is_ignored_and_nothing_is_copied(tmp_path: Path) -> None:
    files = {"sast.bandit.sarif": sarif_log("high")}
    cache, entry = stored(tmp_path, "w", "sast.bandit", files, Outcome.FAIL,
                          counts={Severity.HIGH: 1})
    data = json.loads(entry.read_text())
    entry.write_text(json.dumps({**data, "outcome": "pass", "reason": None, "counts": {}}))
    assert cache.get("k" * 64, tmp_path / "out") is None
    assert not (tmp_path / "out").exists()


def test_an_entry_is_re_derived_with_the_options_in_force(tmp_path: Path) -> None:
    on_time = (probe("overdue", Outcome.PASS, 0.0), probe("undated", Outcome.PASS, 0.0),
               probe("vex-coverage", Outcome.PASS, 1.0))
    cache, _ = stored(tmp_path, "w", "vuln.response", {"cra-clock.json": _clock(365)},
                      Outcome.PASS, probes=on_time)
    assert cache.get("k" * 64, tmp_path / "a", {"limit_days": 90}) is None
    assert cache.get("k" * 64, tmp_path / "b", {"limit_days": 365}) is not None


def test_a_check_without_a_re_derivation_is_never_reused(tmp_path: Path) -> None:
    # Fail closed: nothing shows a plug-in's cached result.json was not edited.
    cache, _ = stored(tmp_path, "w", "acme.lint", {"out.json": {}}, Outcome.PASS)
    assert cache.get("k" * 64, tmp_path / "out") is None
    skipped, _ = stored(tmp_path / "s", "w", "sast.bandit", {}, Outcome.SKIPPED)
    assert skipped.get("k" * 64, tmp_path / "out") is None
