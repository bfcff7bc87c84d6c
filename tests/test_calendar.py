"""Working-day calendars: official Chinese schedules, deadline conventions, coverage and fallback.

Dates are real. The 2025 schedule is 国务院办公厅关于2025年部分节假日安排的通知
(国办发明电〔2024〕12号, 2024-11-12); the 2026 schedule is 国务院办公厅关于2026年
部分节假日安排的通知 (2025-11-04). Both are checked below against the data of the
installed chinese-calendar (1.11.0).
"""

from __future__ import annotations

import doctest
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskwarn.calendar import (
    SHANGHAI,
    ChineseWorkCalendar,
    HolidayListCalendar,
    WeekendCalendar,
    WorkCalendar,
)
from riskwarn.errors import EngineError

CAL = ChineseWorkCalendar()
DOC = Path(__file__).resolve().parent.parent / "docs" / "calendar.md"


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """An instant in Beijing time."""
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def days(*spec: tuple[int, int, int]) -> set[date]:
    return {date(*d) for d in spec}


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(i) for i in range((last - first).days + 1)}


def deviations(cal: WorkCalendar, year: int) -> tuple[set[date], set[date]]:
    """Weekdays off, and weekend days worked, in ``year``."""
    all_days = span(date(year, 1, 1), date(year, 12, 31))
    off = {d for d in all_days if d.weekday() < 5 and not cal.is_workday(d)}
    worked = {d for d in all_days if d.weekday() >= 5 and cal.is_workday(d)}
    return off, worked


# -- the data -----------------------------------------------------------------


def test_the_chinese_calendar_covers_the_years_of_the_installed_package() -> None:
    """chinese-calendar 1.11.0 has the State Council schedules for 2004 to 2026."""
    assert chinese_calendar.__version__ == "1.11.0"
    assert CAL.years == range(2004, 2027)
    assert CAL.covers(date(2004, 1, 1))
    assert CAL.covers(date(2026, 12, 31))
    assert not CAL.covers(date(2003, 12, 31))
    assert not CAL.covers(date(2027, 1, 1))


def test_the_2025_schedule_is_the_official_one() -> None:
    """国办发明电〔2024〕12号: every weekday off and every make-up working day of 2025."""
    off, worked = deviations(CAL, 2025)
    assert off == days(
        (2025, 1, 1),  # 元旦 (Wed), no make-up day
        *((2025, 1, d) for d in (28, 29, 30, 31)),  # 春节 1-28 (除夕, Tue) to 2-4 (Tue)
        (2025, 2, 3),
        (2025, 2, 4),
        (2025, 4, 4),  # 清明 4-4 (Fri) to 4-6
        (2025, 5, 1),  # 劳动节 5-1 (Thu) to 5-5 (Mon)
        (2025, 5, 2),
        (2025, 5, 5),
        (2025, 6, 2),  # 端午 5-31 (Sat) to 6-2 (Mon)
        *((2025, 10, d) for d in (1, 2, 3, 6, 7, 8)),  # 国庆、中秋 10-1 (Wed) to 10-8 (Wed)
    )
    assert worked == days(
        (2025, 1, 26),  # Sun, 春节
        (2025, 2, 8),  # Sat, 春节
        (2025, 4, 27),  # Sun, 劳动节
        (2025, 9, 28),  # Sun, 国庆
        (2025, 10, 11),  # Sat, 国庆
    )


def test_the_2026_schedule_is_the_official_one() -> None:
    """国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), day by day."""
    off, worked = deviations(CAL, 2026)
    assert off == days(
        (2026, 1, 1),  # 元旦 1-1 (Thu) to 1-3 (Sat)
        (2026, 1, 2),
        *((2026, 2, d) for d in (16, 17, 18, 19, 20, 23)),  # 春节 2-15 (Sun) to 2-23 (Mon)
        (2026, 4, 6),  # 清明 4-4 (Sat) to 4-6 (Mon)
        (2026, 5, 1),  # 劳动节 5-1 (Fri) to 5-5 (Tue)
        (2026, 5, 4),
        (2026, 5, 5),
        (2026, 6, 19),  # 端午 6-19 (Fri) to 6-21 (Sun)
        (2026, 9, 25),  # 中秋 9-25 (Fri) to 9-27 (Sun)
        *((2026, 10, d) for d in (1, 2, 5, 6, 7)),  # 国庆 10-1 (Thu) to 10-7 (Wed)
    )
    assert worked == days(
        (2026, 1, 4),  # Sun, 元旦
        (2026, 2, 14),  # Sat, 春节
        (2026, 2, 28),  # Sat, 春节
        (2026, 5, 9),  # Sat, 劳动节
        (2026, 9, 20),  # Sun, 国庆
        (2026, 10, 10),  # Sat, 国庆
    )


