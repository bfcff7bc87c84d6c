"""The graph predicates a condition may call, answered from the organization graph
as of an event's time.

`bind_predicates` gives, for one organization graph and one instant, the
functions a condition's calls go to (names and arities are
`riskwarn.rules.check.PREDICATES`). Every answer is as of the *day* of that
instant in the organization's time zone, like every `OrgGraph` query: a tenure
that ended the day before, or a relationship that begins the day after, does
not count.

Arguments are ids as events carry them. ``person`` arguments are person ids,
``entity`` an entity id, ``power`` a power id and ``stage`` one of
``proposal``, ``decision``, ``execution``, ``supervision``.

- ``related(a, b)``: persons ``a`` and ``b`` are relatives (any kinship
  relation, from either side) on that day. A person is not their own
  relative: ``related(a, a)`` is false.
- ``holds(person, power, stage)``: the person holds that stage of that power
  through a position they hold on that day (a stage held by a collective body
  does not count for its members).
- ``supervises(a, b)``: person ``a`` is among the supervisors of person ``b``
  in any role (line, discipline, organization, audit), as warnings are routed
  to them (`OrgGraph.supervisors`): nearest scope first, skipping ``b``
  themselves, ``b``'s relatives and vacant posts. ``supervises(a, a)`` is false.
- ``is_principal(person)``: the person holds a principal position (正职) on that day.
- ``unit_of(x)``: for a person, the unit of their first position on that day
  (positions sorted by id), None when they hold none; for a position, its unit
  on that day (None when it does not exist then); for anything else, None.
  An id that names both a person and a position is read as the person.
- ``interest_in(person, entity)``: the person, or one of their relatives, has
  an interest in the entity on that day (owner, shareholder, legal
  representative, director, manager or employee).
- ``same_unit(a, b)``: some unit holds a position of ``a`` and a position of
  ``b`` on that day (true for ``same_unit(a, a)`` when ``a`` holds a position).
- ``reports_to(a, b)``: one of ``b``'s positions is in the ``reports_to`` chain,
  any number of levels up, of one of ``a``'s positions on that day.

Cadre selection (选人用人) reads careers, approved posts and meeting rules through
predicates that give values (None when they cannot be answered), computed by
`riskwarn.engine.careers` and described in docs/rules.md: ``grade_of(x)``,
``grade_steps(person, position)``, ``promotion_kind(person, position)``,
``years_in_grade(person)``, ``years_worked(person)``, ``days_until_age(person,
age)``, ``principal_of(unit)``, ``quota_vacancies(position, person)`` (``person``
may be anyone: they are only left out of the count), ``min_present(body, kind,
due)``, ``min_votes(body, due)``, and ``workdays(start, end)``, which counts on the
calendar given to `bind_predicates` (the Chinese one by default), needs no
organization and, like a deadline, raises `EngineError` for a day the calendar has
no data for.

Any argument that is None, not text, or an id the organization does not know
makes a predicate false (``unit_of`` and the value predicates None): events may
name people outside the organization, and that is not an error. Without an
organization (``graph`` None) every predicate is false and every value None,
except ``workdays``.

Answers are cached per graph and day (an `OrgGraph` does not change once
built), so the engine calling `bind_predicates` for each event of a day asks
the graph each question once.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeGuard

from riskwarn.calendar import ChineseWorkCalendar, WorkCalendar
from riskwarn.engine import careers
from riskwarn.graph.core import At, OrgGraph
from riskwarn.model import Body, StageName

__all__ = ["bind_predicates"]

_DAYS_KEPT = 8
"""Days whose answers are kept per graph (events come roughly in time order)."""

_MEMO_LIMIT = 100_000
"""Answers kept per day before the memo starts over."""

_STAGES = frozenset(s.value for s in StageName)

_MAX_AGE = 150
"""The largest age ``days_until_age`` answers for."""

_MISSING = object()


class _AsOf:
    """The predicates of one graph (or none) on one day; the graph queries they
    need are memoized in ``memo`` (shared by every binding of that graph and day)."""

    def __init__(
        self,
        graph: OrgGraph | None,
        day: date,
        memo: dict[Hashable, Any],
        calendar: WorkCalendar | None = None,
    ):
        self.graph = graph
        self.day = day
        self._memo = memo
        self._calendar = calendar

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {
            "related": self.related,
            "holds": self.holds,
            "supervises": self.supervises,
            "is_principal": self.is_principal,
            "unit_of": self.unit_of,
            "interest_in": self.interest_in,
            "same_unit": self.same_unit,
            "reports_to": self.reports_to,
            "grade_of": self.grade_of,
            "grade_steps": self.grade_steps,
            "promotion_kind": self.promotion_kind,
            "years_in_grade": self.years_in_grade,
            "years_worked": self.years_worked,
            "days_until_age": self.days_until_age,
            "principal_of": self.principal_of,
            "quota_vacancies": self.quota_vacancies,
            "min_present": self.min_present,
            "min_votes": self.min_votes,
            "workdays": self.workdays,
        }

    # -- the predicates ---------------------------------------------------------------

    def related(self, a: object, b: object) -> bool:
        if not (self._is_person(a) and self._is_person(b)) or a == b:
            return False
        return b in self._relatives(a)

    def holds(self, person: object, power: object, stage: object) -> bool:
        if not (self._is_person(person) and self._is_power(power)):
            return False
        if not (isinstance(stage, str) and stage in _STAGES):
            return False
        return person in self._stage_persons(power, stage)

    def supervises(self, a: object, b: object) -> bool:
        if not (self._is_person(a) and self._is_person(b)):
            return False
        return a in self._supervisors(b)

    def is_principal(self, person: object) -> bool:
        if not self._is_person(person):
            return False
        graph = self._graph
        return any(graph.positions[p].principal for p in self._positions(person))

    def unit_of(self, x: object) -> str | None:
        if self._is_person(x):
            positions = self._positions(x)
            return self._unit(positions[0]) if positions else None
        if isinstance(x, str) and self.graph is not None and x in self.graph.positions:
            return self._unit(x)
        return None

    def interest_in(self, person: object, entity: object) -> bool:
        if not self._is_person(person):
            return False
        if not (isinstance(entity, str) and self._graph_has(entity, "entities")):
            return False
        return entity in self._interests(person)

    def same_unit(self, a: object, b: object) -> bool:
        if not (self._is_person(a) and self._is_person(b)):
            return False
        return not self._units(a).isdisjoint(self._units(b))

    def reports_to(self, a: object, b: object) -> bool:
        if not (self._is_person(a) and self._is_person(b)):
            return False
        return not self._superior_positions(a).isdisjoint(self._positions(b))

    # -- careers, quotas and meetings (选人用人) -----------------------------------------

    def grade_of(self, x: object) -> str | None:
        if self._is_person(x):
            rank = self._rank(x)
            return None if rank is None else careers.rank_grade(rank).value
        if self._is_position(x):
            return self._graph.positions[x].grade.value
        return None

    def grade_steps(self, person: object, position: object) -> int | None:
        if not (self._is_person(person) and self._is_position(position)):
            return None
        rank = self._rank(person)
        return None if rank is None else self._graph.positions[position].grade.rank - rank

    def promotion_kind(self, person: object, position: object) -> str | None:
        if not (self._is_person(person) and self._is_position(position)):
            return None
        rank = self._rank(person)
        target = self._graph.positions[position].grade.rank
        return None if rank is None else careers.promotion_kind(rank, target)

    def years_in_grade(self, person: object) -> int | None:
        if not self._is_person(person):
            return None
        since = self._grade_since(person)
        return None if since is None else careers.whole_years(since, self.day)

    def years_worked(self, person: object) -> int | None:
        if not self._is_person(person):
            return None
        start = self._graph.persons[person].work_start
        return None if start is None else careers.whole_years(start, self.day)

    def days_until_age(self, person: object, age: object) -> int | None:
        if not (self._is_person(person) and _is_count(age) and age <= _MAX_AGE):
            return None
        born = self._graph.persons[person].birth_date
        return None if born is None else (careers.anniversary(born, age) - self.day).days

    def principal_of(self, unit: object) -> str | None:
        if not (isinstance(unit, str) and self._graph_has(unit, "units")):
            return None
        result: str | None = self._cached(
            ("principal", unit), lambda: careers.principal(self._graph, unit, self.day)
        )
        return result

    def quota_vacancies(self, position: object, person: object) -> int | None:
        if not self._is_position(position):
            return None
        unit = self._unit(position)
        if unit is None:
            return None
        unit = self._graph.organ_of(unit, self.day)  # a section's posts count for its organ
        group = self._graph.positions[position].quota_key
        state: tuple[int | None, tuple[str, ...]] = self._cached(
            ("quota", unit, group), lambda: careers.quota(self._graph, unit, group, self.day)
        )
        approved, holders = state
        if approved is None:
            return None
        return approved - sum(1 for h in holders if h != person)

    def min_present(self, body: object, kind: object, due: object) -> int | None:
        found = self._body(body)
        if found is None or not _is_count(due) or not isinstance(kind, str):
            return None
        return careers.min_present(found, kind, due)

    def min_votes(self, body: object, due: object) -> int | None:
        found = self._body(body)
        if found is None or not _is_count(due):
            return None
        return careers.min_votes(found, due)

    def workdays(self, start: object, end: object) -> int | None:
        calendar = self._calendar if self._calendar is not None else _default_calendar()
        return careers.workdays(calendar, start, end)

    # -- known ids ----------------------------------------------------------------------

    @property
    def _graph(self) -> OrgGraph:
        assert self.graph is not None  # only reached once an id was found in it
        return self.graph

    def _graph_has(self, ident: str, table: str) -> bool:
        return self.graph is not None and ident in getattr(self.graph, table)

    def _is_person(self, x: object) -> TypeGuard[str]:
        return isinstance(x, str) and self._graph_has(x, "persons")

    def _is_power(self, x: object) -> TypeGuard[str]:
        return isinstance(x, str) and self._graph_has(x, "powers")

    def _is_position(self, x: object) -> TypeGuard[str]:
        return isinstance(x, str) and self._graph_has(x, "positions")

    def _body(self, x: object) -> Body | None:
        if not isinstance(x, str) or self.graph is None:
            return None
        bodies: dict[str, Body] = self._cached(
            ("bodies",), lambda: {b.id: b for b in self._graph.org.bodies}
        )
        return bodies.get(x)

    # -- memoized graph queries (ids already known) -------------------------------------

    def _cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        memo = self._memo
        value = memo.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        value = memo[key] = compute()
        return value

    def _positions(self, person: str) -> tuple[str, ...]:
        result: tuple[str, ...] = self._cached(
            ("positions", person), lambda: tuple(self._graph.positions_of(person, self.day))
        )
        return result

    def _unit(self, position: str) -> str | None:
        result: str | None = self._cached(
            ("unit", position), lambda: self._graph.unit_of(position, self.day)
        )
        return result

    def _units(self, person: str) -> frozenset[str]:
        result: frozenset[str] = self._cached(
            ("units", person),
            lambda: frozenset(
                u for u in (self._unit(p) for p in self._positions(person)) if u is not None
            ),
        )
        return result

    def _relatives(self, person: str) -> frozenset[str]:
        result: frozenset[str] = self._cached(
            ("relatives", person),
            lambda: frozenset(r.person for r in self._graph.relatives(person, self.day)),
        )
        return result

    def _stage_persons(self, power: str, stage: str) -> frozenset[str]:
        result: frozenset[str] = self._cached(
            ("stage", power, stage),
            lambda: frozenset(self._graph.stage_persons(power, stage, self.day)),
        )
        return result

    def _supervisors(self, person: str) -> frozenset[str]:
        result: frozenset[str] = self._cached(
            ("supervisors", person),
            lambda: frozenset(
                r.person.id for r in self._graph.supervisors("person", person, self.day)
            ),
        )
        return result

    def _interests(self, person: str) -> frozenset[str]:
        result: frozenset[str] = self._cached(
            ("interests", person),
            lambda: frozenset(
                link.entity for link in self._graph.interests(person, self.day, relatives=True)
            ),
        )
        return result

    def _rank(self, person: str) -> int | None:
        """The highest grade rank of the positions ``person`` holds that day."""
        ranks = [self._graph.positions[p].grade.rank for p in self._positions(person)]
        return max(ranks) if ranks else None

    def _grade_since(self, person: str) -> date | None:
        """The first day of ``person``'s unbroken run at their grade or higher."""

        def compute() -> date | None:
            rank = self._rank(person)
            return (
                None if rank is None else careers.grade_since(self._graph, person, rank, self.day)
            )

        result: date | None = self._cached(("grade_since", person), compute)
        return result

    def _superior_positions(self, person: str) -> frozenset[str]:
        """Every position above one of ``person``'s positions in a ``reports_to`` chain."""
        result: frozenset[str] = self._cached(
            ("superiors", person),
            lambda: frozenset(
                boss
                for p in self._positions(person)
                for boss in self._graph.reports_chain(p, self.day)
            ),
        )
        return result


