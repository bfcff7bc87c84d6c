"""The engine: event-time clock, reorder buffer, dispatch, durable_rules, deadlines,
expiry, windows, warnings.

Data flow for one event (docs/engine.md, "Architecture"):

1. **Order.** Events enter a reorder buffer; the *watermark* is the latest event
   time seen minus ``allowed_lateness``. Events older than the watermark are taken
   out in (time, arrival) order and given their stream position ``seq``; an event
   that arrives older than the watermark already passed is late: quarantined with
   the reason, never silently dropped.
2. **Deadlines first.** Every pending deadline (``expect``, ``unless after``,
   reminders) at or before the event's time is fired before the event: a tick fact
   at that instant goes to each rule that has one due.
3. **Dispatch.** Only the patterns of the event's type see it; each pattern's local
   condition (a compiled closure, graph predicates as of the event's time) decides
   whether it goes on. An event no pattern wants costs one dict lookup.
4. **Match.** Events that pass go into their rule's batch as facts; aggregates update
   their windows in Python instead. Batches go to durable_rules together; the
   actions they cause are drained synchronously and turned into `Match`es;
   facts only needed for their batch are retracted; stored facts are retracted
   when their window ends; pending deadlines when met or due.
5. **Emit.** Matches wait until the watermark passes their time, then come out in
   `Match.sort_key` order, become warnings (`WarningBuilder`) and pass suppression.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from riskwarn.calendar import ChineseWorkCalendar, WorkCalendar
from riskwarn.compiler import (
    CompiledRule,
    CompiledRuleset,
    PatternPlan,
    Shape,
    compile_ruleset,
    event_types,
    micros,
)
from riskwarn.engine.durable import DurableRules, Fired
from riskwarn.engine.match import Match, MatchKind
from riskwarn.engine.predicates import bind_predicates
from riskwarn.engine.warnings import Suppressor, WarningBuilder
from riskwarn.engine.windows import Windows
from riskwarn.errors import EngineError, EventError, Location, Problem, RulesetError, did_you_mean
from riskwarn.events import Event, EventTypes, Quarantine, Rejected
from riskwarn.graph import OrgGraph
from riskwarn.model.organization import Organization
from riskwarn.model.warning import RiskWarning
from riskwarn.rules.check import check_ruleset
from riskwarn.rules.duration import Duration
from riskwarn.rules.model import Ruleset

__all__ = ["DEFAULT_BATCH", "Diagnostic", "Engine", "Sink"]

Sink = Callable[[RiskWarning], object]
"""Anything called with each warning as it is emitted (a list's ``append``, a writer)."""

DEFAULT_BATCH = 2000
"""Events `Engine.process` takes in before handing batches to durable_rules."""


@dataclass
class _Pending:
    """A ``when`` event waiting for its deadline (``expect``, ``unless after/either``)."""

    fact: dict[str, Any]
    seq: int
    event: Event
    deadline: datetime
    reminder: dict[str, Any] | None = None
    remind_at: datetime | None = None


@dataclass
class _Rule:
    """One compiled rule's state in the engine."""

    compiled: CompiledRule
    builder: WarningBuilder
    order: tuple[int, int]
    index: int
    """Position in the engine's rule list."""
    durable: DurableRules | None = None
    windows: Windows | None = None
    batch: list[dict[str, Any]] = field(default_factory=list)
    transient: list[dict[str, Any]] = field(default_factory=list)
    events: dict[int, Event] = field(default_factory=dict)
    """Events of this rule's live facts, by stream position."""
    refs: Counter[int] = field(default_factory=Counter)
    stored: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    """Stored facts by id, with their event's position."""
    pending: dict[str, _Pending] = field(default_factory=dict)
    due: Counter[int] = field(default_factory=Counter)
    """Live deadlines and reminder times, so a tick goes only where one is due."""
    judged: Counter[str] = field(default_factory=Counter)
    """Per alias with required fields: the events that met its condition."""
    absent: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Per ``(alias, field)`` required: the events of ``judged`` that lacked it."""


@dataclass(frozen=True)
class Diagnostic:
    """A field a rule ``requires`` was absent on events its pattern matched: those events
    were not evaluated. With every one absent, the rule cannot be evaluated at all."""

    ruleset: str
    rule: str
    field: str
    """The required field: ``alias.field``."""
    absent: int
    total: int
    """The events that met the pattern's condition; ``absent`` of them lacked the field."""

    @property
    def evaluable(self) -> bool:
        """Whether some event had the field (the rule was evaluated on those)."""
        return self.absent < self.total

    @property
    def message(self) -> str:
        counts = f"{self.field} is absent in {self.absent:,} of {self.total:,} events"
        if self.evaluable:
            return f"{counts}, which it did not evaluate"
        return f"cannot be evaluated: {counts}"

    def __str__(self) -> str:
        return f"{self.ruleset}: rule '{self.rule}': {self.message}"


class Engine:
    """Evaluates rulesets over events in event time (docs/engine.md).

    ``org`` is an `Organization` or an `OrgGraph` (graph predicates, subjects,
    recipients); ``params`` overrides parameters per ruleset id; ``calendar`` counts
    working days (`ChineseWorkCalendar` by default); ``types`` are the event types
    besides those the rulesets declare (the built-ins by default).
    ``allowed_lateness`` is how far out of order events may arrive; a later one goes
    to ``quarantine`` (without a quarantine, it raises `EventError`). ``sinks`` are
    called with each warning as it is emitted.

    Raises:
        RulesetError: a ruleset that does not check or compile, two rulesets with
            one id, or params for an unknown ruleset (every problem listed).
    """

    def __init__(
        self,
        org: Organization | OrgGraph | None,
        rulesets: Sequence[Ruleset],
        *,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        calendar: WorkCalendar | None = None,
        types: EventTypes | None = None,
        allowed_lateness: timedelta = timedelta(0),
        quarantine: Quarantine | None = None,
        sinks: Sequence[Sink] = (),
        batch_size: int = DEFAULT_BATCH,
    ):
        if allowed_lateness < timedelta(0):
            raise EngineError(f"allowed_lateness must not be negative, got {allowed_lateness}")
        if batch_size < 1:
            raise EngineError(f"batch_size must be at least 1, got {batch_size}")
        self.graph = OrgGraph(org) if isinstance(org, Organization) else org
        self.calendar: WorkCalendar = calendar if calendar is not None else ChineseWorkCalendar()
        base = types if types is not None else EventTypes.default()
        _check_all(rulesets, base, params)
        self.types = event_types(rulesets, base)
        self.rulesets: tuple[CompiledRuleset, ...] = _compile_all(rulesets, self.types, params)
        self.allowed_lateness = allowed_lateness
        self.quarantine = quarantine
        self.sinks = tuple(sinks)
        self.batch_size = batch_size
        self._rules: list[_Rule] = []
        self._analyzers: list[tuple[CompiledRule, WarningBuilder]] = []
        self._dispatch: dict[str, list[tuple[_Rule, PatternPlan]]] = {}
        for rs_index, compiled in enumerate(self.rulesets):
            builder = WarningBuilder(self.graph, compiled)
            for rule in compiled.rules:
                if rule.shape is Shape.ANALYZER:
                    self._analyzers.append((rule, builder))
                    continue
                state = _Rule(rule, builder, (rs_index, rule.index), len(self._rules))
                if rule.window is not None:
                    within = rule.window.within
                    state.windows = Windows(rule.window, self._after(within))
                else:
                    state.durable = DurableRules.acquire(rule.id, rule.definition)
                self._rules.append(state)
                for plan in rule.patterns:
                    self._dispatch.setdefault(plan.type, []).append((state, plan))
        self._by_order = {r.order: r for r in self._rules}
        self._suppressor = Suppressor(lambda rule, t: self._until(rule.rule.suppress.for_, t))  # type: ignore[union-attr]
        self._buffer: list[tuple[int, int, Event]] = []  # (µs, arrival, event)
        self._arrivals = itertools.count(1)
        self._seq = 0
        self._max_seen: datetime | None = None
        self._low: datetime | None = None
        """Events before this are late (the last watermark)."""
        self._closed: datetime | None = None
        """Events at or before this are late (`advance_to`, `finish`)."""
        self._clock: datetime | None = None
        """The time of the last event processed, or the last deadline fired."""
        self._deadlines: list[tuple[int, int, int, datetime]] = []
        """``(µs, tiebreak, rule index, instant)``: integer keys compare fast."""
        self._tiebreak = itertools.count()
        self._expiry: list[tuple[int, int, int, str]] = []  # (µs, tiebreak, rule index, fact id)
        self._out: list[Match] = []
        self._batched = 0
        self._finished = False
        self.late = 0
        """How many events were late."""

    # -- the public clock ----------------------------------------------------------------

    def process(
        self, events: Iterable[Event], until: datetime | date | None = None
    ) -> Iterator[RiskWarning]:
        """Every warning of ``events`` (then `finish` at ``until``), as they become
        final. Events need not be sorted beyond ``allowed_lateness``."""
        count = 0
        for event in events:
            if self._accept(event):
                count += 1
                if count % self.batch_size == 0:
                    yield from self._advance(self._watermark(), inclusive=False)
        yield from self.finish(until)

    def feed(self, event: Event) -> list[RiskWarning]:
        """Take one event (live use); return the warnings that became final."""
        if not self._accept(event):
            return []
        return list(self._advance(self._watermark(), inclusive=False))

    def advance_to(self, time: datetime | date) -> list[RiskWarning]:
        """Promise that no event at or before ``time`` will come: fire the deadlines up
        to it and return every warning up to it. A later event at or before ``time``
        is late."""
        bound = self._instant(time)
        self._check_open()
        if self._closed is None or bound > self._closed:
            self._closed = bound
        return list(self._advance(bound, inclusive=True))

    def finish(self, until: datetime | date | None = None) -> list[RiskWarning]:
        """End of input: process every buffered event, fire deadlines up to the last
        event's time and up to ``until`` when that is later, run the structural
        (``analyzer``) rules as of that time, and return the remaining warnings,
        including suppression summaries. The engine takes no events afterwards."""
        self._check_open()
        bound = self._instant(until) if until is not None else None
        out = list(self._advance(None, inclusive=True, final=True))
        if bound is not None and (self._clock is None or bound > self._clock):
            out.extend(self._advance(bound, inclusive=True, final=True))
        end = self._clock if bound is None or (self._clock and self._clock > bound) else bound
        if end is not None:
            out.extend(self._emit(self._structural(end)))
        out.extend(self._emit(self._suppressor.due(None)))
        self.close()
        return out

    def close(self) -> None:
        """Release the engine's durable_rules rulesets for reuse
        (`DurableRules.release`); `finish` does it. The engine takes no events afterwards."""
        if self._finished:
            return
        self._finished = True
        for state in self._rules:
            durable = state.durable
            if durable is None:
                continue
            state.durable = None
            held = [fact for fact, _ in state.stored.values()]
            for pending in state.pending.values():
                held.append(pending.fact)
                if pending.reminder is not None:
                    held.append(pending.reminder)
            durable.release(held)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def horizon(self) -> timedelta:
        """How far back in event time any rule can still use an event: the longest
        window, deadline or suppression period (working days counted generously,
        holidays included). To swap a ruleset for a new version, start a new Engine
        and replay the events from ``cutover - horizon`` (docs/engine.md)."""
        spans = [timedelta(0)]
        for compiled in self.rulesets:
            for rule in compiled.rules:
                durations = [rule.within, rule.window.within if rule.window else None]
                if rule.rule.suppress is not None:
                    durations.append(rule.rule.suppress.for_)
                spans.extend(_span(d) for d in durations if d is not None)
        return max(spans)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """For each field a rule ``requires`` that was absent on some event its pattern
        matched, how many lacked it: those events were not evaluated by the rule (rule
        order, then the order of ``requires``). Counts grow as events are processed."""
        out: list[Diagnostic] = []
        for state in self._rules:
            compiled = state.compiled
            for text in compiled.rule.requires:
                alias, _, name = (part.strip() for part in text.partition("."))
                absent = state.absent[alias, name]
                if absent:
                    ruleset = self.rulesets[state.order[0]].ruleset.ruleset
                    out.append(
                        Diagnostic(
                            ruleset, compiled.id, f"{alias}.{name}", absent, state.judged[alias]
                        )
                    )
        return out

    @property
    def state_size(self) -> dict[str, int]:
        """What the engine holds: buffered events, facts stored in durable_rules,
        pending deadlines, events in aggregate windows, matches not yet emitted."""
        return {
            "buffered": len(self._buffer),
            "stored_facts": sum(len(r.stored) + len(r.pending) for r in self._rules),
            "pending_deadlines": sum(len(r.pending) for r in self._rules),
            "window_events": sum(len(r.windows) for r in self._rules if r.windows),
            "unreleased": len(self._out),
        }

    # -- ordering --------------------------------------------------------------------

    def _accept(self, event: Event) -> bool:
        self._check_open()
        if not isinstance(event, Event):
            raise EventError(f"expected an Event, got {type(event).__name__}")
        arrival = next(self._arrivals)
        t = event.time
        low = self._max_seen - self.allowed_lateness if self._max_seen is not None else None
        if self._low is not None and (low is None or self._low > low):
            low = self._low
        late = (low is not None and t < low) or (self._closed is not None and t <= self._closed)
        if late:
            self.late += 1
            if self._closed is not None and t <= self._closed:
                reason = (
                    f"late: time {t.isoformat()} is not after {self._closed.isoformat()}, "
                    "up to which advance_to closed the stream"
                )
            else:
                assert low is not None
                reason = (
                    f"late: time {t.isoformat()} is before {low.isoformat()}, which the "
                    f"engine has already passed (allowed lateness {self.allowed_lateness})"
                )
            problem = Problem(Location("<engine>", arrival, path=f"event '{event.id}'"), reason)
            if self.quarantine is None:
                raise EventError([problem])
            self.quarantine.add(
                Rejected("<engine>", arrival, (problem,), event.model_dump(mode="json"))
            )
            return False
        heapq.heappush(self._buffer, (micros(t), arrival, event))
        if self._max_seen is None or t > self._max_seen:
            self._max_seen = t
        return True

    def _watermark(self) -> datetime:
        assert self._max_seen is not None
        return self._max_seen - self.allowed_lateness

    def _advance(
        self, bound: datetime | None, *, inclusive: bool, final: bool = False
    ) -> Iterator[RiskWarning]:
        """Process buffered events before ``bound`` (at it too when ``inclusive``;
        all of them when None), fire deadlines up to it, and emit what is final."""
        buffer = self._buffer
        limit = micros(bound) if bound is not None else 0
        while buffer and (
            bound is None or buffer[0][0] < limit or (inclusive and buffer[0][0] == limit)
        ):
            _, _, event = heapq.heappop(buffer)
            self._seq += 1
            self._process(self._seq, event)
        deadline_bound = bound if bound is not None else self._clock
        if deadline_bound is not None:
            self._fire_deadlines(deadline_bound)
        self._flush()
        if bound is not None and (self._low is None or bound > self._low):
            self._low = bound
        release = bound if not final or bound is not None else None
        return self._release(release, inclusive=inclusive)

    def _check_open(self) -> None:
        if self._finished:
            raise EngineError("the engine has finished; start a new Engine for more events")

    def _instant(self, t: datetime | date) -> datetime:
        if isinstance(t, datetime):
            if t.tzinfo is None or t.utcoffset() is None:
                raise EngineError(f"until: a time needs a time zone, got {t.isoformat()}")
            return t
        # a day: through its end in the calendar's zone
        return datetime(t.year, t.month, t.day, tzinfo=self.calendar.tz) + timedelta(days=1)

    # -- one event -------------------------------------------------------------------

    def _process(self, seq: int, event: Event) -> None:
        t = event.time
        if self._deadlines and self._deadlines[0][0] <= micros(t):
            self._fire_deadlines(t)
        self._clock = t
        wanted = self._dispatch.get(event.type)
        if not wanted:
            return
        preds: Mapping[str, Callable[..., Any]] | None = None
        for state, plan in wanted:
            if plan.uses_predicates and preds is None:
                preds = bind_predicates(self.graph, t, self.calendar)
            if not plan.matcher(event, preds or _NO_PREDICATES):
                continue
            if plan.requires and not self._judge(state, plan, event):
                continue
            if plan.required and any(getattr(event, f, None) is None for f in plan.required):
                continue  # a missing value never meets an ordering join
            if state.windows is not None:
                crossing = state.windows.add(seq, event)
                if crossing is not None:
                    window = state.compiled.window
                    assert window is not None
                    self._out.append(
                        Match(
                            ruleset=self.rulesets[state.order[0]].ruleset.ruleset,
                            rule=state.compiled.id,
                            kind=MatchKind.WARNING,
                            time=t,
                            events=tuple(e for _, e in crossing.events),
                            aliases=(plan.alias,) * len(crossing.events),
                            order=state.order,
                            seqs=tuple(s for s, _ in crossing.events),
                            actual=crossing.actual,
                            threshold=window.threshold,
                            group=crossing.group,
                        )
                    )
                continue
            self._add_fact(state, plan, seq, event)
        if self._batched >= self.batch_size:
            self._flush()

    @staticmethod
    def _judge(state: _Rule, plan: PatternPlan, event: Event) -> bool:
        """Whether ``event`` has every field the rule requires of ``plan``'s event (not
        ``None``, not an empty list); counted either way for `diagnostics`."""
        state.judged[plan.alias] += 1
        complete = True
        for name in plan.requires:
            if getattr(event, name, None) in (None, ()):
                state.absent[plan.alias, name] += 1
                complete = False
        return complete

    def _add_fact(self, state: _Rule, plan: PatternPlan, seq: int, event: Event) -> None:
        assert state.durable is not None
        t = event.time
        fact = plan.fact(event, state.durable.new_id(), seq, micros(t))
        until = None
        if plan.until is not None:
            until = self._until(plan.until, t)
            fact["_until"] = micros(until)
        state.events[seq] = event
        state.refs[seq] += 1
        state.batch.append(fact)
        self._batched += 1
        if not plan.stored:
            state.transient.append(fact)
            return
        assert until is not None
        if plan.tag == "w":  # a pending deadline
            pending = _Pending(fact, seq, event, until)
            remind = state.compiled.remind_before
            if remind is not None:
                at = self._before(remind, until)
                if at > t:
                    pending.reminder = {
                        "sid": "0",
                        "id": state.durable.new_id(),
                        "_k": 1,
                        "_a": "r",
                        "_seq": seq,
                        "t": micros(t),
                        "_until": micros(at),
                        "ref": fact["id"],
                    }
                    pending.remind_at = at
                    state.batch.append(pending.reminder)
                    self._deadline(state, at)
            state.pending[fact["id"]] = pending
            self._deadline(state, until)
        else:
            state.stored[fact["id"]] = (fact, seq)
            heapq.heappush(
                self._expiry, (fact["_until"], next(self._tiebreak), state.index, fact["id"])
            )

    def _deadline(self, state: _Rule, at: datetime) -> None:
        us = micros(at)
        state.due[us] += 1
        heapq.heappush(self._deadlines, (us, next(self._tiebreak), state.index, at))

    # -- durable_rules -----------------------------------------------------------------

    def _flush(self) -> None:
        """Hand every batch to durable_rules, turn the actions into matches, retract
        the facts only the batch needed."""
        for state in self._rules:
            if not state.batch:
                continue
            assert state.durable is not None
            batch, state.batch = state.batch, []
            self._handle(state, state.durable.assert_facts(batch))
            transient, state.transient = state.transient, []
            state.durable.retract_facts(transient)
            for fact in transient:
                self._unref(state, fact["_seq"])
        self._batched = 0
        if self._clock is not None:
            self._expire(self._clock)

    def _fire_deadlines(self, upto: datetime) -> None:
        """Tick every rule with a deadline at or before ``upto``, in time order."""
        heap = self._deadlines
        limit = micros(upto)
        while heap and heap[0][0] <= limit:
            us, _, index, at = heap[0]
            if not self._rules[index].due.get(us):  # met already: no tick, no flush
                heapq.heappop(heap)
                continue
            self._flush()
            rules: list[int] = []
            while heap and heap[0][0] == us:
                index = heapq.heappop(heap)[2]
                if index not in rules:
                    rules.append(index)
            for index in sorted(rules):
                state = self._rules[index]
                if not state.due.get(us):
                    continue
                assert state.durable is not None
                tick = {
                    "sid": "0",
                    "id": state.durable.new_id(),
                    "_k": 1,
                    "_a": "tick",
                    "t": us,
                }
                self._handle(state, state.durable.assert_facts([tick]))
                state.durable.retract_facts([tick])
            if self._clock is None or at > self._clock:
                self._clock = at

    def _handle(self, state: _Rule, fired: list[Fired]) -> None:
        settled: list[str] = []
        retract: list[dict[str, Any]] = []
        for name, matched in fired:
            if name == "hit":
                self._hit(state, matched)
            elif name == "due":
                wid = matched["w"]["id"]
                pending = state.pending.get(wid)
                if pending is not None and wid not in settled:
                    self._out.append(
                        self._match(
                            state,
                            (pending.seq,),
                            MatchKind.WARNING,
                            pending.deadline,
                            pending.deadline,
                        )
                    )
                    settled.append(wid)
            elif name == "remind":
                ref = matched["r"]["ref"]
                pending = state.pending.get(ref)
                if pending is not None and pending.reminder is not None:
                    assert pending.remind_at is not None
                    self._out.append(
                        self._match(
                            state,
                            (pending.seq,),
                            MatchKind.REMINDER,
                            pending.remind_at,
                            pending.deadline,
                        )
                    )
                    self._drop_reminder(state, pending, retract)
            else:  # excused / fulfilled / excused_before: the pending deadline is met
                wid = matched["w"]["id"]
                if wid in state.pending and wid not in settled:
                    settled.append(wid)
        for wid in settled:
            self._settle(state, wid, retract)
        if retract:
            assert state.durable is not None
            state.durable.retract_facts(retract)

    def _hit(self, state: _Rule, matched: Mapping[str, Mapping[str, Any]]) -> None:
        compiled = state.compiled
        if compiled.shape is Shape.SEQUENCE:
            seqs = tuple(matched[p.tag]["_seq"] for p in compiled.patterns)
            time = state.events[seqs[-1]].time
        else:
            seqs = (matched["w"]["_seq"],)
            time = state.events[seqs[0]].time
        self._out.append(self._match(state, seqs, MatchKind.WARNING, time, None))

    def _match(
        self,
        state: _Rule,
        seqs: tuple[int, ...],
        kind: MatchKind,
        time: datetime,
        deadline: datetime | None,
    ) -> Match:
        compiled = state.compiled
        aliases = tuple(p.alias for p in compiled.patterns[: len(seqs)])
        return Match(
            ruleset=self.rulesets[state.order[0]].ruleset.ruleset,
            rule=compiled.id,
            kind=kind,
            time=time,
            events=tuple(state.events[s] for s in seqs),
            aliases=aliases,
            order=state.order,
            seqs=seqs,
            deadline=deadline,
        )

    def _settle(self, state: _Rule, wid: str, retract: list[dict[str, Any]]) -> None:
        """A pending deadline is met or due: its facts go into ``retract``."""
        pending = state.pending.pop(wid)
        retract.append(pending.fact)
        self._undue(state, pending.fact["_until"])
        self._drop_reminder(state, pending, retract)
        self._unref(state, pending.seq)

    def _drop_reminder(
        self, state: _Rule, pending: _Pending, retract: list[dict[str, Any]]
    ) -> None:
        if pending.reminder is None:
            return
        retract.append(pending.reminder)
        self._undue(state, pending.reminder["_until"])
        pending.reminder = None

    @staticmethod
    def _undue(state: _Rule, us: int) -> None:
        state.due[us] -= 1
        if state.due[us] <= 0:
            del state.due[us]

    @staticmethod
    def _unref(state: _Rule, seq: int) -> None:
        state.refs[seq] -= 1
        if state.refs[seq] <= 0:
            del state.refs[seq]
            state.events.pop(seq, None)

    def _expire(self, now: datetime) -> None:
        """Retract stored facts whose window ended at or before ``now``; drop
        aggregate windows' old events."""
        heap = self._expiry
        doomed: dict[int, list[dict[str, Any]]] = {}
        limit = micros(now)
        while heap and heap[0][0] <= limit:
            _, _, index, fid = heapq.heappop(heap)
            state = self._rules[index]
            item = state.stored.pop(fid, None)
            if item is not None:
                doomed.setdefault(index, []).append(item[0])
                self._unref(state, item[1])
        for index, facts in doomed.items():
            durable = self._rules[index].durable
            assert durable is not None
            durable.retract_facts(facts)
        for state in self._rules:
            if state.windows is not None:
                state.windows.expire(now)

    # -- emission ------------------------------------------------------------------

    def _release(self, bound: datetime | None, *, inclusive: bool) -> Iterator[RiskWarning]:
        """Emit the matches up to ``bound``, then the suppression summaries whose
        period ended by then (no match that could join them can come any more)."""
        if bound is None:
            ready, self._out = self._out, []
        else:
            ready = [m for m in self._out if m.time < bound or (inclusive and m.time == bound)]
            if ready:
                self._out = [
                    m for m in self._out if not (m.time < bound or (inclusive and m.time == bound))
                ]
        ready.sort(key=lambda m: m.sort_key)
        out = self._emit_matches(ready)
        if bound is not None:
            out.extend(self._emit(self._suppressor.due(bound)))
        return iter(out)

    def _emit_matches(self, matches: list[Match]) -> list[RiskWarning]:
        out: list[RiskWarning] = []
        for match in matches:
            out.extend(self._emit(self._suppressor.due(match.time)))
            state = self._state_of(match)
            warning = state.builder.build(state.compiled, match)
            kept = self._suppressor.offer(state.compiled, match, warning)
            if kept is not None:
                out.extend(self._emit([kept]))
        return out

    def _state_of(self, match: Match) -> _Rule:
        return self._by_order[match.order]

    def _emit(self, warnings: Iterable[RiskWarning]) -> list[RiskWarning]:
        out = list(warnings)
        for warning in out:
            for sink in self.sinks:
                sink(warning)
        return out

    def _structural(self, at: datetime) -> list[RiskWarning]:
        if not self._analyzers:
            return []
        if self.graph is None:
            raise EngineError("analyzer rules need an organization")
        from riskwarn.structural import scan

        out: list[RiskWarning] = []
        for rule, builder in self._analyzers:
            ref = rule.rule.analyzer
            assert ref is not None
            compiled = builder.compiled
            params = ref.resolved(dict(compiled.params))
            for w in scan(self.graph, at, {ref.id: params}, only=ref.id):
                from riskwarn.model.warning import warning_id

                # an analyzer grades its findings; the rule's level caps them
                level = min(w.level, rule.rule.level, key=lambda lv: lv.rank)
                out.append(
                    w.model_copy(
                        update={
                            "id": warning_id(
                                compiled.ruleset.ruleset, rule.id, level, w.subject, w.id
                            ),
                            "rule": rule.id,
                            "ruleset": compiled.ruleset.ruleset,
                            "ruleset_version": compiled.ruleset.version,
                            "level": level,
                            "category": rule.rule.category,
                            "title": rule.rule.title,
                            "title_en": rule.rule.title_en,
                            "basis": rule.rule.basis,
                        }
                    )
                )
        return out

    # -- time ----------------------------------------------------------------------

    def _until(self, duration: Duration, t: datetime) -> datetime:
        return duration.after(t, self.calendar)

    def _before(self, duration: Duration, t: datetime) -> datetime:
        return duration.before(t, self.calendar)

    def _after(self, duration: Duration) -> Callable[[datetime], datetime]:
        return lambda t: duration.after(t, self.calendar)


_NO_PREDICATES: Mapping[str, Callable[..., Any]] = {}


def _span(duration: Duration) -> timedelta:
    """The longest calendar time a duration can cover: exact units as they are; n
    working days as n/5 weeks plus one, plus ten days of holidays."""
    if duration.is_calendar_free:
        return duration.as_timedelta()
    return timedelta(days=(duration.count // 5 + 1) * 7 + 10)


def _check_all(
    rulesets: Sequence[Ruleset],
    types: EventTypes,
    params: Mapping[str, Mapping[str, Any]] | None,
) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for rs in rulesets:
        if not isinstance(rs, Ruleset):
            raise RulesetError(
                f"expected a Ruleset (riskwarn.load_ruleset), got {type(rs).__name__}"
            )
        if rs.ruleset in seen:
            problems.append(
                Problem(Location(path="rulesets"), f"ruleset '{rs.ruleset}' is given twice")
            )
        seen.add(rs.ruleset)
        problems.extend(
            Problem(
                Location(rule=p.location.rule, path=f"{rs.ruleset}: {p.location.path}"), p.message
            )
            if p.location.path
            else p
            for p in check_ruleset(rs, types)
        )
    for name in params or {}:
        if name not in seen:
            problems.append(
                Problem(
                    Location(path=f"params.{name}"),
                    f"no ruleset '{name}' to set parameters of{did_you_mean(name, seen)}",
                )
            )
    if problems:
        raise RulesetError(problems)


def _compile_all(
    rulesets: Sequence[Ruleset],
    types: EventTypes,
    params: Mapping[str, Mapping[str, Any]] | None,
) -> tuple[CompiledRuleset, ...]:
    problems: list[Problem] = []
    compiled = []
    for rs in rulesets:
        try:
            compiled.append(compile_ruleset(rs, types, (params or {}).get(rs.ruleset)))
        except RulesetError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RulesetError(problems)
    return tuple(compiled)