def test_every_covered_day_agrees_with_chinese_calendar() -> None:
    """The per-year index answers exactly as chinese_calendar.is_workday, 2004 to 2026."""
    for day in span(date(2004, 1, 1), date(2026, 12, 31)):
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day


# -- counting forward ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "deadline"),
    [
        # 2025 国庆: Sep 30 (Tue) + 5 -> Oct 9, 10, 11 (make-up Sat), 13, 14.
        (at(2025, 9, 30, 10), 5, at(2025, 10, 15)),
        # Sat Sep 27 + 5 -> Sep 28 (make-up Sun), 29, 30, Oct 9, 10.
        (at(2025, 9, 27, 9), 5, at(2025, 10, 11)),
        # 2024 国庆 (Oct 1-7, make-up Sun Sep 29 and Sat Oct 12): Sep 30 + 5 -> Oct 8 to 12.
        (at(2024, 9, 30, 16), 5, at(2024, 10, 13)),
        # 2026 中秋 then 国庆: Thu Sep 24 + 5 -> Sep 28, 29, 30, Oct 8, 9.
        (at(2026, 9, 24, 11), 5, at(2026, 10, 10)),
        # 2026 国庆: Sep 30 + 5 -> Oct 8, 9, 10 (make-up Sat), 12, 13.
        (at(2026, 9, 30, 11), 5, at(2026, 10, 14)),
        # 2025 春节: Fri Jan 24 + 5 -> Jan 26 (make-up Sun), 27, Feb 5, 6, 7.
        (at(2025, 1, 24, 15), 5, at(2025, 2, 8)),
        # ... and the 6th working day is the make-up Saturday Feb 8.
        (at(2025, 1, 24, 15), 6, at(2025, 2, 9)),
        # 2026 春节 (9 days): Thu Feb 12 + 5 -> Feb 13, 14 (make-up Sat), 24, 25, 26.
        (at(2026, 2, 12, 10), 5, at(2026, 2, 27)),
    ],
)
def test_a_workday_limit_skips_holidays_and_counts_make_up_days(
    start: datetime, n: int, deadline: datetime
) -> None:
    """The deadline is 24:00 of the n-th working day after the start day, in Beijing time."""
    assert CAL.add_workdays(start, n) == deadline


def test_a_request_on_friday_afternoon_with_one_workday_is_due_at_the_end_of_monday() -> None:
    """The start day is not counted; the period ends at 24:00 on the next working day."""
    assert CAL.add_workdays(at(2025, 3, 14, 15, 30), 1) == at(2025, 3, 18)
    assert CAL.add_workdays(date(2025, 3, 14), 1) == date(2025, 3, 17)


def test_make_up_weekend_days_are_working_days() -> None:
    """2025-10-11 (Sat) and 2025-09-28 (Sun) are worked, so one working day ends on them."""
    assert CAL.is_workday(date(2025, 10, 11))
    assert CAL.is_workday(date(2025, 9, 28))
    assert CAL.add_workdays(at(2025, 10, 10, 16), 1) == at(2025, 10, 12)
    assert CAL.add_workdays(at(2025, 9, 26, 16), 1) == at(2025, 9, 29)


def test_a_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    """Accepted on 2025-10-03 (国庆): 1 working day is due at the end of Oct 9, as from Sep 30."""
    assert CAL.add_workdays(at(2025, 10, 3, 10), 1) == at(2025, 10, 10)
    assert CAL.add_workdays(at(2025, 9, 30, 10), 1) == at(2025, 10, 10)


def test_the_time_of_day_of_the_start_does_not_matter() -> None:
    """00:00 and 23:59:59.999999 of one local day give the same deadline."""
    early = at(2025, 9, 30)
    late = at(2025, 10, 1) - timedelta(microseconds=1)
    assert CAL.add_workdays(early, 5) == CAL.add_workdays(late, 5) == at(2025, 10, 15)


