"""Things that take time: what a petition update repeats of its petition, and the days a
ledger task computes from its own times, so that rule conditions can compare them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from riskwarn.events import LedgerTask, PetitionKind, PetitionUpdate, read_events, write_events

BJ = timezone(timedelta(hours=8))
T0 = datetime(2025, 10, 10, 23, 30, tzinfo=BJ)


def update(**changes: Any) -> PetitionUpdate:
    fields: dict[str, Any] = {
        "id": "u1",
        "time": T0,
        "petition_id": "jb-1",
        "action": "closed",
    }
    return PetitionUpdate.model_validate(fields | changes)


def task(**changes: Any) -> LedgerTask:
    fields: dict[str, Any] = {
        "id": "t1",
        "time": T0,
        "task": "T-17",
        "owner": "p1",
        "due": "2025-10-10",
    }
    return LedgerTask.model_validate(fields | changes)


def test_an_update_repeats_the_kind_and_naming_of_its_petition_when_given() -> None:
    """``kind`` and ``named`` are optional: an update that does not say leaves them None."""
    given = update(kind="report", named=True)
    assert (given.kind, given.named) == (PetitionKind.REPORT, True)
    assert (update().kind, update().named) == (None, None)


def test_an_update_with_a_misspelt_kind_or_a_quoted_boolean_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        update(kind="reports")
    assert [e["loc"] for e in err.value.errors()] == [("kind",)]
    with pytest.raises(ValidationError) as err:
        update(named="true")
    assert [e["loc"] for e in err.value.errors()] == [("named",)]


def test_a_ledger_task_knows_the_day_of_its_record_and_of_its_completion() -> None:
    """Each day is the date at the offset of its own time: 23:30 in Beijing is that day,
    the same instant in UTC (15:30) too; an open task has no ``done_day``."""
    assert (task().day, task().done_day) == (date(2025, 10, 10), None)
    assert task(time=T0.astimezone(UTC)).day == date(2025, 10, 10)
    done = task(done_at=datetime(2025, 10, 11, 0, 30, tzinfo=BJ))
    assert done.done_day == date(2025, 10, 11)
    assert done.done_day > done.due


def test_a_ledger_day_given_in_the_input_must_equal_the_computed_one() -> None:
    assert task(day="2025-10-10").day == date(2025, 10, 10)
    with pytest.raises(ValidationError) as err:
        task(day="2025-10-11")
    [error] = err.value.errors()
    assert error["msg"] == (
        "Value error, day is computed from time: expected 2025-10-10, got 2025-10-11 "
        "(leave it out to have it computed)"
    )
    with pytest.raises(ValidationError) as err:
        task(done_day="2025-10-10")
    assert "done_day is computed from done_at: expected none, got 2025-10-10" in str(err.value)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_updates_and_ledger_tasks_are_written_and_read_back_unchanged(
    tmp_path: Path, suffix: str
) -> None:
    updates = [update(kind="report", named=True), update(id="u2", action="acknowledged")]
    tasks = [task(), task(id="t2", done_at=datetime(2025, 10, 9, 17, 0, tzinfo=BJ))]
    for name, events in (("updates", updates), ("tasks", tasks)):
        path = tmp_path / f"{name}{suffix}"
        write_events(path, events)
        assert list(read_events(path)) == events
