"""Durations in rules: exact time (``30d``, ``12h``, ``90m``, ``2w``) or working days (``5 workdays``).

The grammar is a whole number, optional spaces, and a unit::

    duration = count unit
    count    = 1, 2, 3, ...   (digits 0-9; no sign, no fraction)
    unit     = m | minute | minutes      exact minutes
             | h | hour | hours          exact hours
             | d | day | days           exact days of 24 hours
             | w | week | weeks         exact weeks of 7 days
             | workday | workdays      working days on a calendar

A day is 24 hours whatever the calendar says: ``3d`` after Friday 15:00 is
Monday 15:00, holidays or not. Only ``workdays`` consult a `WorkCalendar`, and
they count whole local days (see `riskwarn.calendar`). The canonical text is
``30d``, ``12h``, ``90m``, ``2w``, ``1 workday``, ``5 workdays``; other
spellings parse to the same value and print canonically.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from riskwarn.calendar import WorkCalendar, require_aware
from riskwarn.errors import RulesetError

__all__ = ["DURATION_PATTERN", "PARAM_REF", "Duration", "FromParam", "Unit"]


class Unit(StrEnum):
    """A duration's unit; the value is its canonical spelling."""

    MINUTES = "m"
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    WORKDAYS = "workdays"


_MINUTES = {Unit.MINUTES: 1, Unit.HOURS: 60, Unit.DAYS: 1440, Unit.WEEKS: 10080}

_SPELLINGS = {
    "m": Unit.MINUTES,
    "minute": Unit.MINUTES,
    "minutes": Unit.MINUTES,
    "h": Unit.HOURS,
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "d": Unit.DAYS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "w": Unit.WEEKS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "workday": Unit.WORKDAYS,
    "workdays": Unit.WORKDAYS,
}

# Spellings a rule author may reach for; suggested, never accepted.
_ALIASES = {
    "wd": Unit.WORKDAYS,
    "wds": Unit.WORKDAYS,
    "working day": Unit.WORKDAYS,
    "working days": Unit.WORKDAYS,
    "work day": Unit.WORKDAYS,
    "work days": Unit.WORKDAYS,
    "business day": Unit.WORKDAYS,
    "business days": Unit.WORKDAYS,
    "工作日": Unit.WORKDAYS,
    "个工作日": Unit.WORKDAYS,
    "天": Unit.DAYS,
    "日": Unit.DAYS,
    "小时": Unit.HOURS,
    "个小时": Unit.HOURS,
    "分钟": Unit.MINUTES,
    "周": Unit.WEEKS,
    "min": Unit.MINUTES,
    "mins": Unit.MINUTES,
    "hr": Unit.HOURS,
    "hrs": Unit.HOURS,
}

_ZH = {
    Unit.MINUTES: "分钟",
    Unit.HOURS: "小时",
    Unit.DAYS: "天",
    Unit.WEEKS: "周",
    Unit.WORKDAYS: "个工作日",
}
_EN = {
    Unit.MINUTES: "minute",
    Unit.HOURS: "hour",
    Unit.DAYS: "day",
    Unit.WEEKS: "week",
    Unit.WORKDAYS: "working day",
}

_VARIABLE = {"mo", "month", "months", "y", "yr", "year", "years", "月", "个月", "年"}

