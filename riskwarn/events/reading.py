"""Reading events lazily from a JSONL file, a CSV file or a Python iterable, validating
each one: valid events are yielded in input order, invalid ones go to the quarantine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from riskwarn.errors import EventError, Location
from riskwarn.events.checking import UTF8_HINT, Checker
from riskwarn.events.csvfile import CsvReader
from riskwarn.events.envelope import Event
from riskwarn.events.quarantine import Quarantine
from riskwarn.events.registry import EventTypes
from riskwarn.events.seen import SeenIds
from riskwarn.validation import show

__all__ = ["read_events"]

_JSONL = (".jsonl", ".ndjson")


def read_events(
    source: str | os.PathLike[str] | Iterable[Any],
    types: EventTypes | None = None,
    *,
    quarantine: Quarantine | None = None,
    event_type: str | None = None,
    name: str | None = None,
    seen: SeenIds | None = None,
) -> Iterator[Event]:
    """Valid events of ``source``, in input order, read lazily (one line at a time).

    ``source`` is a path to a ``.jsonl``/``.ndjson`` file (one JSON object per line;
    blank lines skipped) or a ``.csv`` file (a header row of field names; an event type
    per row from a ``type`` column, or ``event_type`` for every row), or an iterable of
    mappings, `Event` instances or JSON lines. ``types`` defaults to the built-in types.

    Each invalid event (bad JSON or CSV, unknown type, missing, unknown or ill-typed
    field, time without a zone, an id already accepted within ``seen``'s window) goes to
    ``quarantine`` and reading goes on; with no quarantine, the first one is raised.
    ``name`` is how messages show the source (default: the path as given, or
    ``<events>``); ``seen`` defaults to a new `SeenIds` with its default window.

    Raises:
        EventError: at once, for a single event given as the source, a path that is
            missing or of an unsupported type, an
            unknown ``event_type``, or a CSV header with an unknown, duplicate or
            unnamed column or a missing required column; while iterating, for the first
            invalid event when ``quarantine`` is ``None``.
    """
    checker = Checker(
        types if types is not None else EventTypes.default(),
        quarantine,
        seen if seen is not None else SeenIds(),
    )
    if isinstance(source, Mapping | Event):
        raise EventError(
            "expected a path or an iterable of events, got one event (put it in a list)"
        )
    if not isinstance(source, str | os.PathLike):
        if event_type is not None:
            raise EventError("event_type is for CSV files only")
        return _items(checker, source, name or "<events>")
    path = Path(source)
    label = name or os.fspath(source)
    suffix = path.suffix.lower()
    if suffix not in (*_JSONL, ".csv"):
        message = f"unsupported file type '{path.suffix}' (expected .jsonl, .ndjson or .csv)"
        if suffix == ".json":
            message += "; a file with one JSON event per line is named .jsonl"
        if path.name.lower().endswith((".xes", ".xes.gz")):
            message += "; an XES log is read with a mapping: riskwarn.xes.read_xes (riskwarn run --mapping)"
        raise EventError(message, location=Location(label))
    if not path.is_file():
        raise EventError("no such file", location=Location(label))
    if suffix == ".csv":
        return iter(CsvReader(checker, path, label, event_type))
    if event_type is not None:
        raise EventError("event_type is for CSV files only", location=Location(label))
    return _jsonl(checker, path, label)


def _jsonl(checker: Checker, path: Path, label: str) -> Iterator[Event]:
    with path.open("rb") as lines:
        for number, data in enumerate(lines, start=1):
            text = _decode(checker, data, label, number)
            if text is not None and number == 1:
                text = text.removeprefix("\ufeff")
            event = None if text is None else _line(checker, text, label, number)
            if event is not None:
                yield event


def _items(checker: Checker, items: Iterable[Any], label: str) -> Iterator[Event]:
    for number, item in enumerate(items, start=1):
        if isinstance(item, Event):
            event = checker.event(item, label, number)
        elif isinstance(item, Mapping):
            event = checker.mapping(item, label, number, item)
        elif isinstance(item, str | bytes):
            text = _decode(checker, item, label, number) if isinstance(item, bytes) else item
            event = None if text is None else _line(checker, text, label, number)
        else:
            message = f"expected an event (a mapping, an Event or a JSON line), got {show(item)}"
            checker.fail(label, number, message, item)
            continue
        if event is not None:
            yield event


def _decode(checker: Checker, data: bytes, label: str, number: int) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"expected UTF-8 text, got byte 0x{data[exc.start]:02x} {UTF8_HINT}"
        checker.fail(label, number, message, data.decode("utf-8", "replace").rstrip("\r\n"))
        return None


def _line(checker: Checker, text: str, label: str, number: int) -> Event | None:
    """The event of one JSON line; ``None`` for a blank line or after rejecting it."""
    text = text.rstrip("\r\n")
    return checker.json_line(text, label, number) if text.strip() else None