def test_the_deadline_instant_itself_is_late() -> None:
    """The deadline is exclusive: done in time means done strictly before it.

    One microsecond before it is still the last working day; the deadline
    itself is 00:00 of the next day, one working day too many.
    """
    start = at(2025, 9, 30, 10)
    deadline = CAL.add_workdays(start, 5)
    assert deadline == at(2025, 10, 15)
    assert CAL.workdays_between(start, deadline - timedelta(microseconds=1)) == 5
    assert CAL.workdays_between(start, deadline) == 6


def test_a_period_crosses_the_new_year() -> None:
    """2025-12-31 + 1: Jan 1 to 3 are 元旦 and Sunday Jan 4 2026 is worked."""
    assert CAL.add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert CAL.add_workdays(date(2025, 12, 31), 2) == date(2026, 1, 5)


def test_local_days_are_days_in_the_calendars_zone() -> None:
    """An instant counts from its Beijing day; the deadline comes back in Beijing time."""
    thursday_late = datetime(2025, 9, 25, 15, 30, tzinfo=UTC)  # Thu 23:30 in Beijing
    friday_early = datetime(2025, 9, 25, 16, 30, tzinfo=UTC)  # Fri 00:30 in Beijing
    assert CAL.add_workdays(thursday_late, 1) == at(2025, 9, 27)  # due Fri Sep 26
    after_friday = CAL.add_workdays(friday_early, 1)
    assert after_friday == at(2025, 9, 29)  # due Sun Sep 28 (make-up day)
    assert after_friday.tzinfo is SHANGHAI
    assert CAL.is_workday(datetime(2025, 9, 27, 16, 30, tzinfo=UTC))  # Sun Sep 28, 00:30


def test_a_calendar_in_another_zone_ends_periods_at_its_own_midnight() -> None:
    """Working days are local days of the calendar's zone, across a daylight-saving change."""
    new_york = ZoneInfo("America/New_York")
    cal = WeekendCalendar(tz="America/New_York")
    deadline = cal.add_workdays(datetime(2025, 3, 7, 12, tzinfo=new_york), 1)
    assert deadline == datetime(2025, 3, 11, tzinfo=new_york)
    assert deadline.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.add_workdays(datetime(2025, 10, 1, 9), 5),
        lambda: CAL.subtract_workdays(datetime(2025, 10, 1, 9), 1),
        lambda: CAL.is_workday(datetime(2025, 10, 1, 9)),
        lambda: CAL.workdays_between(at(2025, 9, 1), datetime(2025, 10, 1, 9)),
    ],
)
def test_naive_datetimes_are_refused(call: Callable[[], object]) -> None:
    """A time without a zone has no local day."""
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == (
        "expected an aware datetime (with a time zone), got naive 2025-10-01T09:00:00 "
        "(give the zone, e.g. 2025-10-01T09:00:00+08:00)"
    )
    assert str(info.value) in DOC.read_text(encoding="utf-8")


def test_counts_below_one_are_refused() -> None:
    """Zero or negative working days are not a period."""
    with pytest.raises(ValueError, match=r"^expected at least 1 working day, got 0$"):
        CAL.add_workdays(date(2025, 1, 2), 0)
    with pytest.raises(ValueError, match=r"^expected at least 1 working day, got -1$"):
        CAL.subtract_workdays(date(2025, 1, 2), -1)


# -- counting back and between -----------------------------------------------


def test_a_reminder_one_workday_before_is_the_start_of_the_last_working_day() -> None:
    """Deadline 24:00 Tue Oct 14 2025: 1 workday before is 00:00 Oct 14, 2 is 00:00 Oct 13."""
    deadline = at(2025, 10, 15)
    assert CAL.subtract_workdays(deadline, 1) == at(2025, 10, 14)
    assert CAL.subtract_workdays(deadline, 2) == at(2025, 10, 13)
    assert CAL.subtract_workdays(deadline, 5) == at(2025, 10, 9)


def test_counting_back_skips_holidays_and_leaves_whole_working_days() -> None:
    """Before 24:00 Oct 9 2025, the two last working days are Oct 9 and Sep 30.

    From the middle of a working day, that day is not whole, so counting starts before it.
    """
    assert CAL.subtract_workdays(at(2025, 10, 10), 2) == at(2025, 9, 30)
    assert CAL.subtract_workdays(at(2025, 10, 14, 15), 1) == at(2025, 10, 13)
    assert CAL.subtract_workdays(date(2025, 10, 9), 1) == date(2025, 9, 30)
    assert CAL.subtract_workdays(date(2026, 1, 5), 1) == date(2026, 1, 4)  # make-up Sunday