def _is_count(x: object) -> TypeGuard[int]:
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


_CALENDAR: list[WorkCalendar] = []


def _default_calendar() -> WorkCalendar:
    """The Chinese calendar, built once, for bindings given no calendar."""
    with _LOCK:
        if not _CALENDAR:
            _CALENDAR.append(ChineseWorkCalendar())
        return _CALENDAR[0]


_NO_ORG = _AsOf(None, date.min, {})

# Per graph, per day: the memo of graph answers. The memos hold ids only, never the
# graph, so a graph no longer used elsewhere is dropped with its memos.
_MEMOS: weakref.WeakKeyDictionary[OrgGraph, dict[date, dict[Hashable, Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def bind_predicates(
    graph: OrgGraph | None, at: At, calendar: WorkCalendar | None = None
) -> dict[str, Callable[..., Any]]:
    """The graph predicates (module docstring) answered as of ``at``: an aware
    datetime (read in the organization's time zone) or a day. ``workdays`` counts on
    ``calendar`` (the Chinese one when None).

    The result is a new dict of name → function for
    `riskwarn.rules.expr.evaluate`; the functions never raise for their
    arguments (unknown ids and None give False, or None for the value predicates).

    Raises:
        OrgError: ``at`` is a naive datetime (and ``graph`` is not None).
    """
    if graph is None:
        if calendar is None:
            return _NO_ORG.functions()
        return _AsOf(None, date.min, {}, calendar).functions()
    day = date.fromordinal(graph.day(at))
    with _LOCK:
        days = _MEMOS.get(graph)
        if days is None:
            days = _MEMOS[graph] = {}
        memo = days.get(day)
        if memo is None:
            if len(days) >= _DAYS_KEPT:
                days.clear()
            memo = days[day] = {}
    return _AsOf(graph, day, memo, calendar).functions()
