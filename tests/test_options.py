"""Days and times on the command line (--until, --at, --since): one reading everywhere."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from riskwarn.errors import RiskwarnError, RulesetError
from riskwarn.options import day_or_time, instant

BJ = timezone(timedelta(hours=8))


def test_a_day_a_local_time_and_a_time_with_offset() -> None:
    assert day_or_time("2026-06-30", BJ, "--until") == date(2026, 6, 30)
    assert day_or_time("2026-06-30T18:00", BJ, "--until") == datetime(2026, 6, 30, 18, tzinfo=BJ)
    utc = day_or_time("2026-06-30T18:00:00+00:00", BJ, "--until")
    assert utc == datetime(2026, 7, 1, 2, tzinfo=BJ)


def test_an_instant_takes_a_day_as_its_end_or_its_start() -> None:
    assert instant("2026-06-30", BJ, "--at") == datetime(2026, 7, 1, tzinfo=BJ)
    assert instant("2026-06-30", BJ, "--since", day_end=False) == datetime(2026, 6, 30, tzinfo=BJ)
    assert instant("2026-06-30T09:30", BJ, "--at") == datetime(2026, 6, 30, 9, 30, tzinfo=BJ)


def test_anything_else_is_an_error_naming_the_option() -> None:
    with pytest.raises(RulesetError, match=r"^--until: expected a day \(2026-06-30\) or a time"):
        day_or_time("30/06/2026", BJ, "--until", RulesetError)
    with pytest.raises(RiskwarnError, match=r"--at: .* got 'tomorrow'"):
        instant("tomorrow", BJ, "--at")