def test_workdays_between_counts_the_days_after_the_start_up_to_the_end() -> None:
    """(a, b]: 5 from Sep 30 to Oct 14 2025; none over the holiday; negative backwards."""
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 14)) == 5
    assert CAL.workdays_between(date(2025, 10, 14), date(2025, 9, 30)) == -5
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 9, 30)) == 0
    # All of 2025: 261 weekdays, less 18 weekdays off, plus 5 make-up days; 2026-01-01 is off.
    assert CAL.workdays_between(date(2024, 12, 31), date(2026, 1, 1)) == 248
    assert CAL.workdays_between(at(2025, 9, 30, 23), at(2025, 10, 9, 1)) == 1


# -- coverage and fallback ----------------------------------------------------


def test_a_period_beyond_the_covered_years_is_an_error_naming_the_day_and_the_fix() -> None:
    """2026-12-30 + 5 needs January 2027, which chinese-calendar 1.11.0 does not have."""
    with pytest.raises(EngineError) as info:
        CAL.add_workdays(at(2026, 12, 30, 10), 5)
    assert str(info.value) == (
        "calendar 'chinese': no working-day data for 2027-01-01: chinese-calendar 1.11.0 "
        "covers the years 2004 to 2026 (for 2027, install a newer chinese-calendar or list "
        "its holidays in a HolidayListCalendar; or use 'calendar: weekends'; or build this "
        'calendar with fallback="weekends" to count Monday to Friday as working days outside '
        "2004 to 2026)"
    )
    assert str(info.value) in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("call", "day"),
    [
        (lambda: CAL.is_workday(date(2003, 6, 2)), "2003-06-02"),
        (lambda: CAL.subtract_workdays(date(2004, 1, 2), 1), "2003-12-31"),
        (lambda: CAL.workdays_between(date(2026, 12, 1), date(2027, 3, 1)), "2027-01-01"),
        (lambda: CAL.add_workdays(date(2027, 5, 6), 1), "2027-05-07"),
    ],
)
def test_the_error_names_the_first_day_without_data(call: Callable[[], object], day: str) -> None:
    """Whichever operation needs it, the message names the day the calendar could not answer."""
    with pytest.raises(EngineError, match=f"^calendar 'chinese': no working-day data for {day}: "):
        call()


def test_the_weekend_fallback_counts_monday_to_friday_and_records_the_days() -> None:
    """With fallback="weekends", 2026-12-30 + 5 ends on Wed 2027-01-06 and says so."""
    cal = ChineseWorkCalendar(fallback="weekends")
    assert cal.add_workdays(at(2025, 9, 30, 10), 5) == at(2025, 10, 15)
    assert cal.fallback_days == ()
    assert cal.add_workdays(at(2026, 12, 30, 10), 5) == at(2027, 1, 7)
    assert cal.fallback_days == tuple(sorted(span(date(2027, 1, 1), date(2027, 1, 6))))
    assert cal.is_workday(date(2027, 2, 8))
    assert date(2027, 2, 8) in cal.fallback_days
    assert not cal.covers(date(2027, 1, 1))


def test_an_unknown_fallback_is_refused() -> None:
    """Only the weekend fallback exists."""
    with pytest.raises(ValueError, match=r"^expected fallback 'weekends' or None, got 'zeros'$"):
        ChineseWorkCalendar(fallback="zeros")  # type: ignore[arg-type]


# -- other calendars ----------------------------------------------------------


def test_the_weekend_calendar_counts_monday_to_friday_in_every_year() -> None:
    """No holidays: Sep 30 2025 + 5 ends on Tue Oct 7, and any year is covered."""
    cal = WeekendCalendar()
    assert cal.name == "weekends"
    assert cal.years is None
    assert cal.add_workdays(at(2025, 9, 30, 10), 5) == at(2025, 10, 8)
    assert cal.add_workdays(date(2099, 12, 31), 1) == date(2100, 1, 1)
    assert not cal.is_workday(date(2025, 10, 11))
    assert cal.fallback_days == ()


COUNTY = HolidayListCalendar(
    holidays=span(date(2025, 10, 1), date(2025, 10, 8)),
    workdays=days((2025, 9, 28), (2025, 10, 11)),
    name="county",
)


