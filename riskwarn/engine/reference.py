"""The reference evaluator: docs/engine.md ("Semantics") in plain Python.

This is the oracle the durable_rules engine (`riskwarn.engine.Engine`) is tested
against, so it is written to be read next to the table in docs/engine.md, not to
be fast: every event is kept, and each rule looks back and forward through the
whole stream. It produces the same `Match` values as the engine (compare their
``key``), before warnings are built or suppressed.

How each part of the contract is read here:

- **Stream order.** Events are sorted by ``(time, input index)``; an event's
  position ``seq`` is its place in that order, counted from 1 as the engine counts.
  *x before e* is ``seq(x) < seq(e)``.
- **Within.** *t'* is within *W* of *t* when ``t' < W.after(t, calendar)``.
- **Conditions.** A pattern's ``if`` is `riskwarn.rules.expr.evaluate` with the
  events bound so far under their aliases (the pattern's own event under its
  alias), the ruleset's parameters (defaults, then the ``params`` overrides for
  that ruleset id), and the graph predicates as of the time of the pattern's own
  event (`riskwarn.engine.predicates.bind_predicates`). An event matches a pattern
  when its type is the pattern's and the condition is true (or absent).
- **Shapes.** ``when``; ``when`` + ``unless`` on each ``side``; ``when`` +
  ``expect`` with its ``remind_before`` reminder; ``sequence`` (every chain);
  ``count`` / ``sum`` / ``distinct`` (the crossing rule). ``analyzer`` rules (which
  need the structural analyzers and ``until``) and rules with ``enabled: false``
  give nothing.
- **Deadlines.** A match whose time is a deadline (``D``, or a reminder's ``Rt``)
  exists once the clock reaches it: some event is at or after it, or ``until`` is.
  Without ``until`` the clock ends at the last event's time, so a deadline at or
  before the last event's time is emitted and a later one is pending.
- **Order.** Matches are sorted by `Match.sort_key`: time, rule position
  ``(ruleset index, rule index in its file)``, the events' positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeGuard

from riskwarn.calendar import ChineseWorkCalendar, WorkCalendar, require_aware
from riskwarn.compiler import resolve_params
from riskwarn.engine.match import Match, MatchKind
from riskwarn.engine.predicates import bind_predicates
from riskwarn.errors import RulesetError
from riskwarn.events import Event
from riskwarn.graph import OrgGraph
from riskwarn.rules import expr
from riskwarn.rules.duration import Duration
from riskwarn.rules.model import Pattern, Rule, Ruleset, Side, Window

__all__ = ["evaluate"]


def evaluate(
    rulesets: Sequence[Ruleset],
    events: Iterable[Event],
    *,
    graph: OrgGraph | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    calendar: WorkCalendar | None = None,
    until: datetime | None = None,
) -> list[Match]:
    """Every match of ``rulesets`` over ``events``, in emission order (module docstring).

    ``graph`` answers the graph predicates (without it they are all false);
    ``params`` overrides parameters per ruleset id; ``calendar`` counts working
    days (`ChineseWorkCalendar` by default); ``until`` moves the clock on to that
    instant after the last event, so deadlines up to it are emitted.

    Raises:
        ValueError: ``until`` is a naive datetime.
        RulesetError: an aggregate's ``over`` / ``at_least`` is not a number.
    """
    if until is not None:
        require_aware(until)
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].time, pair[0]))
    stream = [_Item(seq, event) for seq, (_, event) in enumerate(ordered, start=1)]
    clock = _clock_end(stream, until)
    work = calendar if calendar is not None else ChineseWorkCalendar()
    matches: list[Match] = []
    for rs_index, ruleset in enumerate(rulesets):
        values = resolve_params(ruleset, (params or {}).get(ruleset.ruleset))
        run = _Run(ruleset.ruleset, rs_index, values, stream, graph, work, clock)
        for rule_index, rule in enumerate(ruleset.with_params(values).rules):
            if rule.enabled and rule.analyzer is None:
                matches.extend(run.rule(rule_index, rule))
    return sorted(matches, key=lambda m: m.sort_key)


@dataclass(frozen=True, slots=True)
class _Item:
    """An event at its stream position."""

    seq: int
    event: Event

    @property
    def time(self) -> datetime:
        return self.event.time


@dataclass(frozen=True, slots=True)
class _Pattern:
    """An event pattern as evaluated: its type, its alias and its parsed condition."""

    type: str
    alias: str
    condition: expr.Expr | None
    requires: tuple[str, ...] = ()
    """Fields the rule ``requires`` of this event: one absent (None or an empty list)
    and the event is not evaluated by the rule."""

    @classmethod
    def of(cls, pattern: Pattern, rule: Rule) -> _Pattern:
        condition = None if pattern.if_ is None else expr.parse(pattern.if_)
        requires = []
        for text in rule.requires:
            alias, _, name = (part.strip() for part in text.partition("."))
            if alias == pattern.alias and name not in requires:
                requires.append(name)
        return cls(pattern.type, pattern.alias, condition, tuple(requires))


def _clock_end(stream: list[_Item], until: datetime | None) -> datetime | None:
    """The last instant the clock reaches: the last event's time, or ``until`` if later."""
    times = [item.time for item in stream[-1:]] + ([until] if until is not None else [])
    return max(times) if times else None


