"""Command-line values shared by the commands: a day or a time (``--until``, ``--at``,
``--since``), read the same way everywhere."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from riskwarn.errors import RiskwarnError

__all__ = ["day_or_time", "instant"]


def day_or_time(
    text: str, tz: tzinfo, option: str, error: type[RiskwarnError] = RiskwarnError
) -> datetime | date:
    """``2026-06-30`` as a day, ``2026-06-30T18:00`` as a time (in ``tz`` without an
    offset, ``2026-06-30T18:00:00+08:00`` as written).

    Raises:
        RiskwarnError: (or ``error``) neither, naming ``option``.
    """
    try:
        if "T" in text or " " in text.strip():
            value = datetime.fromisoformat(text)
            return value if value.tzinfo is not None else value.replace(tzinfo=tz)
        return date.fromisoformat(text)
    except ValueError:
        raise error(
            f"{option}: expected a day (2026-06-30) or a time (2026-06-30T18:00:00+08:00), "
            f"got '{text}'"
        ) from None


def instant(
    text: str,
    tz: tzinfo,
    option: str,
    error: type[RiskwarnError] = RiskwarnError,
    *,
    day_end: bool = True,
) -> datetime:
    """`day_or_time` as an instant: a day stands for its end (24:00), or its start
    with ``day_end=False``."""
    value = day_or_time(text, tz, option, error)
    if isinstance(value, datetime):
        return value
    return datetime.combine(value + timedelta(days=1 if day_end else 0), time(), tzinfo=tz)
