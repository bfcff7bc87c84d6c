"""What cadre selection (选人用人) asks of the organization and the calendar: grades and
unbroken time at a grade (任职年限), years since a date (工龄, age), approved posts
(核定职数), a body's meeting rules and working days. Plain functions of an `OrgGraph`
and a day; `riskwarn.engine.predicates` binds them as condition predicates and caches
their answers."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from riskwarn.calendar import WorkCalendar
from riskwarn.graph import Rel, key
from riskwarn.graph.core import OrgGraph
from riskwarn.model import Body, Grade

__all__ = [
    "anniversary",
    "grade_since",
    "min_present",
    "min_votes",
    "principal",
    "promotion_kind",
    "quota",
    "rank_grade",
    "whole_years",
    "workdays",
]

_GRADES = {g.rank: g for g in Grade}


def rank_grade(rank: int) -> Grade:
    """The grade of a `Grade.rank`."""
    return _GRADES[rank]


def promotion_kind(current: int, target: int) -> str:
    """What a move from grade rank ``current`` to ``target`` is: ``deputy_to_main``,
    ``main_to_upper_deputy``, ``staff_to_deputy`` (one grade up), ``skip`` (more),
    ``same`` or ``lower``."""
    steps = target - current
    if steps != 1:
        return "skip" if steps > 1 else "same" if steps == 0 else "lower"
    grade = _GRADES[current]
    if grade is Grade.STAFF:
        return "staff_to_deputy"
    return "deputy_to_main" if grade.value.endswith("_deputy") else "main_to_upper_deputy"


def grade_since(graph: OrgGraph, person: str, rank: int, day: date) -> date | None:
    """The first day of the unbroken run of ``person``'s tenures at grade rank ``rank``
    or higher that covers ``day`` (tenures that touch or overlap join), as the graph
    clips them to their posts' lives."""
    spans = sorted(
        (attrs["start"], attrs["end"])
        for _, target, attrs in graph.nx.out_edges(key("person", person), data=True)
        if attrs["rel"] == Rel.HOLDS and graph.positions[target.split(":", 1)[1]].grade.rank >= rank
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    today = day.toordinal()
    return next((date.fromordinal(a) for a, b in merged if a <= today < b), None)


def whole_years(since: date, day: date) -> int:
    """Completed years from ``since`` to ``day``, as an age is counted."""
    return day.year - since.year - ((day.month, day.day) < (since.month, since.day))


def anniversary(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def principal(graph: OrgGraph, unit: str, day: date) -> str | None:
    """The holder of a principal position of ``unit`` that day (the first by position
    id, then person id), None when vacant."""
    for position in graph.positions_in(unit, day):
        if graph.positions[position].principal:
            holders = graph.holders(position, day)
            if holders:
                return holders[0]
    return None


def quota(graph: OrgGraph, unit: str, group: str, day: date) -> tuple[int | None, tuple[str, ...]]:
    """The approved number of the first quota row for ``(unit, group)`` in force that
    day (None without one), and the holder of each filled post of the group directly in
    the unit, once per post held (`OrgGraph.quota_filled`, as the ``over_quota``
    analyzer counts them)."""
    approved = next(
        (
            q.approved
            for q in graph.org.quotas
            if q.unit == unit and q.group == group and q.active(day)
        ),
        None,
    )
    return approved, tuple(person for person, _ in graph.quota_filled(unit, group, day))


def min_present(body: Body, kind: str, due: int) -> int:
    """The fewest members present for ``body`` to decide a matter of meeting ``kind``:
    personnel matters at least ``personnel_at_least`` of ``due``, others more than
    ``convene_more_than``."""
    if kind == "personnel":
        return math.ceil(body.quorum.personnel_at_least * due)
    return math.floor(body.quorum.convene_more_than * due) + 1


def min_votes(body: Body, due: int) -> int:
    """The fewest votes for that pass a matter: more than ``pass_more_than`` of ``due``."""
    return math.floor(body.quorum.pass_more_than * due) + 1


def workdays(calendar: WorkCalendar, start: object, end: object) -> int | None:
    """Working days from ``start`` to ``end``, both included (0 when ``end`` comes
    first); None unless both are dates or aware datetimes (read as local days).

    Raises:
        EngineError: a day the calendar has no data for (and no fallback).
    """
    first, last = _local_day(start, calendar), _local_day(end, calendar)
    if first is None or last is None:
        return None
    return max(0, calendar.workdays_between(first - timedelta(days=1), last))


def _local_day(x: object, calendar: WorkCalendar) -> date | None:
    if isinstance(x, datetime):
        return None if x.utcoffset() is None else x.astimezone(calendar.tz).date()
    return x if isinstance(x, date) else None