_MAX_DAYS = 36500  # 100 years: far beyond any rule, well inside datetime's range
_LIMITS = {unit: _MAX_DAYS * 1440 // m for unit, m in _MINUTES.items()} | {Unit.WORKDAYS: 25000}

_SHAPE = re.compile(r"(?P<sign>[+-]?)(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<unit>.*)")

_EXPECTED = "expected a duration like '30d', '12h' or '5 workdays', got "

DURATION_PATTERN = r"^\s*([0-9]+\s*(m|minutes?|h|hours?|d|days?|w|weeks?|workdays?)|params\.[A-Za-z_][A-Za-z0-9_]*)\s*$"
"""The grammar as a regular expression, for the JSON Schema of rulesets: a duration,
or ``params.NAME`` naming a parameter whose value is one."""

PARAM_REF = re.compile(r"\s*params\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*")
"""``params.NAME`` where a duration is expected."""


@dataclass(frozen=True, slots=True)
class FromParam:
    """A duration written as ``params.NAME``, with the parameter's value: what a ruleset
    puts in the place of the reference before validating it (`riskwarn.rules.model`)."""

    name: str
    value: object


@dataclass(frozen=True, slots=True)
class Duration:
    """A positive length of time: ``count`` units, exact or in working days.

    In a pydantic model a `Duration` field parses text such as ``"5 workdays"``
    and serializes back to the canonical text. Two durations are equal when
    their count and unit are: ``2w`` and ``14d`` are the same length but
    different values, each printed as written.
    """

    count: int
    unit: Unit
    param: str | None = field(default=None, compare=False)
    """The parameter it was given by (``within: params.deadline``), if any: its value
    is the parameter's, defaults or a deployment's override."""

    def __post_init__(self) -> None:
        if not isinstance(self.unit, Unit):
            raise ValueError(f"expected a Unit, got {self.unit!r}")
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise ValueError(f"expected a whole count, got {self.count!r}")
        if not 1 <= self.count <= _LIMITS[self.unit]:
            raise ValueError(f"expected a count from 1 to {_LIMITS[self.unit]}, got {self.count}")

    @classmethod
    def parse(cls, text: object) -> Duration:
        """Read a duration from its text.

        Raises:
            RulesetError: ``text`` is not a duration of the grammar; the message
                says what was expected and, where it can, suggests the fix.
        """
        try:
            return _parse(text)
        except ValueError as exc:
            raise RulesetError(str(exc)) from None

    def __str__(self) -> str:
        return _text(self.count, self.unit)

    def describe(self, lang: str = "zh") -> str:
        """The duration as a message says it: ``5个工作日``, ``30天``, ``12小时`` (``zh``),
        or ``5 working days``, ``30 days`` (``en``)."""
        if lang == "zh":
            return f"{self.count}{_ZH[self.unit]}"
        word = _EN[self.unit]
        return f"{self.count} {word if self.count == 1 else word + 's'}"

    def __repr__(self) -> str:
        return f"Duration('{self}')"

    @property
    def is_calendar_free(self) -> bool:
        """Whether the duration is a fixed length of time, needing no calendar."""
        return self.unit is not Unit.WORKDAYS

    def as_timedelta(self) -> timedelta:
        """The exact length of a calendar-free duration.

        Raises:
            ValueError: the duration is in working days, whose length depends on the calendar.
        """
        if self.unit is Unit.WORKDAYS:
            raise ValueError(
                f"'{self}' has no fixed length: it depends on the working-day calendar"
            )
        return timedelta(minutes=self.count * _MINUTES[self.unit])

    def after(self, t: datetime, calendar: WorkCalendar | None = None) -> datetime:
        """The deadline this duration after ``t``: the first instant that is late.

        Exact units add elapsed time (on UTC, so a daylight-saving change does
        not stretch a day) and keep ``t``'s zone. Working days end at 24:00 of
        the last working day counted, in the calendar's zone; the start day is
        not counted (`WorkCalendar.add_workdays`). Something done at ``d`` is in
        time when ``d < duration.after(t)``.

        Raises:
            EngineError: the calendar has no data for a day the count needs.
            ValueError: ``t`` is naive, or the duration is in working days and
                ``calendar`` is None.
        """
        require_aware(t)
        if self.unit is Unit.WORKDAYS:
            return self._calendar(calendar).add_workdays(t, self.count)
        return (t.astimezone(UTC) + self.as_timedelta()).astimezone(t.tzinfo)

    def before(self, t: datetime, calendar: WorkCalendar | None = None) -> datetime:
        """The instant this duration before ``t``, as a reminder or a look-back window uses it.

        Exact units subtract elapsed time. Working days give 00:00 of the
        ``count``-th working day before ``t``'s local day, so that at least
        ``count`` whole working days lie between the result and ``t``
        (`WorkCalendar.subtract_workdays`): ``1 workday`` before a deadline at
        24:00 on Monday is 00:00 on Monday.

        Raises:
            EngineError: the calendar has no data for a day the count needs.
            ValueError: ``t`` is naive, or the duration is in working days and
                ``calendar`` is None.
        """
        require_aware(t)
        if self.unit is Unit.WORKDAYS:
            return self._calendar(calendar).subtract_workdays(t, self.count)
        return (t.astimezone(UTC) - self.as_timedelta()).astimezone(t.tzinfo)

    def _calendar(self, calendar: WorkCalendar | None) -> WorkCalendar:
        if calendar is None:
            raise ValueError(f"'{self}' counts working days: a calendar is needed")
        return calendar

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate,
            json_schema_input_schema=core_schema.str_schema(pattern=DURATION_PATTERN),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, return_schema=core_schema.str_schema()
            ),
        )


