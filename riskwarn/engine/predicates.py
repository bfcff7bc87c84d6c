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

Any argument that is None, not text, or an id the organization does not know
makes a predicate false (``unit_of`` None): events may name people outside the
organization, and that is not an error. Without an organization (``graph``
None) every predicate is false and ``unit_of`` is None.

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

from riskwarn.graph.core import At, OrgGraph
from riskwarn.model import StageName

__all__ = ["bind_predicates"]

_DAYS_KEPT = 8
"""Days whose answers are kept per graph (events come roughly in time order)."""

_MEMO_LIMIT = 100_000
"""Answers kept per day before the memo starts over."""

_STAGES = frozenset(s.value for s in StageName)

_MISSING = object()


class _AsOf:
    """The predicates of one graph (or none) on one day; the graph queries they
    need are memoized in ``memo`` (shared by every binding of that graph and day)."""

    def __init__(self, graph: OrgGraph | None, day: date, memo: dict[Hashable, Any]):
        self.graph = graph
        self.day = day
        self._memo = memo

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


_NO_ORG = _AsOf(None, date.min, {})

# Per graph, per day: the memo of graph answers. The memos hold ids only, never the
# graph, so a graph no longer used elsewhere is dropped with its memos.
_MEMOS: weakref.WeakKeyDictionary[OrgGraph, dict[date, dict[Hashable, Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def bind_predicates(graph: OrgGraph | None, at: At) -> dict[str, Callable[..., Any]]:
    """The graph predicates (module docstring) answered as of ``at``: an aware
    datetime (read in the organization's time zone) or a day.

    The result is a new dict of name → function for
    `riskwarn.rules.expr.evaluate`; the functions never raise for their
    arguments (unknown ids and None give False, or None for ``unit_of``).

    Raises:
        OrgError: ``at`` is a naive datetime (and ``graph`` is not None).
    """
    if graph is None:
        return _NO_ORG.functions()
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
    return _AsOf(graph, day, memo).functions()
