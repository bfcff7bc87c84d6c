"""The trend chart: its bars are the warnings per week or month and level, as
the store counts them for the reader; segments stack and scale with their counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from riskwarn.model import Level
from riskwarn.reports import Bucket, Period, View, bar_chart, trend
from riskwarn.reports.chart import bucket_ranges
from riskwarn.store import SqliteStore, WarningQuery
from tests.test_reports import GRAPH, LOOK, TZ, filled_store, page, report_for


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with filled_store(tmp_path / "w.db") as s:
        yield s


def bars(doc: Any) -> dict[tuple[str, str], int]:
    return {
        (r.get("data-bucket"), r.get("data-level")): int(r.get("data-count"))
        for r in doc.xpath("//svg//rect[@data-count]")
    }


def test_the_charts_bars_are_the_warnings_per_week_and_level(store: SqliteStore) -> None:
    """March and April 2026 by week (Mondays): W0 red, W1 orange (escalated) and
    W3 blue in the week of 2 March; W2 orange in the week of 9 March; W4 red in
    the week of 16 March; W5 yellow in the week of 30 March; nothing else."""
    doc = page(report_for(store, None, Period(date(2026, 3, 1), date(2026, 4, 30), TZ)))
    assert bars(doc) == {
        ("2026-03-02", "red"): 1,
        ("2026-03-02", "orange"): 1,
        ("2026-03-02", "blue"): 1,
        ("2026-03-09", "orange"): 1,
        ("2026-03-16", "red"): 1,
        ("2026-03-30", "yellow"): 1,
    }
    labels = [t.text_content() for t in doc.xpath('//svg//text[@class="xtick"]')]
    assert labels[:2] == ["02-23", "03-02"]  # 1 March is a Sunday: its week starts 23 February
    tips = [t.text_content() for t in doc.xpath("//svg//rect/title")]
    assert tips[0] == "2026-03-02 起一周 红色 1条"


def test_bars_stack_with_heights_proportional_to_their_counts() -> None:
    """Each segment's height is its count times one scale; segments of a bar touch,
    red at the bottom on the axis; the axis maximum is a round number above the peak."""
    counts = [{Level.RED: 3, Level.YELLOW: 4}, {Level.BLUE: 1}, {}]
    buckets = [
        Bucket(
            date(2026, m, 1), date(2026, m + 1, 1), f"2026-0{m}", {lv: c.get(lv, 0) for lv in Level}
        )
        for m, c in zip((1, 2, 3), counts, strict=True)
    ]
    chart = bar_chart(buckets, "month")
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6, 8]
    first = [b for b in chart.bars if b.bucket is buckets[0]]
    assert [(b.level, b.count) for b in first] == [(Level.RED, 3), (Level.YELLOW, 4)]
    for b in chart.bars:
        assert b.height == pytest.approx(b.count * chart.unit, abs=0.01)
    red, yellow = first
    assert red.y + red.height == pytest.approx(chart.bottom)
    assert yellow.y + yellow.height == pytest.approx(red.y, abs=0.01)
    assert len(chart.bars) == 3
    assert [(t.text, t.x) for t in chart.totals] == [
        ("7", chart.labels[0].x),
        ("1", chart.labels[1].x),
    ]
    assert [b.name for b in buckets] == ["2026-01", "2026-02", "2026-03"]


def test_weeks_up_to_half_a_year_months_beyond(store: SqliteStore) -> None:
    view = View(store, GRAPH, None, LOOK)
    query = WarningQuery()
    weekly, used = trend(view, query, TZ, date(2026, 3, 1), date(2026, 8, 29))
    assert used == "week" and len(weekly) == 27
    monthly, used = trend(view, query, TZ, date(2026, 1, 1), date(2026, 12, 31))
    assert used == "month" and [b.label for b in monthly][:4] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    assert [b.total for b in monthly][:5] == [0, 0, 5, 1, 0]
    assert bucket_ranges(date(2025, 12, 15), date(2026, 1, 2), "month") == [
        (date(2025, 12, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 2, 1)),
    ]
    _, used = trend(view, query, TZ)  # from the first warning to the last: weeks
    assert used == "week"