def _is_number(value: Any) -> TypeGuard[int | float | Decimal]:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _exact(value: int | float | Decimal) -> int | Decimal:
    """A number as compared exactly: a float by its shortest text (``0.1`` is 0.1)."""
    return Decimal(str(value)) if isinstance(value, float) else value


def _hashable(value: Any) -> Any:
    """A value usable in a set: lists become tuples."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


class _Run:
    """The rules of one ruleset over the whole stream."""

    def __init__(
        self,
        ruleset: str,
        index: int,
        params: Mapping[str, Any],
        stream: list[_Item],
        graph: OrgGraph | None,
        calendar: WorkCalendar,
        clock: datetime | None,
    ):
        self.ruleset = ruleset
        self.index = index
        self.params = params
        self.stream = stream
        self.graph = graph
        self.calendar = calendar
        self.clock = clock
        self.of_type: dict[str, list[_Item]] = {}
        """The stream's events by type, in stream order."""
        for item in stream:
            self.of_type.setdefault(item.event.type, []).append(item)
        self._ends: dict[tuple[Duration, datetime], datetime] = {}

    # -- time and conditions -------------------------------------------------------------

    def after(self, duration: Duration, t: datetime) -> datetime:
        """The first instant that is not within ``duration`` of ``t``."""
        key = (duration, t)
        if key not in self._ends:
            self._ends[key] = duration.after(t, self.calendar)
        return self._ends[key]

    def reached(self, deadline: datetime) -> bool:
        """Whether the clock reaches ``deadline``, so that a match at it is emitted."""
        return self.clock is not None and deadline <= self.clock

    def candidates(self, pattern: _Pattern) -> list[_Item]:
        """The events of the pattern's type, in stream order."""
        return self.of_type.get(pattern.type, [])

    def matches(self, pattern: _Pattern, item: _Item, bound: Mapping[str, Event]) -> bool:
        """Whether the condition of ``pattern`` holds for ``item`` (an event of its type),
        with the earlier events ``bound`` by alias and the graph as of ``item``'s time."""
        if any(getattr(item.event, name, None) in (None, ()) for name in pattern.requires):
            return False
        if pattern.condition is None:
            return True
        events = {**bound, pattern.alias: item.event}
        predicates = bind_predicates(self.graph, item.time, self.calendar)
        return bool(expr.evaluate(pattern.condition, events, self.params, predicates))

    def match(
        self,
        rule_index: int,
        rule: Rule,
        time: datetime,
        chain: Sequence[tuple[str, _Item]],
        *,
        kind: MatchKind = MatchKind.WARNING,
        deadline: datetime | None = None,
        actual: Any = None,
        threshold: Any = None,
        group: tuple[Any, ...] = (),
    ) -> Match:
        """A match of ``rule`` at ``time`` on ``chain`` (``(alias, item)`` in stream order)."""
        return Match(
            ruleset=self.ruleset,
            rule=rule.id,
            kind=kind,
            time=time,
            events=tuple(item.event for _, item in chain),
            aliases=tuple(alias for alias, _ in chain),
            order=(self.index, rule_index),
            seqs=tuple(item.seq for _, item in chain),
            actual=actual,
            threshold=threshold,
            group=group,
            deadline=deadline,
        )

    # -- shapes ---------------------------------------------------------------------------

    def rule(self, index: int, rule: Rule) -> Iterator[Match]:
        if rule.when is not None:
            yield from self.when(index, rule)
        elif rule.sequence is not None:
            yield from self.sequence(index, rule)
        elif rule.count is not None:
            yield from self.aggregate(index, rule, "count", rule.count)
        elif rule.sum is not None:
            yield from self.aggregate(index, rule, "sum", rule.sum)
        elif rule.distinct is not None:
            yield from self.aggregate(index, rule, "distinct", rule.distinct)

    def when(self, index: int, rule: Rule) -> Iterator[Match]:
        assert rule.when is not None
        when = _Pattern.of(rule.when, rule)
        for e in self.candidates(when):
            if not self.matches(when, e, {}):
                continue
            if rule.unless is not None:
                yield from self.unless(index, rule, when, e)
            elif rule.expect is not None:
                yield from self.expect(index, rule, when, e)
            else:
                yield self.match(index, rule, e.time, [(when.alias, e)])

    def unless(self, index: int, rule: Rule, when: _Pattern, e: _Item) -> Iterator[Match]:
        """``e`` unless an excusing event before it (``e.time`` within ``within`` of
        it) or after it (within ``within`` of ``e.time``), as ``side`` says."""
        assert rule.unless is not None
        excuse = _Pattern.of(rule.unless, rule)
        within = rule.unless.within
        bound = {when.alias: e.event}
        chain = [(when.alias, e)]
        deadline = self.after(within, e.time)

        def excused_before() -> bool:
            for x in reversed(self.candidates(excuse)):
                if x.seq >= e.seq:
                    continue
                if not e.time < self.after(within, x.time):
                    break  # earlier events' windows ended no later than this one's
                if self.matches(excuse, x, bound):
                    return True
            return False

        def excused_after() -> bool:
            for x in self.candidates(excuse):
                if x.seq <= e.seq:
                    continue
                if not x.time < deadline:
                    break  # later events are later still
                if self.matches(excuse, x, bound):
                    return True
            return False

        side = rule.unless.side
        if side is Side.BEFORE:
            if not excused_before():
                yield self.match(index, rule, e.time, chain)
        elif side is Side.AFTER:
            if self.reached(deadline) and not excused_after():
                yield self.match(index, rule, deadline, chain, deadline=deadline)
        elif self.reached(deadline) and not excused_before() and not excused_after():
            yield self.match(index, rule, deadline, chain, deadline=deadline)

    def expect(self, index: int, rule: Rule, when: _Pattern, e: _Item) -> Iterator[Match]:
        """``e`` when no expected event follows it before the deadline ``D``; a
        reminder at ``Rt`` when none follows it before ``Rt``."""
        assert rule.expect is not None
        expected = _Pattern.of(rule.expect, rule)
        bound = {when.alias: e.event}
        chain = [(when.alias, e)]
        deadline = self.after(rule.expect.within, e.time)

        def fulfilled_before(limit: datetime) -> bool:
            for x in self.candidates(expected):
                if x.seq <= e.seq:
                    continue
                if not x.time < limit:
                    break  # an expected event at the limit itself is late
                if self.matches(expected, x, bound):
                    return True
            return False

        if self.reached(deadline) and not fulfilled_before(deadline):
            yield self.match(index, rule, deadline, chain, deadline=deadline)
        if rule.remind_before is not None:
            remind_at = rule.remind_before.before(deadline, self.calendar)
            if remind_at > e.time and self.reached(remind_at) and not fulfilled_before(remind_at):
                yield self.match(
                    index, rule, remind_at, chain, kind=MatchKind.REMINDER, deadline=deadline
                )

    def sequence(self, index: int, rule: Rule) -> Iterator[Match]:
        """Every chain of events, one per step in increasing positions, each step's
        condition true, the last within ``within`` of the first."""
        assert rule.sequence is not None
        steps = [_Pattern.of(step, rule) for step in rule.sequence.steps]
        within = rule.sequence.within

        def chains(chain: list[_Item]) -> Iterator[list[_Item]]:
            if len(chain) == len(steps):
                yield chain
                return
            step = steps[len(chain)]
            bound = {s.alias: item.event for s, item in zip(steps, chain, strict=False)}
            for x in self.candidates(step):
                if chain and x.seq <= chain[-1].seq:
                    continue
                # the last step's time bounds every step's: times grow with position
                if chain and not x.time < self.after(within, chain[0].time):
                    break
                if self.matches(step, x, bound):
                    yield from chains([*chain, x])

        for found in chains([]):
            pairs = [(s.alias, item) for s, item in zip(steps, found, strict=True)]
            yield self.match(index, rule, found[-1].time, pairs)

    def aggregate(self, index: int, rule: Rule, kind: str, window: Window) -> Iterator[Match]:
        """A match at each event whose group's window crosses the limit with it and
        does not without it."""
        pattern = _Pattern.of(window, rule)
        limit = self.limit(window)
        group_by = [expr.parse(key) for key in window.group_by]
        field = expr.parse(window.field) if window.field is not None else None

        def crossed(value: int | Decimal) -> bool:
            return value > limit if window.over is not None else value >= limit

        members: list[tuple[_Item, tuple[Any, ...], Any]] = []
        """The rule's events so far (type and condition), with their group and field value."""
        for e in self.candidates(pattern):
            if not self.matches(pattern, e, {}):
                continue
            bound = {pattern.alias: e.event}
            group = tuple(expr.evaluate(key, bound, self.params) for key in group_by)
            value = expr.evaluate(field, bound, self.params) if field is not None else None
            members.append((e, group, value))
            in_window: list[tuple[_Item, Any]] = []
            for x, x_group, x_value in reversed(members):
                if not e.time < self.after(window.within, x.time):
                    break  # older events' windows ended sooner still
                if x_group == group:
                    in_window.append((x, x_value))
            in_window.reverse()  # stream order; e is the last
            with_e = _aggregate(kind, [v for _, v in in_window])
            without_e = _aggregate(kind, [v for _, v in in_window[:-1]])
            if crossed(with_e) and not crossed(without_e):
                yield self.match(
                    index,
                    rule,
                    e.time,
                    [(pattern.alias, x) for x, _ in in_window],
                    actual=with_e,
                    threshold=limit,
                    group=group,
                )

    def limit(self, window: Window) -> int | Decimal:
        """``over`` or ``at_least``: a number, or an expression over the parameters."""
        written = window.over if window.over is not None else window.at_least
        value = (
            expr.evaluate(expr.parse(written), {}, self.params)
            if isinstance(written, str)
            else written
        )
        if not _is_number(value):
            raise RulesetError(f"{self.ruleset}: expected the limit to be a number, got {value!r}")
        return _exact(value)


def _aggregate(kind: str, values: list[Any]) -> int | Decimal:
    """The aggregate of a window's field values (one per event): the number of events
    (``count``), the exact total of the values that are numbers (``sum``), or the number
    of different values that are not None (``distinct``)."""
    if kind == "count":
        return len(values)
    if kind == "sum":
        return sum((Decimal(_exact(v)) for v in values if _is_number(v)), Decimal(0))
    return len({_hashable(v) for v in values if v is not None})
