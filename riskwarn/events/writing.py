"""Writing events as JSON lines or CSV rows, in the forms `read_events` reads back
unchanged; amounts are exact JSON numbers, times ISO 8601 with their offset."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

from riskwarn.errors import EventError, Location, Problem
from riskwarn.events.envelope import Event
from riskwarn.validation import show

__all__ = ["dump_event", "json_text", "write_events"]

_FIRST = ("id", "type", "time")


def json_text(value: Any) -> str:
    """Compact JSON for event data: a `Decimal` as an exact number, dates and times in
    ISO 8601, enums by value, models by their fields, other values as pydantic writes them.

    Raises ``ValueError`` for a NaN or infinite number and ``TypeError`` for a value
    JSON cannot represent.
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return str(value)
    if isinstance(value, Enum):
        return json_text(value.value)
    if value is None or isinstance(value, str | int | float):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    if isinstance(value, datetime):
        return json.dumps(_iso(value))
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, BaseModel):
        return json_text(value.model_dump(exclude_defaults=True))
    if isinstance(value, Mapping):
        pairs = (
            f"{json.dumps(str(k), ensure_ascii=False)}:{json_text(v)}" for k, v in value.items()
        )
        return "{" + ",".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "[" + ",".join(sorted(json_text(v) for v in value)) + "]"
    try:
        return pydantic_core.to_json(value).decode("utf-8")
    except pydantic_core.PydanticSerializationError as exc:
        raise TypeError(f"cannot write {type(value).__name__} as JSON") from exc


def _iso(value: datetime) -> str:
    offset = value.utcoffset()
    # ISO 8601 readers take offsets in whole minutes; older zone rules (LMT +08:05:43) do not.
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    return value.isoformat()


def dump_event(event: Event) -> str:
    """One event as a JSON object on one line: ``id``, ``type`` and ``time`` first, then
    every field not at its default."""
    data = event.model_dump(exclude_defaults=True)
    ordered = {"id": event.id, "type": event.type, "time": event.time}
    ordered.update((k, v) for k, v in data.items() if k not in _FIRST)
    return json_text(ordered)


def write_events(path: str | os.PathLike[str], events: Iterable[Event]) -> int:
    """Write ``events`` to a ``.jsonl`` (or ``.ndjson``) file, one per line, or to a
    ``.csv`` file of one event type (a column per field; lists as ``a;b;c``; nested
    values as JSON). Returns how many were written.

    Raises:
        EventError: an unsupported file type, a file that cannot be written, or (CSV)
            events of several types, or a list item that is empty or holds ``;``.
    """
    target = Path(path)
    name = os.fspath(path)
    suffix = target.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        message = f"unsupported file type '{target.suffix}' (expected .jsonl, .ndjson or .csv)"
        raise EventError(message, location=Location(name))
    try:
        with target.open("w", encoding="utf-8", newline="") as out:
            if suffix == ".csv":
                return _write_csv(out, name, events)
            count = 0
            for event in events:
                out.write(dump_event(event) + "\n")
                count += 1
            return count
    except OSError as exc:
        raise EventError(f"cannot write: {exc.strerror or exc}", location=Location(name)) from exc


def _write_csv(out: Any, name: str, events: Iterable[Event]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    model: type[Event] | None = None
    count = 0
    for count, event in enumerate(events, start=1):
        if model is None:
            model = type(event)
            writer.writerow(model.model_fields)
        elif type(event) is not model:
            message = (
                f"a CSV file holds one event type: event {show(event.id)} is of type "
                f"'{event.type}', the file holds '{model.model_fields['type'].default}'"
            )
            raise EventError(Problem(Location(name, count + 1), message))
        writer.writerow(_cell(name, count + 1, event, f) for f in model.model_fields)
    return count


def _cell(name: str, line: int, event: Event, field: str) -> str:
    value = getattr(event, field)
    if isinstance(value, tuple | list | frozenset | set) and not any(
        isinstance(v, BaseModel | Mapping) for v in value
    ):
        items = [_scalar(v) for v in value]
        for item in items:
            if not item or ";" in item:
                message = f"cannot write a list item that is empty or holds ';' to CSV: {item!r}"
                raise EventError(
                    Problem(Location(name, line, path=f"{event.type}.{field}"), message)
                )
        return ";".join(sorted(items) if isinstance(value, set | frozenset) else items)
    if isinstance(value, BaseModel | Mapping | tuple | list):
        return json_text(value)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
