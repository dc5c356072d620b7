"""The report renders an evidence file from the very bytes whose digest it checked.

The review found the digest taken on one read and the JSON parsed from a second one: a file
swapped in between reached the report as if attested. An audit hook sees every open of the
file (builtins, io and os alike) and swaps its content just before any second open, so the
test fails if the report reads the file twice, whatever function it reads with.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.report.loading import Loaded, load_attestation, read_evidence_json
from margo_ssdf.report.sections import DEPS_AUDIT
from margo_ssdf.report.views import Unavailable
from tests.report.conftest import Releases

_WATCH: dict[str, Any] = {"path": None, "opens": 0, "swap": b"", "busy": False}


def _on_open(event: str, args: tuple[Any, ...]) -> None:
    watched = _WATCH["path"]
    if event != "open" or watched is None or _WATCH["busy"] or not args:
        return
    if str(args[0]) != watched:
        return
    _WATCH["opens"] += 1
    if _WATCH["opens"] == 2:  # an attacker's swap between the check and a second read
        _WATCH["busy"] = True
        try:
            Path(watched).write_bytes(_WATCH["swap"])
        finally:
            _WATCH["busy"] = False


sys.addaudithook(_on_open)  # audit hooks cannot be removed; inert while nothing is watched


def _loaded(releases: Releases, evidence: Path) -> Loaded:
    # check_evidence=False: audit does not read the evidence, so every open seen is the report's.
    return load_attestation(releases.new.signed, PublicKeySigner(releases.pub), evidence,
                            check_evidence=False)


@pytest.fixture
def evidence(releases: Releases, tmp_path: Path) -> Path:
    copy = tmp_path / "evidence"
    shutil.copytree(releases.new.out, copy)
    return copy


def test_evidence_is_read_once_and_rendered_from_the_checked_bytes(
        releases: Releases, evidence: Path) -> None:
    target = evidence / DEPS_AUDIT
    original = json.loads(target.read_bytes())
    loaded = _loaded(releases, evidence)
    swapped = dict(original, swapped="by an attacker after the digest check")
    _WATCH.update(path=str(target), opens=0, swap=json.dumps(swapped).encode())
    try:
        doc = read_evidence_json(loaded, DEPS_AUDIT)
    finally:
        opens = _WATCH["opens"]
        _WATCH["path"] = None
    assert opens == 1
    assert doc == original and "swapped" not in doc


def test_bytes_whose_digest_does_not_match_are_refused(releases: Releases,
                                                       evidence: Path) -> None:
    target = evidence / DEPS_AUDIT
    doc = json.loads(target.read_bytes())
    target.write_text(json.dumps(dict(doc, vulnerabilities=[])))
    got = read_evidence_json(_loaded(releases, evidence), DEPS_AUDIT)
    assert isinstance(got, Unavailable)
    assert got.reason == (f"{DEPS_AUDIT} changed since it was attested (its sha256 differs); "
                          "it was not used")


def test_a_missing_evidence_file_says_so(releases: Releases, evidence: Path) -> None:
    (evidence / DEPS_AUDIT).unlink()
    got = read_evidence_json(_loaded(releases, evidence), DEPS_AUDIT)
    assert isinstance(got, Unavailable) and "is missing from the evidence directory" in got.reason
