from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from margo_ssdf.models import CheckResult, Evidence, Outcome, Probe, Severity, ToolInfo

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _result(**kw: object) -> CheckResult:
    base: dict[str, object] = {
        "check_id": "x.y", "tasks": ("PW.7.2",),
        "tool": ToolInfo(name="t", version="1", argv=("t", "-q")),
        "started_at": T0, "finished_at": T0 + timedelta(seconds=2), "outcome": Outcome.FAIL,
        "reason": "2 findings", "counts": {Severity.HIGH: 2},
        "probes": (Probe(id="p", tasks=("PW.7.2",), outcome=Outcome.FAIL, reason="r",
                         value=0.5, locations=("a.py:3",)),),
        "evidence": (Evidence(path="checks/x.y/out.sarif", sha256="a" * 64,
                              media_type="application/sarif+json", size=10),)}
    base.update(kw)
    return CheckResult.model_validate(base)


def test_check_result_json_round_trip() -> None:
    result = _result()
    again = CheckResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.counts[Severity.HIGH] == 2


def test_non_pass_outcome_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="needs a reason"):
        _result(outcome=Outcome.ERROR, reason=None)
    assert _result(outcome=Outcome.PASS, reason=None).reason is None


def test_weak_or_malformed_digest_cannot_be_represented() -> None:
    with pytest.raises(ValidationError):
        Evidence(path="a", sha256="abc", media_type="text/plain", size=1)
    with pytest.raises(ValidationError):
        Evidence(path="a", sha256="A" * 64, media_type="text/plain", size=1)


def test_unknown_fields_and_bad_task_ids_are_rejected() -> None:
    with pytest.raises(ValidationError):
        _result(tasks=("XX.1.1",))
    data = _result().model_dump(mode="json")
    data["surprise"] = 1
    with pytest.raises(ValidationError):
        CheckResult.model_validate(data)


def test_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match="before"):
        _result(finished_at=T0 - timedelta(seconds=1))
