"""Reading events from JSONL, CSV and Python: valid input, and problems with the source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from riskwarn.errors import EventError
from riskwarn.events import (
    BUILTIN_TYPES,
    Attendance,
    Event,
    EventTypes,
    Payment,
    Quarantine,
    Rejected,
    read_events,
    write_events,
)
from tests.events_helpers import T0, attendance_line

DATA = Path(__file__).parent / "data" / "events"
VALID = DATA / "valid.jsonl"


def valid_events() -> list[Event]:
    return list(read_events(VALID))


def attendance(event_id: str, person: str = "a") -> Attendance:
    return Attendance(id=event_id, time=T0, person=person, day=date(2024, 3, 1), status="present")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- valid input --------------------------------------------------------------------


def test_a_jsonl_file_holds_every_builtin_type() -> None:
    """The sample file has events of every built-in type, read as their models."""
    events = valid_events()

    assert len(events) == 21
    assert {e.type for e in events} == set(BUILTIN_TYPES)
    assert all(type(e) is BUILTIN_TYPES[e.type] for e in events)
    pay = next(e for e in events if isinstance(e, Payment))
    assert pay.amount == Decimal("498000.50")
    assert pay.time == datetime(2024, 3, 18, 14, 22, 5, tzinfo=timezone(timedelta(hours=8)))


def test_every_builtin_type_round_trips_through_jsonl(tmp_path: Path) -> None:
    """Events written with `write_events` read back equal, type by type."""
    events = valid_events()

    assert write_events(tmp_path / "out.jsonl", events) == 21
    assert list(read_events(tmp_path / "out.jsonl")) == events


def test_every_builtin_type_round_trips_through_csv(tmp_path: Path) -> None:
    """A CSV file per type (lists as ``a;b``, nested values as JSON) reads back equal."""
    events = valid_events()
    for name in BUILTIN_TYPES:
        of_type = [e for e in events if e.type == name]
        path = tmp_path / f"{name}.csv"
        assert write_events(path, of_type) == len(of_type)
        assert list(read_events(path)) == of_type, name


@pytest.mark.parametrize("name", list(BUILTIN_TYPES))
def test_the_csv_samples_hold_the_same_events_as_the_jsonl_sample(name: str) -> None:
    """``csv/<type>.csv`` holds the JSONL sample's events of that type; files without a
    ``type`` column are read with ``event_type``."""
    expected = [e for e in valid_events() if e.type == name]

    assert list(read_events(DATA / "csv" / f"{name}.csv", event_type=name)) == expected


def test_numbers_and_booleans_in_csv_cells_are_read_by_the_field_type(tmp_path: Path) -> None:
    """A CSV cell is text: a decimal, an integer and ``TRUE`` (as Excel writes it) are
    read by the field's type, which JSON would refuse as strings."""
    path = write(
        tmp_path / "receptions.csv",
        "id,type,time,official_letter,guests,hosts,working_meals,list_signed,cost\n"
        "r1,reception,2024-03-01T12:00:00+08:00,TRUE,6,2,1,false,1260.50\n",
    )
    [event] = read_events(path)

    assert event.model_dump(include={"official_letter", "guests", "list_signed", "cost"}) == {
        "official_letter": True,
        "guests": 6,
        "list_signed": False,
        "cost": Decimal("1260.50"),
    }


def test_python_iterables_give_mappings_events_and_json_lines() -> None:
    """An iterable may mix mappings, `Event` instances and JSON lines (a text stream)."""
    items: list[object] = [
        json.loads(attendance_line("a1")),
        attendance("a2"),
        attendance_line("a3") + "\n",
        "\n",
        attendance_line("a4").encode("utf-8"),
    ]

    assert list(read_events(items)) == [attendance(f"a{i}") for i in (1, 2, 3, 4)]


def test_an_event_of_another_class_is_validated_as_the_registered_type() -> None:
    """An `Event` whose class is not the registered one for its type is validated again."""

    class Plain(Event):
        pass

    plain = Plain(id="a1", type="attendance", time=T0)
    rejected: list[Rejected] = []
    quarantine = Quarantine(rejected.append)

    assert list(read_events([plain], quarantine=quarantine)) == []
    assert [r.reason for r in rejected] == [
        "<events>:1: attendance: missing required field 'person'\n"
        "<events>:1: attendance: missing required field 'day'\n"
        "<events>:1: attendance: missing required field 'status'"
    ]


def test_blank_lines_and_a_byte_order_mark_are_skipped(tmp_path: Path) -> None:
    """Blank lines carry no event; a UTF-8 BOM (Windows editors) is not part of line 1."""
    path = tmp_path / "events.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + attendance_line("a1").encode()
        + b"\r\n\n   \n"
        + attendance_line("a2").encode()
    )

    assert [e.id for e in read_events(path)] == ["a1", "a2"]


def test_reading_is_lazy() -> None:
    """Events are yielded as their lines are read: an event comes out before the rest of
    the input exists."""
    consumed: list[int] = []

    def lines() -> Iterator[str]:
        for i in range(1, 4):
            consumed.append(i)
            yield attendance_line(f"a{i}")

    events = read_events(lines())
    assert consumed == []
    assert next(events).id == "a1"
    assert consumed == [1]


# --- problems with the source itself ------------------------------------------------


