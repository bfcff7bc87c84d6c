"""Sliding-window aggregates (``count``/``sum``/``distinct``) per group, in event time.

durable_rules has no aggregates and its ``count`` is a tumbling counter over a
whole rule, so the engine keeps windows itself: per group, the matching events
still inside the window, the running total or value counts, and nothing else.
A group whose window has emptied is dropped (`Windows.expire`), so memory
follows the number of events inside the window, not the stream's length.

Semantics (docs/engine.md, "Aggregates"): the window of a group at event *e* holds
the group's events *x* with ``e.time < within.after(x.time)``; the rule matches
when adding *e* takes the aggregate over the limit from not over it.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from riskwarn.compiler import WindowPlan
from riskwarn.events import Event
from riskwarn.rules.expr import _is_number

__all__ = ["Crossing", "Windows"]


@dataclass(frozen=True, slots=True)
class Crossing:
    """A group's aggregate crossing its limit at an event."""

    group: tuple[Any, ...]
    actual: int | Decimal
    events: tuple[tuple[int, Event], ...]
    """``(seq, event)`` of every event in the window, in stream order."""


@dataclass
class _Group:
    items: deque[tuple[datetime, int, Event, Any]] = field(default_factory=deque)
    """``(window end, seq, event, value)``, oldest first."""
    total: Decimal = Decimal(0)
    values: Counter[Any] = field(default_factory=Counter)


class Windows:
    """The windows of one aggregate rule. ``until(t)`` is the end of the window that
    opens at ``t`` (``within.after(t)`` on the engine's calendar)."""

    def __init__(self, plan: WindowPlan, until: Callable[[datetime], datetime]):
        self.plan = plan
        self._until = until
        self._groups: dict[tuple[Any, ...], _Group] = {}
        self._ends: list[tuple[datetime, int, tuple[Any, ...]]] = []

    def __len__(self) -> int:
        """The number of events held in windows."""
        return sum(len(g.items) for g in self._groups.values())

    def add(self, seq: int, event: Event) -> Crossing | None:
        """Add a matching event (in stream order); the crossing it causes, if any."""
        plan = self.plan
        key = tuple(getattr(event, name, None) for name in plan.group_by)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group()
        self._evict(group, event.time)
        before = self._aggregate(group)
        value = getattr(event, plan.field, None) if plan.field else None
        end = self._until(event.time)
        group.items.append((end, seq, event, value))
        heapq.heappush(self._ends, (end, seq, key))
        if plan.kind == "sum" and _is_number(value):
            group.total += _decimal(value)
        elif plan.kind == "distinct" and value is not None:
            group.values[value] += 1
        after = self._aggregate(group)
        if self._over(after) and not self._over(before):
            return Crossing(key, after, tuple((s, e) for _, s, e, _ in group.items))
        return None

    def expire(self, now: datetime) -> None:
        """Drop every event whose window ended at or before ``now``, and empty groups."""
        while self._ends and self._ends[0][0] <= now:
            _, _, key = heapq.heappop(self._ends)
            group = self._groups.get(key)
            if group is not None:
                self._evict(group, now)
                if not group.items:
                    del self._groups[key]

    def _evict(self, group: _Group, now: datetime) -> None:
        items = group.items
        while items and items[0][0] <= now:
            _, _, _, value = items.popleft()
            if self.plan.kind == "sum" and _is_number(value):
                group.total -= _decimal(value)
            elif self.plan.kind == "distinct" and value is not None:
                group.values[value] -= 1
                if not group.values[value]:
                    del group.values[value]

    def _aggregate(self, group: _Group) -> int | Decimal:
        if self.plan.kind == "count":
            return len(group.items)
        if self.plan.kind == "sum":
            return group.total
        return len(group.values)

    def _over(self, value: int | Decimal) -> bool:
        limit = self.plan.threshold
        return value >= limit if self.plan.inclusive else value > limit


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
