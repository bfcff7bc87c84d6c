"""The period a report or circular covers: whole days in the organization's time
zone, ``[from 00:00, the day after to 00:00)``, and how it reads in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from riskwarn.reports.errors import ReportError

__all__ = ["Period", "zh_date", "zh_time"]


def zh_date(day: date) -> str:
    """``2026年4月1日``: the form dates take in a formal Chinese document."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_time(t: datetime, tz: tzinfo) -> str:
    """``2026-04-01 09:30``: a time in ``tz``, to the minute."""
    return t.astimezone(tz).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days ``first``…``last`` (both included); either may be open."""

    first: date | None
    last: date | None
    tz: tzinfo

    def __post_init__(self) -> None:
        if self.first is not None and self.last is not None and self.last < self.first:
            raise ReportError(
                f"--to: the period ends on {self.last.isoformat()}, before it starts "
                f"(--from {self.first.isoformat()})"
            )

    @property
    def since(self) -> datetime | None:
        """00:00 of the first day, or None."""
        return _midnight(self.first, self.tz) if self.first is not None else None

    @property
    def until(self) -> datetime | None:
        """00:00 of the day after the last day (the period is ``[since, until)``), or None."""
        return _midnight(self.last + timedelta(days=1), self.tz) if self.last else None

    def label(self) -> str:
        """``2026年4月1日至2026年6月30日``, ``2026年4月1日以来``, ``截至…``, or ``全部``."""
        if self.first is not None and self.last is not None:
            return f"{zh_date(self.first)}至{zh_date(self.last)}"
        if self.first is not None:
            return f"{zh_date(self.first)}以来"
        if self.last is not None:
            return f"截至{zh_date(self.last)}"
        return "全部"


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)