def test_csv_header_problems_are_raised_at_once_all_together(tmp_path: Path) -> None:
    """Unknown (with a hint), duplicate and unnamed columns, and missing required
    columns, are one `EventError` when `read_events` is called."""
    path = write(tmp_path / "pay.csv", "id,time,amout,amount,,initiator,initiator,payee\n")

    with pytest.raises(EventError) as err:
        read_events(path, event_type="payment", name="pay.csv")
    assert str(err.value) == (
        "pay.csv:1: unknown column 'amout' (did you mean 'amount'?)\n"
        "pay.csv:1: column 5 has no name (expected a field name)\n"
        "pay.csv:1: duplicate column 'initiator'\n"
        "pay.csv:1: missing required column 'approver'"
    )


def test_a_csv_file_needs_a_type_column_or_an_event_type(tmp_path: Path) -> None:
    """Without ``event_type`` the rows name their type; columns are checked against
    every known type's fields."""
    path = write(tmp_path / "att.csv", "id,time,person,dya\n")

    with pytest.raises(EventError) as err:
        read_events(path, name="att.csv")
    assert str(err.value) == (
        "att.csv:1: no 'type' column (add one, or give the event type of every row)\n"
        "att.csv:1: unknown column 'dya' (did you mean 'day'?)"
    )


def test_event_type_fixes_the_type_of_every_row(tmp_path: Path) -> None:
    """A row whose ``type`` cell disagrees with ``event_type`` is refused; an empty cell
    takes ``event_type``."""
    path = write(
        tmp_path / "att.csv",
        "id,type,time,person,day,status\n"
        "a1,,2024-03-01T09:00:00+08:00,a,2024-03-01,present\n"
        "a2,payment,2024-03-01T09:00:00+08:00,a,2024-03-01,present\n",
    )
    rejected: list[Rejected] = []

    events = list(
        read_events(
            path, event_type="attendance", quarantine=Quarantine(rejected.append), name="att.csv"
        )
    )

    assert events == [attendance("a1")]
    assert [r.reason for r in rejected] == [
        "att.csv:3: attendance.type: expected 'attendance', got 'payment'"
    ]


def test_an_unknown_event_type_argument_is_refused_with_a_hint(tmp_path: Path) -> None:
    """``event_type`` must name a known type, and is for CSV files only."""
    path = write(tmp_path / "att.csv", "id\n")
    with pytest.raises(EventError) as err:
        read_events(path, event_type="atendance", name="att.csv")
    assert str(err.value) == "att.csv: unknown event type 'atendance' (did you mean 'attendance'?)"
    with pytest.raises(EventError) as err:
        read_events([], event_type="attendance")
    assert str(err.value) == "event_type is for CSV files only"


def test_a_missing_file_or_an_unsupported_type_is_refused_at_once(tmp_path: Path) -> None:
    """Path problems are raised when `read_events` is called, not when iterating."""
    with pytest.raises(EventError) as err:
        read_events(tmp_path / "none.jsonl", name="none.jsonl")
    assert str(err.value) == "none.jsonl: no such file"
    with pytest.raises(EventError) as err:
        read_events(write(tmp_path / "events.json", "[]"), name="events.json")
    assert str(err.value) == (
        "events.json: unsupported file type '.json' (expected .jsonl, .ndjson or .csv); "
        "a file with one JSON event per line is named .jsonl"
    )


def test_a_single_event_is_not_a_source() -> None:
    """One mapping or event given instead of a list of them is refused, not iterated."""
    with pytest.raises(EventError) as err:
        read_events(attendance("a1"))  # type: ignore[arg-type]
    assert str(err.value) == (
        "expected a path or an iterable of events, got one event (put it in a list)"
    )


def test_an_empty_csv_file_has_no_events(tmp_path: Path) -> None:
    """No header, no rows: nothing to read and nothing wrong."""
    assert list(read_events(write(tmp_path / "empty.csv", ""))) == []


def test_custom_types_are_read_from_jsonl_and_csv(tmp_path: Path) -> None:
    """A declared type is read like a built-in, in both formats."""
    types = EventTypes()
    fill = types.declare("fuel_fill", {"card": "id", "litres": "decimal", "drivers": "list[id]?"})
    expected = fill(id="f1", time=T0, card="c-9", litres=Decimal("45.50"), drivers=("d1", "d2"))
    jsonl = write(
        tmp_path / "fills.jsonl",
        '{"id":"f1","type":"fuel_fill","time":"2024-03-01T09:00:00+08:00","card":"c-9",'
        '"litres":45.50,"drivers":["d1","d2"]}\n',
    )
    csv_file = write(
        tmp_path / "fills.csv",
        "id,time,card,litres,drivers\nf1,2024-03-01T09:00:00+08:00,c-9,45.50,d1;d2\n",
    )

    assert list(read_events(jsonl, types)) == [expected]
    assert list(read_events(csv_file, types, event_type="fuel_fill")) == [expected]
    with pytest.raises(EventError, match="unknown event type 'fuel_fill'"):
        list(read_events(jsonl))


def test_a_relative_path_is_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages show the path the way the caller wrote it."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "events.jsonl", '{"id": 1}\n')
    with pytest.raises(EventError) as err:
        list(read_events("./events.jsonl"))
    assert str(err.value) == "./events.jsonl:1: missing required field 'type'"
