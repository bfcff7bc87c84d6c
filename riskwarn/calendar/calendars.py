"""The calendars: the official Chinese one (holidays and make-up working days,
from the chinese-calendar package), Monday to Friday, and a deployment's own list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

import chinese_calendar  # type: ignore[import-untyped]

from riskwarn.calendar.base import SHANGHAI, BaseWorkCalendar, Fallback

__all__ = ["ChineseWorkCalendar", "HolidayListCalendar", "WeekendCalendar"]


class ChineseWorkCalendar(BaseWorkCalendar):
    """Mainland China's working days, from the State Council's yearly holiday notices.

    Public holidays are days off even on weekdays; make-up working days (调休)
    are working days even on weekends. The data is the `chinese-calendar`
    package's: `years` is what the installed release covers (2004 to 2026 for
    1.11.0). A new year's notice is published each November; until the package
    has it, either pass ``fallback="weekends"`` (Monday to Friday, recorded in
    `fallback_days`) or use a `HolidayListCalendar`.
    """

    _remedy = "install a newer chinese-calendar or list its holidays in a HolidayListCalendar"

    def __init__(self, *, tz: tzinfo | str = SHANGHAI, fallback: Fallback | None = None):
        known = chinese_calendar.holidays
        years = range(min(known).year, max(known).year + 1)
        source = f"chinese-calendar {chinese_calendar.__version__}"
        super().__init__("chinese", tz=tz, years=years, fallback=fallback, source=source)

    def _workday(self, day: date) -> bool:
        return bool(chinese_calendar.is_workday(day))


class WeekendCalendar(BaseWorkCalendar):
    """Monday to Friday are working days, in every year; no holidays."""

    def __init__(self, *, tz: tzinfo | str = SHANGHAI):
        super().__init__("weekends", tz=tz)

    def _workday(self, day: date) -> bool:
        return day.weekday() < 5


class HolidayListCalendar(BaseWorkCalendar):
    """A deployment's own calendar: Monday to Friday, less ``holidays``, plus ``workdays``.

    ``holidays`` are days off (on any weekday); ``workdays`` are make-up
    working days (usually weekends). ``years`` defaults to the years the two
    lists mention, so a list for 2025 and 2026 refuses a day in 2027 rather
    than silently treating it as an ordinary year.
    """

    _remedy = "add its holidays and make-up working days to the list"

    def __init__(
        self,
        holidays: Iterable[date],
        workdays: Iterable[date] = (),
        *,
        name: str = "holidays",
        years: range | None = None,
        tz: tzinfo | str = SHANGHAI,
        fallback: Fallback | None = None,
    ):
        self._holidays, self._workdays = frozenset(holidays), frozenset(workdays)
        if both := sorted(self._holidays & self._workdays):
            shown = ", ".join(str(d) for d in both)
            raise ValueError(f"holiday list '{name}': listed both as holiday and workday: {shown}")
        listed = self._holidays | self._workdays
        if years is None and not listed:
            raise ValueError(f"holiday list '{name}': no dates and no years")
        if years is None:
            years = range(min(listed).year, max(listed).year + 1)
        source = f"holiday list '{name}'"
        super().__init__(name, tz=tz, years=years, fallback=fallback, source=source)

    def _workday(self, day: date) -> bool:
        if day in self._workdays:
            return True
        return day.weekday() < 5 and day not in self._holidays
