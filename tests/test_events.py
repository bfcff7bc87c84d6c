"""The event models, writing events, and the reference that documents them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from riskwarn.errors import EventError
from riskwarn.events import (
    BUILTIN_TYPES,
    ENVELOPE_FIELDS,
    FIELD_TYPES,
    Attendance,
    AttendanceStatus,
    Event,
    EventTypes,
    Meeting,
    MeetingKind,
    Opinion,
    Payment,
    Statement,
    dump_event,
    read_events,
    write_events,
)

DOCS = Path(__file__).parent.parent / "docs" / "events.md"
T0 = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def payment(**changes: object) -> Payment:
    fields: dict[str, object] = {
        "id": "pay-1",
        "time": T0,
        "initiator": "li_si",
        "approver": "wang_wu",
        "payee": "hengda",
        "amount": Decimal("498000.50"),
    }
    return Payment.model_validate(fields | changes)


def errors(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    return [(tuple(e["loc"]), e["msg"]) for e in exc.errors()]


# --- the models ---------------------------------------------------------------------


def test_each_builtin_type_is_an_event_subclass_whose_type_is_its_name() -> None:
    """Every built-in model extends the envelope and fixes ``type`` to its own name."""
    assert list(BUILTIN_TYPES) == [
        "meeting",
        "decision",
        "appointment_step",
        "personal_report",
        "attendance",
        "payment",
        "purchase",
        "procurement_step",
        "bid",
        "participation",
        "reception",
        "service_request",
        "service_completed",
        "petition",
        "petition_update",
        "ledger_task",
    ]
    for name, model in BUILTIN_TYPES.items():
        assert issubclass(model, Event)
        assert list(model.model_fields)[:5] == list(ENVELOPE_FIELDS)
        assert model.model_fields["type"].default == name


def test_a_builtin_event_is_built_in_python_with_its_type_filled_in() -> None:
    """A model instance needs no ``type``; it is frozen and hashable."""
    event = payment()

    assert event.type == "payment"
    assert event.amount == Decimal("498000.50")
    assert hash(event) == hash(payment())
    with pytest.raises(ValidationError):
        event.amount = Decimal(1)  # type: ignore[misc]


def test_amounts_are_exact_decimals_and_floats_or_quoted_numbers_are_refused() -> None:
    """An int becomes a Decimal; a float (inexact) and a numeric string (outside CSV) are
    refused, each with a hint."""
    assert payment(amount=500).amount == Decimal(500)
    with pytest.raises(ValidationError) as err:
        payment(amount=0.1)
    assert errors(err.value) == [
        (("amount",), "expected a decimal number (a float is inexact: use Decimal('0.1'))")
    ]
    with pytest.raises(ValidationError) as err:
        payment(amount="12.50")
    assert errors(err.value) == [
        (("amount",), "expected a decimal number (write the number without quotes: 12.50)")
    ]


def test_a_time_without_a_zone_or_far_from_now_is_refused() -> None:
    """``time`` must be aware, and in the years 1900 to 2199 (a mistyped year)."""
    with pytest.raises(ValidationError) as err:
        payment(time=datetime(2024, 3, 1, 9, 30))
    assert [e["type"] for e in err.value.errors()] == ["timezone_aware"]
    with pytest.raises(ValidationError) as err:
        payment(time=datetime(1024, 3, 1, tzinfo=UTC))
    assert errors(err.value) == [(("time",), "expected a year from 1900 to 2199")]


def test_an_attendance_day_is_a_date_not_a_time() -> None:
    """A ``Day`` field takes a date or ``YYYY-MM-DD``, never a datetime."""
    base = {"id": "a", "time": T0, "person": "p", "status": "present"}
    assert Attendance.model_validate(base | {"day": "2024-03-01"}).day == date(2024, 3, 1)
    assert (
        Attendance.model_validate(base | {"day": "2024-03-01"}).status is AttendanceStatus.PRESENT
    )
    with pytest.raises(ValidationError):
        Attendance.model_validate(base | {"day": T0})


def test_a_meeting_holds_statements_and_resolutions_as_nested_models() -> None:
    """Statements are validated as `Statement` models, with their own defaults."""
    meeting = Meeting.model_validate(
        {
            "id": "m",
            "time": T0,
            "body": "standing_committee",
            "kind": "personnel",
            "members_due": ["a", "b"],
            "present": ["a", "b"],
            "statements": [{"member": "a", "order": 1, "opinion": "agree"}],
            "minutes_recorded": True,
        }
    )
    assert meeting.kind is MeetingKind.PERSONNEL
    assert meeting.statements == (Statement(member="a", order=1, opinion=Opinion.AGREE),)
    assert meeting.statements[0].is_principal is False


# --- writing ------------------------------------------------------------------------


def test_dump_event_writes_one_line_with_id_type_time_first_and_no_defaults() -> None:
    """Amounts are exact JSON numbers, times ISO 8601 with their offset, enums by value;
    fields at their default are left out."""
    event = payment(amount=Decimal("12345678901234567.891"), unit="finance_bureau")

    assert dump_event(event) == (
        '{"id":"pay-1","type":"payment","time":"2024-03-01T09:30:00+08:00",'
        '"unit":"finance_bureau","initiator":"li_si","approver":"wang_wu","payee":"hengda",'
        '"amount":12345678901234567.891}'
    )


def test_dump_event_writes_a_time_with_a_seconds_offset_in_utc() -> None:
    """Old zone rules have offsets in seconds (Shanghai LMT +08:05:43), which ISO 8601
    readers refuse: such a time is written in UTC, the same instant."""
    lmt = timezone(timedelta(hours=8, minutes=5, seconds=43))
    event = payment(time=datetime(1900, 6, 1, 12, 0, tzinfo=lmt))

    assert '"time":"1900-06-01T03:54:17+00:00"' in dump_event(event)
    assert list(read_events([dump_event(event)])) == [event]


def test_write_events_to_csv_refuses_mixed_types_and_unwritable_lists(tmp_path: Path) -> None:
    """A CSV file holds one type; a list item holding ';' cannot be a CSV list item."""
    attendance = Attendance(id="a", time=T0, person="p", day=date(2024, 3, 1), status="present")
    with pytest.raises(EventError) as err:
        write_events(tmp_path / "mixed.csv", [payment(), attendance])
    assert str(err.value) == (
        f"{tmp_path / 'mixed.csv'}:3: a CSV file holds one event type: event 'a' is of "
        "type 'attendance', the file holds 'payment'"
    )
    types = EventTypes()
    tags = types.declare("tagged", {"tags": "list[text]"})
    with pytest.raises(EventError) as err:
        write_events(tmp_path / "tags.csv", [tags(id="t", time=T0, tags=("a;b",))])
    assert str(err.value) == (
        f"{tmp_path / 'tags.csv'}:2: tagged.tags: cannot write a list item that is empty "
        "or holds ';' to CSV: 'a;b'"
    )


def test_write_events_refuses_an_unsupported_file_type(tmp_path: Path) -> None:
    """Only .jsonl, .ndjson and .csv are written."""
    with pytest.raises(EventError) as err:
        write_events(tmp_path / "events.json", [payment()])
    assert str(err.value) == (
        f"{tmp_path / 'events.json'}: unsupported file type '.json' "
        "(expected .jsonl, .ndjson or .csv)"
    )


# --- the reference ------------------------------------------------------------------


def test_the_python_examples_of_the_reference_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``python`` block of docs/events.md runs, in order, next to a sample
    ``events.jsonl``; the quarantine file it writes is empty."""
    sample = Path(__file__).parent / "data" / "events" / "valid.jsonl"
    (tmp_path / "events.jsonl").write_bytes(sample.read_bytes())
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)

    assert len(blocks) == 3
    for block in blocks:
        exec(compile(block, str(DOCS), "exec", dont_inherit=True), {"__name__": "docs_example"})
    assert (tmp_path / "quarantine.jsonl").read_text() == ""


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([a-z_]+)`", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_reference_documents_every_field_of_every_builtin_type() -> None:
    """docs/events.md has a section per built-in type naming each of its own fields, and
    lists the declared-type vocabulary."""
    text = DOCS.read_text(encoding="utf-8")
    sections = _sections(text)
    for name, model in BUILTIN_TYPES.items():
        assert name in sections, f"no section for {name}"
        own = [f for f in model.model_fields if f not in ENVELOPE_FIELDS]
        missing = [f for f in own if f"`{f}`" not in sections[name]]
        assert missing == [], f"{name}: undocumented fields {missing}"
    for field in ENVELOPE_FIELDS:
        assert f"`{field}`" in text
    for type_name in FIELD_TYPES:
        assert f"`{type_name}`" in text


def test_an_offset_in_seconds_is_kept_as_utc_so_a_round_trip_keeps_derived_days() -> None:
    from riskwarn.events import AppointmentStep, dump_event, read_events

    # Beijing's local mean time; 05:00 there is 20:54:17 UTC on 31 December
    lmt = datetime(1921, 1, 1, 5, 0, tzinfo=timezone(timedelta(hours=8, minutes=5, seconds=43)))
    step = AppointmentStep(
        id="a1", time=lmt, candidate="p1", position="x", step="proposal", is_promotion=True
    )
    assert step.time.utcoffset() == timedelta(0)
    assert step.time == lmt
    assert step.day == date(1920, 12, 31)  # the day of the time as kept
    again = next(read_events([json.loads(dump_event(step))]))
    assert again == step
