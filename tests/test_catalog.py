from margo_ssdf import catalog


def test_ssdf_has_4_groups_19_practices_42_tasks() -> None:
    cat = catalog.ssdf()
    assert [g.id for g in cat.groups] == ["PO", "PS", "PW", "RV"]
    assert len(cat.practices) == 19
    assert len(cat.tasks) == 42
    assert next(iter(cat.tasks)) == "PO.1.1" and list(cat.tasks)[-1] == "RV.3.4"


def test_every_task_belongs_to_its_practice_and_group() -> None:
    cat = catalog.ssdf()
    for tid, task in cat.tasks.items():
        assert tid.startswith(task.practice_id + ".")
        assert task.practice_id.startswith(task.group_id + ".")
        assert task.title and task.title[0].isupper()


def test_known_tasks_present_and_gaps_absent() -> None:
    tasks = catalog.ssdf().tasks
    for tid in ("PW.4.4", "PS.3.2", "RV.3.4", "PO.5.2"):
        assert tid in tasks
    # SSDF 1.1 withdrew PW.3 and PW.4.3; they must not reappear.
    assert "PW.4.3" not in tasks
    assert not any(t.startswith("PW.3.") for t in tasks)