def _validate(value: object) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, FromParam):
        try:
            return replace(_parse(value.value), param=value.name)
        except ValueError as exc:
            raise ValueError(f"params.{value.name}: {exc}") from None
    if isinstance(value, str) and (ref := PARAM_REF.fullmatch(value)):
        raise ValueError(f"no parameter '{ref['name']}' in the ruleset's params")
    return _parse(value)


def _serialize(value: Duration) -> str:
    """``params.NAME`` for a duration given by a parameter, else its text."""
    return f"params.{value.param}" if value.param else str(value)


def _parse(value: object) -> Duration:
    """The duration ``value`` spells; `ValueError` with the whole message if none."""
    if not isinstance(value, str):
        hint = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            hint = _needs_unit(Fraction(value))
        raise ValueError(_EXPECTED + _show(value) + hint)
    match = _SHAPE.fullmatch(value.strip())
    if match is None:
        raise ValueError(_EXPECTED + _show(value))
    sign, number, written = match["sign"], match["number"], match["unit"]
    amount = Fraction(number)
    if not written:
        raise ValueError(_EXPECTED + _show(value) + _needs_unit(amount))
    unit = _SPELLINGS.get(written)
    if unit is None:
        raise ValueError(_EXPECTED + _show(value) + _unit_hint(number, written))
    if sign == "-" or amount == 0:
        raise ValueError(_EXPECTED + _show(value) + " (a duration must be positive)")
    if "." in number:
        raise ValueError(_EXPECTED + _show(value) + _fraction_hint(amount, unit))
    count = int(number)
    if count > _LIMITS[unit]:
        limit = _text(_LIMITS[unit], unit)
        raise ValueError(_EXPECTED + _show(value) + f" (at most '{limit}' is supported)")
    if sign == "+":
        raise ValueError(_EXPECTED + _show(value) + f" (did you mean '{_text(count, unit)}'?)")
    return Duration(count, unit)


def _text(count: int, unit: Unit) -> str:
    """The canonical text: ``30d``, ``12h``, ``90m``, ``2w``, ``1 workday``, ``5 workdays``."""
    if unit is Unit.WORKDAYS:
        return "1 workday" if count == 1 else f"{count} workdays"
    return f"{count}{unit.value}"


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    return f"a {type(value).__name__}"


def _needs_unit(amount: Fraction) -> str:
    if amount.denominator != 1 or amount < 1:
        return " (a number needs a unit, e.g. '30d')"
    n = int(amount)
    return f" (a number needs a unit: '{n}d', '{n}h' or '{n} workdays')"


def _unit_hint(number: str, written: str) -> str:
    """A suggestion for an unknown unit, keeping the author's number."""
    word = written.lower().strip()
    if word in _VARIABLE:
        return " (months and years vary in length: write days, e.g. '90d')"
    unit = _SPELLINGS.get(word) or _ALIASES.get(word)
    if unit is not None:
        return f" (did you mean '{_spell(number, unit.value)}'?)"
    singular = number.lstrip("0") == "1"
    spellings = [s for s in _SPELLINGS if len(s) == 1 or s.endswith("s") != singular]
    close = difflib.get_close_matches(word, spellings, n=1, cutoff=0.6)
    return f" (did you mean '{_spell(number, close[0])}'?)" if close else ""


def _spell(number: str, unit: str) -> str:
    if unit == Unit.WORKDAYS and number.lstrip("0") == "1":
        unit = "workday"
    return f"{number}{unit}" if len(unit) == 1 else f"{number} {unit}"


def _fraction_hint(amount: Fraction, unit: Unit) -> str:
    """Rewrite a fractional amount in a smaller exact unit, if one makes it whole."""
    if amount.denominator == 1:
        return f" (did you mean '{_text(int(amount), unit)}'?)"
    if unit is not Unit.WORKDAYS:
        minutes = amount * _MINUTES[unit]
        for smaller in (Unit.HOURS, Unit.MINUTES):
            if _MINUTES[smaller] < _MINUTES[unit] and minutes % _MINUTES[smaller] == 0:
                count = int(minutes / _MINUTES[smaller])
                if count > 0:
                    return f" (a whole number is expected: write '{count}{smaller.value}')"
    return " (a whole number is expected)"
