"""The quarantine of invalid events, and the window of ids that catches repeats."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from riskwarn.errors import EventError
from riskwarn.events import (
    Quarantine,
    Rejected,
    SeenIds,
    read_events,
)
from tests.events_helpers import attendance_line

DATA = Path(__file__).parent / "data" / "events"
INVALID = DATA / "invalid"
INVALID_CASES = sorted(p.name for p in INVALID.iterdir() if p.suffix != ".expected")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- invalid input: the quarantine --------------------------------------------------


@pytest.mark.parametrize("case", INVALID_CASES)
def test_each_invalid_event_is_quarantined_with_its_whole_reason(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``invalid/<case>`` gives, in order, the reasons in ``<case>.expected``."""
    monkeypatch.chdir(INVALID)
    rejected: list[Rejected] = []

    list(read_events(case, quarantine=Quarantine(rejected.append)))

    expected = Path(case).with_suffix(".expected").read_text(encoding="utf-8")
    assert "".join(r.reason + "\n" for r in rejected) == expected


def test_reading_goes_on_after_bad_lines_and_counts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid events around invalid ones all come out, in order; the count is right."""
    monkeypatch.chdir(INVALID)
    quarantine = Quarantine()

    ids = [e.id for e in read_events("json_syntax.jsonl", quarantine=quarantine)]
    ids += [e.id for e in read_events("duplicate_ids.jsonl", quarantine=quarantine)]
    ids += [e.id for e in read_events("csv_quotes.csv", quarantine=quarantine)]

    assert ids == ["p1", "p7", "d1", "d2", "d3", "q1"]
    assert quarantine.count == 5 + 3 + 3


def test_a_quarantine_file_holds_one_json_object_per_refused_event(tmp_path: Path) -> None:
    """Each line has the source, line, reason and raw record: a JSONL line as its text,
    a CSV row as a mapping of column to cell, a Python item as given."""
    jsonl = write(tmp_path / "events.jsonl", attendance_line("a1") + "\n" + '{"id": "x"}\n')
    csv_file = write(tmp_path / "att.csv", "id,time,person,day,status\nb1,,p,2024-13-01,present\n")
    target = tmp_path / "quarantine.jsonl"

    with Quarantine(target) as quarantine:
        list(read_events(jsonl, quarantine=quarantine, name="events.jsonl"))
        list(read_events(csv_file, quarantine=quarantine, name="att.csv", event_type="attendance"))
        list(read_events([{"id": "c1", "amount": Decimal("1.5")}], quarantine=quarantine))

    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "source": "events.jsonl",
            "line": 2,
            "reason": "events.jsonl:2: missing required field 'type'",
            "raw": '{"id": "x"}',
        },
        {
            "source": "att.csv",
            "line": 2,
            "reason": "att.csv:2: attendance: missing required field 'time'\n"
            "att.csv:2: attendance.day: expected a date (YYYY-MM-DD), got '2024-13-01'",
            "raw": {"id": "b1", "person": "p", "day": "2024-13-01", "status": "present"},
        },
        {
            "source": "<events>",
            "line": 1,
            "reason": "<events>:1: missing required field 'type'",
            "raw": {"id": "c1", "amount": 1.5},
        },
    ]
    assert quarantine.count == 3


def test_a_raw_record_json_cannot_hold_is_written_as_its_repr(tmp_path: Path) -> None:
    """Nothing is lost for want of a JSON form: the raw record falls back to ``repr``."""
    target = tmp_path / "quarantine.jsonl"
    with Quarantine(target) as quarantine:
        list(read_events([{"id": "n", "litres": float("nan")}, 42], quarantine=quarantine))

    raws = [json.loads(line)["raw"] for line in target.read_text().splitlines()]
    assert raws == ["{'id': 'n', 'litres': nan}", 42]


def test_without_a_quarantine_the_first_invalid_event_is_raised() -> None:
    """With no quarantine, reading stops at the first invalid event, after the valid
    events before it."""
    events = read_events([attendance_line("a1"), '{"id": "a2", "type": "atendance"}'])

    assert next(events).id == "a1"
    with pytest.raises(EventError) as err:
        next(events)
    assert (
        str(err.value)
        == "<events>:2: type: unknown event type 'atendance' (did you mean 'attendance'?)"
    )


def test_a_quarantine_file_that_cannot_be_written_is_an_event_error(tmp_path: Path) -> None:
    """The quarantine's own failure is reported, located at its path."""
    with pytest.raises(EventError) as err:
        Quarantine(tmp_path / "missing" / "q.jsonl")
    assert (
        str(err.value)
        == f"{tmp_path / 'missing' / 'q.jsonl'}: cannot write: No such file or directory"
    )


# --- duplicate ids ------------------------------------------------------------------


def test_a_repeated_id_is_caught_within_the_window_only() -> None:
    """With a window of 2, an id repeated after two other events is not noticed: the
    documented trade-off for bounded memory."""
    rejected: list[Rejected] = []
    lines = [attendance_line(i) for i in ("a", "b", "a", "c", "d", "a")]

    ids = [
        e.id for e in read_events(lines, quarantine=Quarantine(rejected.append), seen=SeenIds(2))
    ]

    assert ids == ["a", "b", "c", "d", "a"]
    assert [r.reason for r in rejected] == [
        "<events>:3: attendance.id: duplicate event id 'a' (first at <events>:1)"
    ]


def test_an_unbounded_window_catches_every_repeat() -> None:
    """``SeenIds(None)`` keeps every id."""
    lines = [attendance_line(f"a{i}") for i in range(300)] + [attendance_line("a0")]
    quarantine = Quarantine()

    list(read_events(lines, quarantine=quarantine, seen=SeenIds(None)))

    assert quarantine.count == 1


def test_one_seen_ids_catches_a_repeat_across_sources(tmp_path: Path) -> None:
    """Sharing `SeenIds` between reads spans files, and names the first file."""
    first = write(tmp_path / "a.jsonl", attendance_line("x1") + "\n")
    second = write(
        tmp_path / "b.csv",
        "id,time,person,day,status\nx1,2024-03-01T09:00:00Z,p,2024-03-01,present\n",
    )
    seen = SeenIds()
    rejected: list[Rejected] = []
    quarantine = Quarantine(rejected.append)

    list(read_events(first, quarantine=quarantine, seen=seen, name="a.jsonl"))
    list(
        read_events(second, quarantine=quarantine, seen=seen, name="b.csv", event_type="attendance")
    )

    assert [r.reason for r in rejected] == [
        "b.csv:2: attendance.id: duplicate event id 'x1' (first at a.jsonl:1)"
    ]
    assert len(seen) == 1


def test_a_window_below_one_is_refused() -> None:
    """A window holds at least one id."""
    with pytest.raises(ValueError, match="window must be at least 1, got 0"):
        SeenIds(0)


def test_quarantine_count_starts_at_zero_and_a_closed_quarantine_keeps_it(tmp_path: Path) -> None:
    """Closing a file quarantine keeps its count."""
    with Quarantine(tmp_path / "q.jsonl") as quarantine:
        assert quarantine.count == 0
        list(read_events(["{}"], quarantine=quarantine))
    assert quarantine.count == 1
