"""The envelope every event shares (``id``, ``type``, ``time``, ``actor``, ``unit``) and
the field types events are made of.

Times carry a time zone; money is an exact `Decimal`, never a float.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError, TzInfo

from riskwarn.model.common import Id, Model

__all__ = [
    "CSV_CONTEXT",
    "ENVELOPE_FIELDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NAME_PATTERN",
    "Day",
    "DecimalNumber",
    "Event",
    "EventId",
    "EventTime",
    "Money",
    "TypeName",
    "expected",
]

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
"""Event type and field names: lowercase snake_case, usable in rule conditions."""

CSV_CONTEXT = {"format": "csv"}
"""Validation context for values read from CSV cells, where every value is text."""

FIRST_YEAR, LAST_YEAR = 1900, 2199
"""The years an event time or day may fall in."""

_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def expected(what: str, hint: str = "") -> PydanticCustomError:
    """A validation error rendered as ``expected <what>, got <input><hint>``."""
    return PydanticCustomError(
        "riskwarn_expected", "expected {expected}{hint}", {"expected": what, "hint": hint}
    )


def _from_cells(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and info.context.get("format") == "csv"


def _decimal(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    number = isinstance(value, str) and _DECIMAL.fullmatch(value) is not None
    if isinstance(value, str) and _from_cells(info):
        if number:
            return Decimal(value)
        hint = " (no thousands separators)" if "," in value or "，" in value else ""
        raise expected("a decimal number", hint)
    if isinstance(value, float):
        raise expected("a decimal number", f" (a float is inexact: use Decimal('{value!r}'))")
    hint = f" (write the number without quotes: {value})" if number else ""
    raise expected("a decimal number", hint)


DecimalNumber = Annotated[Decimal, BeforeValidator(_decimal)]
"""An exact decimal number: a JSON number (read without rounding), a `Decimal` or an
``int`` in Python, or the text of a number in a CSV cell. Floats and quoted numbers
outside CSV are refused; so are NaN and infinities."""

Money = Annotated[DecimalNumber, Field(ge=0)]
"""An amount of money in yuan (元): an exact `DecimalNumber`, zero or more."""


def _time(value: Any) -> Any:
    if isinstance(value, datetime | str):
        return value
    raise expected("a date-time with a time zone (ISO 8601, e.g. '2024-03-01T09:30:00+08:00')")


def _in_years(value: date) -> date:
    # A mistyped year (0224, 20224) is refused rather than sorted centuries away. A time
    # is checked in UTC as well, so that writing it in UTC keeps it valid.
    if not FIRST_YEAR <= value.year <= LAST_YEAR or (
        isinstance(value, datetime) and not FIRST_YEAR <= value.astimezone(UTC).year <= LAST_YEAR
    ):
        raise expected(f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    return value


_FIXED = (timezone, TzInfo)
"""Time zones of one offset, which need no replacing."""


@lru_cache(maxsize=256)
def _zone(offset: timedelta) -> timezone:
    return timezone(offset)


def _fixed_offset(value: datetime) -> datetime:
    # A zone with rules (ZoneInfo) is replaced by the offset in force: the instant is kept,
    # and a time in a DST gap or fold then compares equal to the same instant elsewhere.
    # An offset that is not whole minutes (local mean time before 1930, +08:05:43) is
    # written as UTC by ISO 8601 writers, so it is kept as UTC here: days derived from the
    # time are then the same before and after a round trip through a file.
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        return value.astimezone(UTC)
    if isinstance(value.tzinfo, _FIXED):
        return value
    return value if offset is None else value.replace(tzinfo=_zone(offset), fold=0)


EventTime = Annotated[
    AwareDatetime,
    BeforeValidator(_time),
    AfterValidator(_in_years),
    AfterValidator(_fixed_offset),
]
"""A point in time with a time zone, ISO 8601: ``2024-03-01T09:30:00+08:00`` (or ``Z``),
in the years 1900 to 2199 (as written and in UTC). A time without a zone is refused: the
same wall-clock time is a different instant in Beijing and in UTC, and event order
depends on it. A zone with rules (``ZoneInfo("Asia/Shanghai")``) is kept as its offset
at that time; an offset that is not whole minutes (local mean time) is kept as UTC."""


def _day(value: Any) -> Any:
    if isinstance(value, date | str) and not isinstance(value, datetime):
        return value
    raise expected("a date (YYYY-MM-DD)")


Day = Annotated[date, BeforeValidator(_day), AfterValidator(_in_years)]
"""A calendar day, ``YYYY-MM-DD``, in the years 1900 to 2199."""

EventId = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200)]
"""An event id: any non-empty text up to 200 characters, unique in a stream."""

TypeName = Annotated[str, StringConstraints(strict=True, pattern=NAME_PATTERN, max_length=64)]
"""An event type name: lowercase letters, digits and ``_``, starting with a letter."""


class Event(Model):
    """The envelope of every event: what happened (``type``), when (``time``), who did
    it (``actor``) and where (``unit``), under a unique ``id``.

    Each event type is a subclass that narrows ``type`` to its name and adds its
    fields; see `riskwarn.events.EventTypes` for the built-in and custom types.
    """

    id: EventId
    """Unique in a stream (a second event with the same id is quarantined)."""
    type: TypeName
    """The event type name, e.g. ``payment``."""
    time: EventTime
    """When it happened (event time, with a time zone); rules run in this order."""
    actor: Id | None = None
    """The person who did it (person id in the organization), when known."""
    unit: Id | None = None
    """The unit where it happened (unit id in the organization), when known."""


ENVELOPE_FIELDS = tuple(Event.model_fields)
"""``id``, ``type``, ``time``, ``actor``, ``unit``: the fields every event has."""
