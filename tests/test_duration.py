"""Durations: the grammar, its messages, pydantic fields, and deadlines in time or working days."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from riskwarn.calendar import SHANGHAI, ChineseWorkCalendar
from riskwarn.errors import RulesetError
from riskwarn.model.common import Model
from riskwarn.rules.duration import DURATION_PATTERN, Duration, Unit

CAL = ChineseWorkCalendar()
LIMITS = {
    Unit.MINUTES: 52_560_000,
    Unit.HOURS: 876_000,
    Unit.DAYS: 36_500,
    Unit.WEEKS: 5_214,
    Unit.WORKDAYS: 25_000,
}
EXPECTED = "expected a duration like '30d', '12h' or '5 workdays', got "


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


class Rule(Model):
    """A stand-in for a rule model with duration fields."""

    within: Duration
    remind_before: Duration | None = None


# -- the grammar --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30d", Duration(30, Unit.DAYS)),
        ("12h", Duration(12, Unit.HOURS)),
        ("90m", Duration(90, Unit.MINUTES)),
        ("2w", Duration(2, Unit.WEEKS)),
        ("5 workdays", Duration(5, Unit.WORKDAYS)),
        ("1 workday", Duration(1, Unit.WORKDAYS)),
    ],
)
def test_canonical_text_parses_and_prints_back(text: str, value: Duration) -> None:
    """The canonical spellings read to their value and print unchanged."""
    assert Duration.parse(text) == value
    assert str(value) == text
    assert repr(value) == f"Duration('{text}')"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("30 d", "30d"),
        ("30 days", "30d"),
        ("1 day", "1d"),
        ("5 day", "5d"),
        ("12 hours", "12h"),
        ("1 hour", "1h"),
        ("90 minutes", "90m"),
        ("1 minute", "1m"),
        ("2 weeks", "2w"),
        ("1 week", "1w"),
        ("5workdays", "5 workdays"),
        ("5 workday", "5 workdays"),
        ("1 workdays", "1 workday"),
        ("05d", "5d"),
        ("  7d  ", "7d"),
    ],
)
def test_other_spellings_parse_to_the_canonical_value(text: str, canonical: str) -> None:
    """Long unit names, singular or plural, and spaces are accepted and printed canonically."""
    assert str(Duration.parse(text)) == canonical


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("5 dayz", " (did you mean '5 days'?)"),
        ("1 workdayz", " (did you mean '1 workday'?)"),
        ("5 hourz", " (did you mean '5 hours'?)"),
        ("30D", " (did you mean '30d'?)"),
        ("5wd", " (did you mean '5 workdays'?)"),
        ("1wd", " (did you mean '1 workday'?)"),
        ("5 working days", " (did you mean '5 workdays'?)"),
        ("5 business days", " (did you mean '5 workdays'?)"),
        ("5 工作日", " (did you mean '5 workdays'?)"),
        ("5个工作日", " (did you mean '5 workdays'?)"),
        ("3天", " (did you mean '3d'?)"),
        ("90min", " (did you mean '90m'?)"),
        ("5 hrs", " (did you mean '5h'?)"),
        ("-5 dayz", " (did you mean '5 days'?)"),
        ("3 months", " (months and years vary in length: write days, e.g. '90d')"),
        ("1y", " (months and years vary in length: write days, e.g. '90d')"),
        ("-5d", " (a duration must be positive)"),
        ("0d", " (a duration must be positive)"),
        ("0 workdays", " (a duration must be positive)"),
        ("+5d", " (did you mean '5d'?)"),
        ("1.5d", " (a whole number is expected: write '36h')"),
        ("0.5h", " (a whole number is expected: write '30m')"),
        (".5d", " (a whole number is expected: write '12h')"),
        ("2.5m", " (a whole number is expected)"),
        ("1.5 workdays", " (a whole number is expected)"),
        ("1.0d", " (did you mean '1d'?)"),
        ("30", " (a number needs a unit: '30d', '30h' or '30 workdays')"),
        ("1.5", " (a number needs a unit, e.g. '30d')"),
        ("36501d", " (at most '36500d' is supported)"),
        ("25001 workdays", " (at most '25000 workdays' is supported)"),
        ("", ""),
        ("soon", ""),
        ("5 fortnights", ""),
        ("d5", ""),
        ("٣d", ""),  # only the digits 0-9
    ],
)
def test_bad_text_is_refused_with_the_whole_message(value: str, hint: str) -> None:
    """Every refusal says what was expected and what was got, with a hint where one helps."""
    with pytest.raises(RulesetError) as info:
        Duration.parse(value)
    assert str(info.value) == f"{EXPECTED}'{value}'{hint}"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (30, EXPECTED + "30 (a number needs a unit: '30d', '30h' or '30 workdays')"),
        (1.5, EXPECTED + "1.5 (a number needs a unit, e.g. '30d')"),
        (True, EXPECTED + "true"),
        (None, EXPECTED + "null"),
        ([5, "d"], EXPECTED + "a list"),
        ({"days": 5}, EXPECTED + "a mapping"),
    ],
)
def test_values_that_are_not_text_are_refused(value: object, message: str) -> None:
    """A YAML number, boolean, null, list or mapping is not a duration."""
    with pytest.raises(RulesetError) as info:
        Duration.parse(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("count", "unit", "message"),
    [
        (0, Unit.DAYS, "expected a count from 1 to 36500, got 0"),
        (25_001, Unit.WORKDAYS, "expected a count from 1 to 25000, got 25001"),
        (True, Unit.DAYS, "expected a whole count, got True"),
        (1, "d", "expected a Unit, got 'd'"),
    ],
)
def test_a_duration_built_in_python_is_checked(count: int, unit: Unit, message: str) -> None:
    """The constructor refuses what the grammar refuses."""
    with pytest.raises(ValueError) as info:
        Duration(count, unit)
    assert str(info.value) == message


durations = st.sampled_from(list(Unit)).flatmap(
    lambda unit: st.builds(Duration, st.integers(1, LIMITS[unit]), st.just(unit))
)


@given(durations)
def test_printing_and_parsing_round_trip(duration: Duration) -> None:
    """parse(str(d)) == d for every duration, and the text matches the schema pattern."""
    assert Duration.parse(str(duration)) == duration
    assert Rule.model_validate({"within": str(duration)}).within == duration
    assert re.fullmatch(DURATION_PATTERN, str(duration))


SPELLINGS = {
    Unit.MINUTES: ["m", "minute", "minutes"],
    Unit.HOURS: ["h", "hour", "hours"],
    Unit.DAYS: ["d", "day", "days"],
    Unit.WEEKS: ["w", "week", "weeks"],
    Unit.WORKDAYS: ["workday", "workdays"],
}


@given(
    st.sampled_from(list(Unit)).flatmap(
        lambda unit: st.tuples(
            st.integers(1, LIMITS[unit]),
            st.just(unit),
            st.sampled_from(SPELLINGS[unit]),
            st.sampled_from(["", " ", "  "]),
        )
    )
)
def test_every_spelling_parses_to_its_unit(case: tuple[int, Unit, str, str]) -> None:
    """Any accepted unit spelling, with or without spaces, gives the same value."""
    count, unit, spelling, space = case
    assert Duration.parse(f"{count}{space}{spelling}") == Duration(count, unit)


@given(st.text(max_size=20))
def test_any_text_parses_or_is_refused_with_a_ruleset_error(text: str) -> None:
    """Arbitrary text never escapes as anything but a RulesetError starting with the expectation."""
    try:
        Duration.parse(text)
    except RulesetError as exc:
        assert str(exc).startswith(EXPECTED)


# -- as a pydantic field ------------------------------------------------------


def test_a_duration_field_parses_yaml_text_and_serializes_canonically() -> None:
    """Rule files say ``within: 5 workdays``; the model dumps the canonical text back."""
    rule = Rule.model_validate({"within": "5 workday", "remind_before": "1 workday"})
    assert rule.within == Duration(5, Unit.WORKDAYS)
    assert rule.model_dump() == {"within": "5 workdays", "remind_before": "1 workday"}
    assert rule.model_dump_json() == '{"within":"5 workdays","remind_before":"1 workday"}'
    assert Rule.model_validate_json(rule.model_dump_json()) == rule
    assert Rule(within=Duration(30, Unit.DAYS)).within == Duration(30, Unit.DAYS)


def test_a_bad_duration_field_reports_the_message_at_its_path() -> None:
    """The field error carries the same message, for the ruleset loader to locate."""
    with pytest.raises(ValidationError) as info:
        Rule.model_validate({"within": "5 dayz"})
    (error,) = info.value.errors(include_url=False)
    assert error["loc"] == ("within",)
    assert error["msg"] == f"Value error, {EXPECTED}'5 dayz' (did you mean '5 days'?)"


def test_the_json_schema_describes_durations_as_patterned_text() -> None:
    """Editors checking a ruleset against the schema see the grammar."""
    schema = Rule.model_json_schema()
    assert schema["properties"]["within"] == {
        "pattern": DURATION_PATTERN,
        "title": "Within",
        "type": "string",
    }


# -- deadlines ----------------------------------------------------------------


def test_exact_units_are_elapsed_time_and_ignore_holidays() -> None:
    """30d after 2025-09-30 10:00 is 2025-10-30 10:00, National Day or not; a day is 24 h."""
    start = at(2025, 9, 30, 10)
    assert Duration.parse("30d").after(start) == at(2025, 10, 30, 10)
    assert Duration.parse("12h").after(start) == at(2025, 9, 30, 22)
    assert Duration.parse("90m").after(start) == at(2025, 9, 30, 11, 30)
    assert Duration.parse("2w").after(start, CAL) == at(2025, 10, 14, 10)
    assert Duration.parse("1d").before(start) == at(2025, 9, 29, 10)
    assert Duration.parse("30d").as_timedelta() == timedelta(days=30)


def test_a_day_is_24_hours_even_across_a_daylight_saving_change() -> None:
    """In New York on 2025-03-09 clocks jump forward: 1d later is 13:00, 24 h elapsed."""
    new_york = ZoneInfo("America/New_York")
    start = datetime(2025, 3, 8, 12, tzinfo=new_york)
    end = Duration.parse("1d").after(start)
    assert end == datetime(2025, 3, 9, 13, tzinfo=new_york)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=24)


def test_working_days_use_the_calendar() -> None:
    """5 workdays after Sep 30 2025 end at 24:00 Oct 14; the reminder is at 00:00 Oct 14."""
    deadline = Duration.parse("5 workdays").after(at(2025, 9, 30, 10), CAL)
    assert deadline == at(2025, 10, 15)
    assert Duration.parse("1 workday").before(deadline, CAL) == at(2025, 10, 14)


def test_calendar_freedom() -> None:
    """Only working days need a calendar."""
    assert Duration.parse("30d").is_calendar_free
    assert not Duration.parse("5 workdays").is_calendar_free


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Duration.parse("5 workdays").after(at(2025, 9, 30)),
            "'5 workdays' counts working days: a calendar is needed",
        ),
        (
            lambda: Duration.parse("1 workday").before(at(2025, 9, 30)),
            "'1 workday' counts working days: a calendar is needed",
        ),
        (
            lambda: Duration.parse("5 workdays").as_timedelta(),
            "'5 workdays' has no fixed length: it depends on the working-day calendar",
        ),
        (
            lambda: Duration.parse("30d").after(datetime(2025, 9, 30, 10)),
            "expected an aware datetime (with a time zone), got naive 2025-09-30T10:00:00 "
            "(give the zone, e.g. 2025-09-30T10:00:00+08:00)",
        ),
        (
            lambda: Duration.parse("5 workdays").before(datetime(2025, 9, 30, 10), CAL),
            "expected an aware datetime (with a time zone), got naive 2025-09-30T10:00:00 "
            "(give the zone, e.g. 2025-09-30T10:00:00+08:00)",
        ),
    ],
)
def test_misuse_is_refused(call: Callable[[], object], message: str) -> None:
    """Working days without a calendar, or naive times, are programming errors."""
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message
