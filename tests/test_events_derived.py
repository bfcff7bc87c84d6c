"""Derived fields: what a meeting and an appointment step compute from their own fields,
so that rule conditions can compare them; a given value must agree, and events with
them are written and read back unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from riskwarn.events import AppointmentStep, Meeting, SelectionStep, read_events, write_events

BJ = timezone(timedelta(hours=8))
T0 = datetime(2025, 9, 29, 9, 0, tzinfo=BJ)


def meeting(**changes: Any) -> Meeting:
    fields: dict[str, Any] = {
        "id": "m1",
        "time": T0,
        "body": "standing_committee",
        "kind": "personnel",
        "members_due": ["a", "b", "c", "d", "e", "f"],
        "present": ["a", "b", "c", "d"],
        "minutes_recorded": True,
    }
    return Meeting.model_validate(fields | changes)


def said(
    member: str, order: int, *, principal: bool = False, matter: str | None = None
) -> dict[str, Any]:
    return {
        "member": member,
        "order": order,
        "opinion": "agree",
        "is_principal": principal,
        **({"matter": matter} if matter else {}),
    }


def step(name: str, **changes: Any) -> AppointmentStep:
    fields: dict[str, Any] = {
        "id": f"s-{name}",
        "time": T0,
        "candidate": "p1",
        "position": "fin_deputy",
        "step": name,
        "is_promotion": True,
    }
    return AppointmentStep.model_validate(fields | changes)


def test_a_meeting_counts_the_members_due_and_those_of_them_present() -> None:
    """An attendee who is not a member due (列席) is not counted; a repeated id counts once."""
    m = meeting(present=["a", "b", "c", "d", "guest", "a"])
    assert (m.due_count, m.present_count) == (6, 4)
    assert meeting(members_due=["a", "a", "b"], present=[]).due_count == 2
    assert meeting(present=[]).present_count == 0


def test_min_votes_adopted_is_the_weakest_adopted_resolution() -> None:
    """A matter voted down (``adopted: false``) does not count; none adopted gives None."""
    m = meeting(
        resolutions=[
            {"ref": "r1", "votes_for": 5},
            {"ref": "r2", "votes_for": 4},
            {"ref": "r3", "votes_for": 1, "adopted": False},
        ]
    )
    assert m.min_votes_adopted == 4
    assert (
        meeting(resolutions=[{"ref": "r3", "votes_for": 1, "adopted": False}]).min_votes_adopted
        is None
    )
    assert meeting().min_votes_adopted is None


def test_principal_last_holds_when_the_principal_speaks_after_everyone_on_each_matter() -> None:
    assert (
        meeting(
            statements=[said("a", 1), said("b", 2), said("c", 3, principal=True)]
        ).principal_last
        is True
    )
    # first, or in the middle
    assert meeting(statements=[said("c", 1, principal=True), said("a", 2)]).principal_last is False
    assert (
        meeting(
            statements=[said("a", 1), said("c", 2, principal=True), said("b", 3)]
        ).principal_last
        is False
    )
    # spoke first and again last: did not wait
    assert (
        meeting(
            statements=[said("c", 1, principal=True), said("a", 2), said("c", 3, principal=True)]
        ).principal_last
        is False
    )
    # alone on a matter
    assert meeting(statements=[said("c", 1, principal=True)]).principal_last is True
    # no statement is the principal's: unknown
    assert meeting(statements=[said("a", 1), said("b", 2)]).principal_last is None
    assert meeting().principal_last is None


def test_principal_last_is_judged_per_matter() -> None:
    """Orders restart per matter: last on r1 and first on r2 is not last."""
    ok = [
        said("a", 1, matter="r1"),
        said("c", 2, principal=True, matter="r1"),
        said("a", 1, matter="r2"),
    ]
    assert meeting(statements=ok).principal_last is True
    early = [*ok, said("c", 1, principal=True, matter="r2"), said("b", 2, matter="r2")]
    assert meeting(statements=early).principal_last is False


def test_a_derived_value_given_in_the_input_must_equal_the_computed_one() -> None:
    assert meeting(present_count=4, due_count=6, principal_last=None).present_count == 4
    with pytest.raises(ValidationError) as err:
        meeting(present_count=5)
    [error] = err.value.errors()
    assert error["msg"] == (
        "Value error, present_count is computed from present and members_due: expected 4, got 5 "
        "(leave it out to have it computed)"
    )
    with pytest.raises(ValidationError) as err:
        step("decision", step_order=3)
    assert "step_order is computed from step: expected 4, got 3" in str(err.value)
    with pytest.raises(ValidationError) as err:
        step("archive_check", step_order=4)
    assert "step_order is computed from step: expected none, got 4" in str(err.value)


def test_a_step_knows_its_place_in_the_required_order() -> None:
    """proposal 1 … appointment_notice 6; the four checks have no place."""
    assert [SelectionStep(s).order for s in SelectionStep] == [
        1,
        2,
        3,
        None,
        None,
        None,
        None,
        4,
        5,
        6,
    ]
    assert step("publicity").step_order == 5
    assert step("petition_check").step_order is None


def test_a_step_knows_its_day_at_the_offset_of_its_time() -> None:
    """23:30 in Beijing is the same day there, and 15:30 the same day in UTC."""
    late = datetime(2025, 10, 10, 23, 30, tzinfo=BJ)
    assert step("appointment_notice", time=late).day == date(2025, 10, 10)
    assert step("appointment_notice", time=late.astimezone(UTC)).day == date(2025, 10, 10)
    assert step("appointment_notice", time=datetime(2025, 10, 10, 16, 30, tzinfo=UTC)).day == date(
        2025, 10, 10
    )


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_events_with_derived_fields_are_written_and_read_back_unchanged(
    tmp_path: Path, suffix: str
) -> None:
    """The writer writes the derived values; reading them back agrees with the computed ones."""
    meetings = [
        meeting(
            statements=[said("a", 1), said("c", 2, principal=True)],
            resolutions=[{"ref": "r1", "votes_for": 4}],
        )
    ]
    steps = [
        step("publicity", publicity_start="2025-09-29", publicity_end="2025-10-11"),
        step("proposal"),
    ]
    for name, events in (("meetings", meetings), ("steps", steps)):
        path = tmp_path / f"{name}{suffix}"
        write_events(path, events)
        assert list(read_events(path)) == events