def test_a_holiday_list_calendar_uses_the_deployments_own_days() -> None:
    """A local list with 2025 国庆 gives the same deadlines as the national calendar there."""
    assert COUNTY.years == range(2025, 2026)
    assert COUNTY.add_workdays(at(2025, 9, 30, 10), 5) == at(2025, 10, 15)
    assert COUNTY.add_workdays(at(2025, 9, 26, 16), 1) == at(2025, 9, 29)
    assert not COUNTY.is_workday(date(2025, 10, 8))


def test_a_holiday_list_refuses_years_it_does_not_list() -> None:
    """A list for 2025 is not silently taken as an ordinary 2026."""
    with pytest.raises(EngineError) as info:
        COUNTY.is_workday(date(2026, 3, 2))
    assert str(info.value) == (
        "calendar 'county': no working-day data for 2026-03-02: holiday list 'county' covers "
        "the years 2025 to 2025 (for 2026, add its holidays and make-up working days to the "
        "list; or use 'calendar: weekends'; or build this calendar with fallback=\"weekends\" "
        "to count Monday to Friday as working days outside 2025 to 2025)"
    )


def test_a_holiday_list_can_cover_explicit_years_and_fall_back() -> None:
    """Explicit years widen the list; the fallback answers beyond them."""
    cal = HolidayListCalendar({date(2025, 10, 1)}, years=range(2024, 2027), fallback="weekends")
    assert cal.is_workday(date(2026, 10, 1))  # listed years, not listed as a holiday
    assert not cal.fallback_days
    assert cal.is_workday(date(2027, 10, 1))
    assert cal.fallback_days == (date(2027, 10, 1),)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: HolidayListCalendar({date(2025, 10, 1)}, {date(2025, 10, 1)}, name="x"),
            "holiday list 'x': listed both as holiday and workday: 2025-10-01",
        ),
        (lambda: HolidayListCalendar(set(), name="x"), "holiday list 'x': no dates and no years"),
        (
            lambda: HolidayListCalendar(set(), years=range(2025, 2025)),
            "expected a non-empty range of consecutive years, got range(2025, 2025)",
        ),
    ],
)
def test_a_bad_holiday_list_is_refused(make: Callable[[], object], message: str) -> None:
    """A day cannot be both off and worked; a list needs dates or years."""
    with pytest.raises(ValueError) as info:
        make()
    assert str(info.value) == message


# -- invariants ---------------------------------------------------------------


def oracle_add(day: date, n: int) -> date:
    """The n-th working day after ``day``, walking one day at a time."""
    while n:
        day += timedelta(1)
        n -= chinese_calendar.is_workday(day)
    return day


covered_days = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 9, 30))
counts = st.integers(min_value=1, max_value=40)


@given(covered_days, counts)
def test_adding_workdays_agrees_with_walking_day_by_day(day: date, n: int) -> None:
    """The indexed count equals the plain walk, lands on a working day, and counts back."""
    due = CAL.add_workdays(day, n)
    assert due == oracle_add(day, n)
    assert CAL.is_workday(due)
    assert CAL.workdays_between(day, due) == n
    assert CAL.subtract_workdays(oracle_add(due, 1), n) == oracle_add(day, 1)


@given(covered_days, counts, st.integers(min_value=0, max_value=86399))
def test_instants_end_at_midnight_after_the_due_day(day: date, n: int, second: int) -> None:
    """For an instant, the deadline is 00:00 after the due day, and n workdays back is the first."""
    start = at(day.year, day.month, day.day) + timedelta(seconds=second)
    deadline = CAL.add_workdays(start, n)
    due = CAL.add_workdays(day, n)
    assert deadline == at(due.year, due.month, due.day) + timedelta(days=1)
    first = oracle_add(day, 1)
    assert CAL.subtract_workdays(deadline, n) == at(first.year, first.month, first.day)


# -- the docs -----------------------------------------------------------------


def test_the_examples_in_the_calendar_docs_run() -> None:
    """Every ``pycon`` block of docs/calendar.md prints what the page shows."""
    blocks = re.findall(r"```pycon\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 3
    runner = doctest.DocTestRunner()
    report: list[str] = []
    namespace: dict[str, object] = {}
    for i, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, namespace, f"block {i}", str(DOC), 0)
        runner.run(test, out=report.append, clear_globs=False)
        namespace = test.globs  # a block may use the names of the blocks before it
    assert "".join(report) == ""
