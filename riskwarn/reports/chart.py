"""The trend chart: warnings per week or month by level, counted by the store
for each period, drawn as stacked bars in inline SVG (no script, no library).

`trend` asks the store for one tally per week or month, so the bars are the
store's own counts; `bar_chart` turns them into geometry the template draws.
Bars stack from red at the bottom to blue at the top, by current level (after
escalation), as the level counts beside the chart are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from riskwarn.model.warning import Level
from riskwarn.reports.view import View
from riskwarn.store.records import WarningQuery

__all__ = [
    "Bar",
    "Bucket",
    "Chart",
    "Granularity",
    "bar_chart",
    "bucket_ranges",
    "trend",
]

Granularity = Literal["week", "month", "auto"]

AUTO_WEEKS = 26
"""Up to this many weeks, ``auto`` counts per week; beyond, per month."""


@dataclass(frozen=True, slots=True)
class Bucket:
    """One week (from Monday) or month: its days ``[start, end)`` and counts per level."""

    start: date
    end: date
    label: str
    counts: dict[Level, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def name(self) -> str:
        """``2026-03`` or ``2026-03-02 起一周``: the bucket in full, for a tooltip."""
        week = (self.end - self.start).days == 7
        return f"{self.start.isoformat()} 起一周" if week else self.label


def bucket_ranges(
    first: date, last: date, granularity: Literal["week", "month"]
) -> list[tuple[date, date]]:
    """The weeks (Monday to Monday) or calendar months covering ``first``…``last``."""
    ranges = []
    if granularity == "week":
        start = first - timedelta(days=first.weekday())
        while start <= last:
            ranges.append((start, start + timedelta(days=7)))
            start += timedelta(days=7)
        return ranges
    start = first.replace(day=1)
    while start <= last:
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        ranges.append((start, end))
        start = end
    return ranges


def trend(
    view: View,
    query: WarningQuery,
    tz: tzinfo,
    first: date | None = None,
    last: date | None = None,
    granularity: Granularity = "auto",
) -> tuple[list[Bucket], Literal["week", "month"]]:
    """Counts per level for each week or month from ``first`` to ``last`` (by default
    the days of the earliest and latest warning ``query`` matches), each clipped to
    the query's own ``since``/``until``. ``auto`` takes weeks up to `AUTO_WEEKS`
    weeks, months beyond."""
    if first is None or last is None:
        oldest = view.query(replace(query, order="time", limit=1, offset=0))
        newest = view.query(replace(query, order="-time", limit=1, offset=0))
        if not oldest:
            return [], "week" if granularity == "auto" else granularity
        first = first or oldest[0].warning.time.astimezone(tz).date()
        last = last or newest[0].warning.time.astimezone(tz).date()
    if granularity == "auto":
        granularity = "week" if (last - first).days < AUTO_WEEKS * 7 else "month"
    buckets = []
    for start, end in bucket_ranges(first, last, granularity):
        since, until = _midnight(start, tz), _midnight(end, tz)
        if query.since is not None:
            since = max(since, query.since)
        if query.until is not None:
            until = min(until, query.until)
        tally = view.tally(replace(query, since=since, until=until), "level")
        label = start.strftime("%m-%d") if granularity == "week" else start.strftime("%Y-%m")
        buckets.append(Bucket(start, end, label, {lv: tally.get(lv.value, 0) for lv in Level}))
    return buckets, granularity


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


@dataclass(frozen=True, slots=True)
class Bar:
    """One level's part of one bucket's bar (drawn only when ``count`` > 0)."""

    x: float
    y: float
    width: float
    height: float
    level: Level
    count: int
    bucket: Bucket


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True, slots=True)
class Label:
    """A text at ``x`` (and ``y``, for a bar's total above it)."""

    x: float
    text: str
    y: float = 0.0


@dataclass(frozen=True, slots=True)
class Chart:
    """What the template draws: the frame, the bars, the axes' ticks and labels."""

    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    """Below the axis, every few buckets so that they do not overlap."""
    totals: tuple[Label, ...]
    """Above each bar, when bars are wide enough to carry one."""
    buckets: tuple[Bucket, ...]
    granularity: str
    unit: float
    """Pixels per warning."""

    @property
    def empty(self) -> bool:
        return not any(b.total for b in self.buckets)


def bar_chart(
    buckets: list[Bucket], granularity: str, width: int = 960, height: int = 280
) -> Chart:
    """Stacked bars, one per bucket, scaled so the largest total reaches a round
    axis maximum (1, 2 or 5 times a power of ten per tick, at most five ticks)."""
    left, right, top, bottom = 40.0, width - 12.0, 14.0, height - 36.0
    peak = max((b.total for b in buckets), default=0)
    step = _step(peak)
    axis = max(step * math.ceil(peak / step), step)
    unit = (bottom - top) / axis
    slot = (right - left) / max(len(buckets), 1)
    bar_width = min(max(slot * 0.72, 1.0), 56.0)
    bars = []
    for i, bucket in enumerate(buckets):
        x = left + i * slot + (slot - bar_width) / 2
        base = bottom
        for level in Level:  # red first: at the bottom
            n = bucket.counts[level]
            if n:
                h = n * unit
                base -= h
                bars.append(
                    Bar(
                        round(x, 2),
                        round(base, 2),
                        round(bar_width, 2),
                        round(h, 2),
                        level,
                        n,
                        bucket,
                    )
                )
    ticks = tuple(Tick(round(bottom - v * unit, 2), v) for v in range(0, axis + 1, step))
    middles = [round(left + i * slot + slot / 2, 2) for i in range(len(buckets))]
    label_px = 8.0 * max((len(b.label) for b in buckets), default=5)
    every = max(1, math.ceil(len(buckets) * label_px / (right - left)))
    labels = tuple(
        Label(x, b.label)
        for i, (x, b) in enumerate(zip(middles, buckets, strict=True))
        if i % every == 0
    )
    totals = tuple(
        Label(x, str(b.total), round(bottom - b.total * unit - 3, 2))
        for x, b in zip(middles, buckets, strict=True)
        if b.total and slot >= 16
    )
    return Chart(
        width,
        height,
        left,
        top,
        right,
        bottom,
        tuple(bars),
        ticks,
        labels,
        totals,
        tuple(buckets),
        granularity,
        unit,
    )


def _step(peak: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that covers ``peak`` in at most five ticks."""
    power = 1
    while True:
        for m in (1, 2, 5):
            if peak <= m * power * 5:
                return m * power
        power *= 10
