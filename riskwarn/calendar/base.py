"""The working-day calendar protocol and the deadline arithmetic every calendar shares.

A calendar answers one question, whether a local day of its time zone
(Asia/Shanghai unless told otherwise) is a working day; `BaseWorkCalendar`
derives every deadline operation from that answer once, with a per-year index
so that each call is a bisect. Counting follows 行政许可法 / 民法典 practice:
the start day is not counted, and a period ends at 24:00 of its last working
day. docs/calendar.md has the conventions with worked examples.
"""

from __future__ import annotations

import abc
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal, Protocol, overload
from zoneinfo import ZoneInfo

from riskwarn.errors import EngineError

__all__ = ["SHANGHAI", "BaseWorkCalendar", "Fallback", "WorkCalendar", "require_aware"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
"""The default zone: working days are days of China Standard Time (UTC+8)."""

Fallback = Literal["weekends"]
"""What a calendar does for a day outside its years: ``"weekends"`` counts Monday to Friday."""


class WorkCalendar(Protocol):
    """A working-day calendar, as rules and the engine use it.

    Days are local days of `tz`. Build one from `BaseWorkCalendar`, which
    implements the deadline operations once from `is_workday`.
    """

    @property
    def name(self) -> str:
        """The calendar's name in messages: ``chinese``, ``weekends``, ..."""

    @property
    def tz(self) -> tzinfo:
        """The zone whose local days are counted."""

    @property
    def fallback_days(self) -> tuple[date, ...]:
        """Days a fallback answered for, so a warning can say its deadline assumed them."""

    def covers(self, day: date) -> bool:
        """Whether the calendar has data for ``day`` (without falling back)."""

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` (a date, or the local day of an aware datetime) is a working day."""

    @overload
    def add_workdays(self, start: datetime, n: int) -> datetime: ...
    @overload
    def add_workdays(self, start: date, n: int) -> date: ...

    @overload
    def subtract_workdays(self, end: datetime, n: int) -> datetime: ...
    @overload
    def subtract_workdays(self, end: date, n: int) -> date: ...

    def workdays_between(self, a: date, b: date) -> int:
        """The number of working days after ``a``'s day, up to and including ``b``'s day."""


def require_aware(t: datetime) -> datetime:
    """Return ``t`` if it carries a time zone.

    Raises:
        ValueError: ``t`` is naive; event times must say which zone they are in.
    """
    if t.tzinfo is None or t.tzinfo.utcoffset(t) is None:
        shown = t.isoformat()
        raise ValueError(
            f"expected an aware datetime (with a time zone), got naive {shown} "
            f"(give the zone, e.g. {shown}+08:00)"
        )
    return t


_MEMO_SIZE = 1 << 16  # (day, count) pairs: decades of days times a handful of counts


def _check_count(n: int) -> None:
    if n < 1:
        raise ValueError(f"expected at least 1 working day, got {n}")


@dataclass(frozen=True, slots=True)
class _Year:
    """One year's working days: a bitmap by day of the year and the sorted ordinals."""

    first: int  # ordinal of 1 January
    bits: bytes  # bits[ordinal - first] == 1 on a working day
    workdays: tuple[int, ...]  # ordinals of the working days, ascending


class BaseWorkCalendar(abc.ABC):
    """The deadline operations, implemented once over `is_workday`.

    A subclass says which days of its covered ``years`` are working days
    (`_workday`); each year is asked once and indexed. Outside ``years`` a
    calendar raises `EngineError`, or, built with ``fallback="weekends"``,
    counts Monday to Friday and remembers each such day in `fallback_days`.

    Conventions (行政许可法 第82条, 民法典 第201、203条): the start day is not
    counted, whatever it is and whatever the time; the period ends at 24:00
    (local) of its n-th working day, which as an instant is 00:00 of the next
    day and is the first instant that is late.
    """

    _remedy = "list its holidays in a HolidayListCalendar"  # for a year with no data

    def __init__(
        self,
        name: str,
        *,
        tz: tzinfo | str = SHANGHAI,
        years: range | None = None,
        fallback: Fallback | None = None,
        source: str | None = None,
    ):
        if fallback not in (None, "weekends"):
            raise ValueError(f"expected fallback 'weekends' or None, got {fallback!r}")
        if years is not None and (len(years) == 0 or years.step != 1):
            raise ValueError(f"expected a non-empty range of consecutive years, got {years!r}")
        self._name = name
        self.source = source or f"calendar '{name}'"
        """Where the data comes from, as an error message names it."""
        self._tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._years = years
        self._fallback = fallback
        self._index: dict[int, _Year] = {}
        self._fallback_spans: set[tuple[int, int]] = set()
        self._memo: dict[tuple[int, int], datetime] = {}

    @property
    def name(self) -> str:
        """The calendar's name in messages."""
        return self._name

    @property
    def tz(self) -> tzinfo:
        """The zone whose local days are counted."""
        return self._tz

    @property
    def years(self) -> range | None:
        """The years the calendar has data for; ``None`` for every year."""
        return self._years

    @property
    def fallback_days(self) -> tuple[date, ...]:
        """Days outside `years` that the weekend fallback has answered for, ascending."""
        days = {
            date.fromordinal(o)
            for lo, hi in self._fallback_spans
            for o in range(lo, hi + 1)
            if not self.covers(date.fromordinal(o))
        }
        return tuple(sorted(days))

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in the calendar's `years`."""
        return self._years is None or day.year in self._years

    @abc.abstractmethod
    def _workday(self, day: date) -> bool:
        """Whether ``day``, a day of a covered year, is a working day."""

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day; an aware datetime stands for its local day.

        Raises:
            EngineError: ``day`` is outside the covered years and there is no fallback.
            ValueError: ``day`` is a naive datetime.
        """
        d = self._local_day(day)
        o = d.toordinal()
        year = self._year(d.year, o)
        self._note(o, o)
        return bool(year.bits[o - year.first])

    @overload
    def add_workdays(self, start: datetime, n: int) -> datetime: ...
    @overload
    def add_workdays(self, start: date, n: int) -> date: ...
    def add_workdays(self, start: date, n: int) -> date:
        """The end of a period of ``n`` working days that starts at ``start``.

        The start day is not counted: counting begins the next day, so a
        request accepted on a Friday afternoon with 1 working day is due on
        Monday (if Monday is a working day), and one accepted on a holiday is
        due on the n-th working day after the holiday.

        For a date, returns the period's last working day. For an aware
        datetime, returns the instant the period ends, 24:00 of that day in
        `tz` (00:00 of the day after): done in time means done strictly before it.

        Raises:
            EngineError: the period needs a day outside the covered years and there is no fallback.
            ValueError: ``n`` is less than 1, or ``start`` is a naive datetime.
        """
        _check_count(n)
        day = self._local_day(start)
        if not isinstance(start, datetime):
            return date.fromordinal(self._nth_after(day, n))
        key = (day.toordinal(), n)
        got = self._memo.get(key)
        if got is None:
            got = self._memoize(key, self._midnight(self._nth_after(day, n) + 1))
        return got

    @overload
    def subtract_workdays(self, end: datetime, n: int) -> datetime: ...
    @overload
    def subtract_workdays(self, end: date, n: int) -> date: ...
    def subtract_workdays(self, end: date, n: int) -> date:
        """The start of the last ``n`` whole working days before ``end``.

        Counting goes back over the working days before ``end``'s local day.
        For a date, returns the n-th of them. For an aware datetime, returns
        00:00 (in `tz`) of it, so that at least n whole working days lie
        between the result and ``end``: a reminder ``1 workday`` before a
        deadline at 24:00 on Monday is due at 00:00 on Monday.

        Raises:
            EngineError: the count needs a day outside the covered years and there is no fallback.
            ValueError: ``n`` is less than 1, or ``end`` is a naive datetime.
        """
        _check_count(n)
        day = self._local_day(end)
        if not isinstance(end, datetime):
            return date.fromordinal(self._nth_before(day, n))
        key = (day.toordinal(), -n)
        got = self._memo.get(key)
        if got is None:
            got = self._memoize(key, self._midnight(self._nth_before(day, n)))
        return got

    def workdays_between(self, a: date, b: date) -> int:
        """The number of working days after ``a``'s local day, up to and including ``b``'s.

        So ``workdays_between(d, add_workdays(d, n)) == n`` for a date ``d``;
        negative when ``b`` is before ``a``. A completion on the weekend after
        the last working day counts n but is late: judge lateness against the
        deadline instant, and use this count to report elapsed working days.

        Raises:
            EngineError: the span has a day outside the covered years and there is no fallback.
            ValueError: ``a`` or ``b`` is a naive datetime.
        """
        lo, hi = self._local_day(a).toordinal(), self._local_day(b).toordinal()
        if hi < lo:
            return -self._count(hi, lo)
        return self._count(lo, hi)

    # -- the index -------------------------------------------------------------

    def _local_day(self, t: date) -> date:
        if not isinstance(t, datetime):
            return t
        if t.tzinfo is self._tz:
            return t.date()
        return require_aware(t).astimezone(self._tz).date()

    def _memoize(self, key: tuple[int, int], instant: datetime) -> datetime:
        # Results depend only on the local day and the count; the bound keeps memory flat.
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = instant
        return instant

    def _midnight(self, ordinal: int) -> datetime:
        d = date.fromordinal(ordinal)
        return datetime(d.year, d.month, d.day, tzinfo=self._tz)

    def _year(self, year: int, needed: int) -> _Year:
        """The index of ``year``; ``needed`` is the ordinal an error would name."""
        got = self._index.get(year)
        if got is None:
            got = self._index[year] = self._build(year, needed)
        return got

    def _build(self, year: int, needed: int) -> _Year:
        first = date(year, 1, 1).toordinal()
        days = [date.fromordinal(o) for o in range(first, date(year, 12, 31).toordinal() + 1)]
        fallback = not self.covers(days[0])
        if fallback and self._fallback is None:
            raise self._uncovered(date.fromordinal(needed))
        work = [d.weekday() < 5 if fallback else self._workday(d) for d in days]
        return _Year(first, bytes(work), tuple(first + i for i, w in enumerate(work) if w))

    def _note(self, lo: int, hi: int) -> None:
        """Remember days ``lo`` to ``hi`` were counted if the fallback answered for some."""
        # Covered years are one range, so a span leaves it iff one of its ends does.
        if self._fallback is not None and not (
            self.covers(date.fromordinal(lo)) and self.covers(date.fromordinal(hi))
        ):
            self._fallback_spans.add((lo, hi))

    def _uncovered(self, day: date) -> EngineError:
        assert self._years is not None  # every year is covered otherwise
        span = f"{self._years[0]} to {self._years[-1]}"
        return EngineError(
            f"calendar '{self._name}': no working-day data for {day}: {self.source} covers the "
            f"years {span} (for {day.year}, {self._remedy}; or use 'calendar: weekends'; or "
            f'build this calendar with fallback="weekends" to count Monday to Friday as working '
            f"days outside {span})"
        )

    def _nth_after(self, day: date, n: int) -> int:
        """The ordinal of the n-th working day after ``day``."""
        o = day.toordinal()
        year_no = day.year + 1 if (day.month, day.day) == (12, 31) else day.year
        year = self._year(year_no, o + 1)  # the start day's own year is not needed
        i = bisect_right(year.workdays, o)
        while len(year.workdays) - i < n:
            n -= len(year.workdays) - i
            year_no += 1
            year = self._year(year_no, date(year_no, 1, 1).toordinal())
            i = 0
        last = year.workdays[i + n - 1]
        self._note(o + 1, last)
        return last

    def _nth_before(self, day: date, n: int) -> int:
        """The ordinal of the n-th working day before ``day``."""
        o = day.toordinal()
        year_no = day.year - 1 if (day.month, day.day) == (1, 1) else day.year
        year = self._year(year_no, o - 1)
        i = bisect_left(year.workdays, o)  # working days before ``day`` in its year
        while i < n:
            n -= i
            year_no -= 1
            year = self._year(year_no, date(year_no, 12, 31).toordinal())
            i = len(year.workdays)
        first = year.workdays[i - n]
        self._note(first, o - 1)
        return first

    def _count(self, lo: int, hi: int) -> int:
        """The number of working days with ordinal in ``(lo, hi]``."""
        if lo == hi:
            return 0
        start, end = date.fromordinal(lo + 1), date.fromordinal(hi)
        total = 0
        for year_no in range(start.year, end.year + 1):
            needed = start if year_no == start.year else date(year_no, 1, 1)
            year = self._year(year_no, needed.toordinal())
            total += bisect_right(year.workdays, hi) - bisect_right(year.workdays, lo)
        self._note(lo + 1, hi)
        return total
