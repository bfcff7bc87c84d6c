"""Benchmark: the rules engine over synthetic event streams, next to raw
durable_rules, the reference evaluator and a hand-written evaluation of the same
rules (the floor).

Every measurement is a fresh process (``--worker``): its peak RSS (``ru_maxrss``)
belongs to one contender at one size, and a crash or a timeout is a failed
measurement, not a dead benchmark. Each process builds the synthetic organization
(benchmarks/synth.py) and its `OrgGraph`, loads ``engine_rules.yaml``, then times
one pass over ``events_synth.events(size, org, seed)``: every contender regenerates
the same stream from the seed, so its time includes generating the events, which
the ``generate`` row measures alone. Contenders:

- ``engine``: `riskwarn.Engine` (``process`` with its default batch), consuming the
  warnings it yields.
- ``raw``: the same compiled durable_rules definitions (`compile_ruleset`), each in
  a `DurableRules`, fed every event of every type a rule's pattern uses, unfiltered
  (no Python conditions: durable_rules only has the joins), one
  ``assert_facts`` call per fact, the fact retracted right after when the pattern
  is transient, stored facts retracted one by one when their window ends, ticks
  asserted one at a time at each due deadline. Aggregates are not durable work
  and are left out. Its match counts are not comparable (no local conditions).
- ``reference``: `riskwarn.engine.reference.evaluate` (the oracle: keeps every event).
- ``floor``: `Floor`, the rules of engine_rules.yaml translated by hand into
  plain Python (dicts keyed by join fields, deques for windows, a heap of
  deadlines), using the same graph predicates.

::

    .venv/bin/python benchmarks/bench_engine.py --sizes 100000 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from riskwarn.events import (
    AttendanceStatus,
    DecisionCategory,
    DecisionMode,
    PetitionAction,
    PetitionKind,
    PurchaseMethod,
    SelectionStep,
    ServiceOutcome,
)

HERE = Path(__file__).resolve().parent
RULES = HERE / "engine_rules.yaml"
CONTENDERS = ("engine", "raw", "reference", "floor")
COMPARED = ("engine", "reference", "floor")
"""The contenders whose matches must agree."""


def peak_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- what a contender found ------------------------------------------------------------


class Tally:
    """Matches by rule and an order-free digest of ``(rule, kind, time, last event id)``."""

    def __init__(self) -> None:
        self.by_rule: Counter[str] = Counter()
        self.digest = 0

    def add(self, rule: str, kind: str, micros: int, last_id: str) -> None:
        self.by_rule[rule if kind == "warning" else f"{rule} ({kind})"] += 1
        text = f"{rule}|{kind}|{micros}|{last_id}".encode()
        h = int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
        self.digest = (self.digest + h) & 0xFFFFFFFFFFFFFFFF

    @property
    def total(self) -> int:
        return sum(self.by_rule.values())


# -- the floor: engine_rules.yaml by hand --------------------------------------------------

_H = 3_600_000_000
"""An hour in microseconds."""

ABSENT = AttendanceStatus.ABSENT_UNEXCUSED
LARGE_FUNDS, MAJOR_PROJECT = DecisionCategory.LARGE_FUNDS, DecisionCategory.MAJOR_PROJECT
INDIVIDUAL, COLLECTIVE = DecisionMode.INDIVIDUAL, DecisionMode.COLLECTIVE
EMERGENCY = DecisionMode.EMERGENCY
ACKNOWLEDGED, REPORT = PetitionAction.ACKNOWLEDGED, PetitionKind.REPORT
SINGLE_SOURCE, DIRECT = PurchaseMethod.SINGLE_SOURCE, PurchaseMethod.DIRECT
INQUIRY = PurchaseMethod.INQUIRY
MATTERS_CHECK, DECIDED = SelectionStep.PERSONAL_MATTERS_CHECK, SelectionStep.DECISION
NOTICE, REFUSED = SelectionStep.APPOINTMENT_NOTICE, ServiceOutcome.REFUSED


class _Window:
    """One aggregate rule: per group the events still in the window (ends in insertion
    order: every window here is an exact duration), with a running total or value
    counts."""

    __slots__ = ("add_match", "at_least", "groups", "kind", "limit", "order", "rule", "within")

    def __init__(
        self,
        rule: str,
        kind: str,
        within_h: float,
        limit: int,
        at_least: bool,
        add_match: Callable[[str, str, int, str], None],
    ):
        self.rule, self.kind, self.limit, self.at_least = rule, kind, limit, at_least
        self.within = int(within_h * _H)
        self.groups: dict[Any, list[Any]] = {}
        """group → [deque of values, total or Counter of values]"""
        self.order: deque[tuple[int, Any]] = deque()
        self.add_match = add_match

    def add(self, key: Any, value: Any, ts: int, eid: str) -> None:
        order, groups, kind = self.order, self.groups, self.kind
        while order and order[0][0] <= ts:  # every event whose window ended leaves
            _, old = order.popleft()
            g = groups[old]
            v = g[0].popleft()
            if kind == "sum":
                if v is not None:
                    g[1] -= v
            elif kind == "distinct" and v is not None:
                g[1][v] -= 1
                if not g[1][v]:
                    del g[1][v]
            if not g[0]:
                del groups[old]
        found = groups.get(key)
        if found is None:
            found = groups[key] = [deque(), Decimal(0) if kind == "sum" else Counter()]
        g = found
        items = g[0]
        if kind == "count":
            before = len(items)
            items.append(None)
            after = before + 1
        elif kind == "sum":
            before = g[1]
            items.append(value)
            if value is not None:
                g[1] += value
            after = g[1]
        else:
            before = len(g[1])
            items.append(value)
            if value is not None:
                g[1][value] += 1
            after = len(g[1])
        order.append((ts + self.within, key))
        limit = self.limit
        if self.at_least:
            crossed = after >= limit and not before >= limit
        else:
            crossed = after > limit and not before > limit
        if crossed:
            self.add_match(self.rule, "warning", ts, eid)


class Floor:
    """engine_rules.yaml in plain Python, rule by rule (same semantics as docs/engine.md:
    stream order, ``within`` as ``t' < W.after(t)``, deadlines fired before the events
    at or after them, the clock ending at the last event). Parameters come from the
    ruleset's defaults."""

    def __init__(self, params: dict[str, Any], graph: Any, calendar: Any, tally: Tally):
        from riskwarn.compiler import micros
        from riskwarn.engine.predicates import bind_predicates
        from riskwarn.rules.duration import Duration

        self.micros = micros
        self.bind = bind_predicates
        self.graph = graph
        self.calendar = calendar
        self.workday = Duration.parse("1 workday")
        self.m = add = tally.add
        p = params
        self.large_fund = p["large_fund"]
        self.single_source_limit = p["single_source_limit"]
        self.open_tender = p["open_tender"]
        self.split = _Window("split_purchase", "sum", 24, p["open_tender"], False, add)
        self.many_payees = _Window("many_payees", "distinct", 2, p["max_payees"], False, add)
        self.vendor_spread = _Window("vendor_spread", "distinct", 1, p["max_vendors"], False, add)
        self.absence = _Window("repeated_absence", "count", 72, p["absences"], True, add)
        self.receptions = _Window("frequent_receptions", "count", 24, p["receptions"], False, add)
        self.reception_cost = _Window(
            "reception_over_budget", "sum", 24, p["reception_budget"], False, add
        )
        self.petitions = _Window(
            "petitions_against_one_person", "count", 24, p["petitions"], True, add
        )
        self.deadlines: list[tuple[int, int, str, str, list[Any]]] = []
        self.n = 0
        # unless before: the end of the latest excuse's window, by join key
        self.decided: dict[str, int] = {}  # large_payment_without_decision: ref
        self.checked: dict[tuple[str, str], int] = {}  # promotion_without_matters_check
        self.minuted: dict[str, int] = {}  # decision_without_meeting (before side): meeting id
        # pending deadlines by join key: [alive, event id, key]
        self.emergencies: dict[str, list[list[Any]]] = {}
        self.unminuted: dict[Any, list[list[Any]]] = {}
        self.requests: dict[str, list[Any]] = {}
        self.named: dict[str, list[Any]] = {}
        # sequences: step ends by join key
        self.received: dict[str, int] = {}  # refused_at_first_contact: request id
        self.individual: dict[str, list[int]] = {}  # payment_on_individual_decision: ref
        self.reports: dict[Any, list[int]] = {}  # promoted_under_report step 1: subject
        self.promoted: dict[tuple[str, str], list[int]] = {}  # step 2: (candidate, position)
        self.expiry: list[tuple[int, int, str, Any, int]] = []
        self.day: date | None = None
        self.related: Callable[..., bool] = lambda a, b: False
        self.interest_in: Callable[..., bool] = lambda a, b: False
        self.is_principal: Callable[..., bool] = lambda a: False
        self._workdays: dict[date, int] = {}
        self.handlers: dict[str, Callable[[Any, int], None]] = {
            "payment": self.payment,
            "purchase": self.purchase,
            "reception": self.reception,
            "decision": self.decision,
            "meeting": self.meeting,
            "personal_report": self.personal_report,
            "appointment_step": self.appointment_step,
            "service_request": self.service_request,
            "service_completed": self.service_completed,
            "petition": self.petition,
            "petition_update": self.petition_update,
            "attendance": self.attendance,
        }

    def run(self, events: Iterable[Any]) -> None:
        handlers, micros, deadlines = self.handlers, self.micros, self.deadlines
        ts = None
        for count, e in enumerate(events, start=1):
            ts = micros(e.time)
            if deadlines and deadlines[0][0] <= ts:
                self.fire(ts)
            handler = handlers.get(e.type)
            if handler is not None:
                handler(e, ts)
            if count & 1023 == 0:
                self.expire(ts)
        if ts is not None:  # without until, the clock stops at the last event
            self.fire(ts)

    # -- time -----------------------------------------------------------------------------

    def predicates(self, t: datetime) -> None:
        day = t.date()  # the synthetic events are in +08:00, the organization's zone
        if day != self.day:
            preds = self.bind(self.graph, t)
            self.related = preds["related"]
            self.interest_in = preds["interest_in"]
            self.is_principal = preds["is_principal"]
            self.day = day

    def after_workday(self, t: datetime) -> int:
        """``1 workday`` after ``t``: 24:00 of the next working day after ``t``'s day."""
        day = t.date()
        end = self._workdays.get(day)
        if end is None:
            end = self._workdays[day] = self.micros(self.workday.after(t, self.calendar))
        return end

    def deadline(self, at: int, kind: str, rule: str, rec: list[Any]) -> None:
        self.n += 1
        heapq.heappush(self.deadlines, (at, self.n, kind, rule, rec))

    def fire(self, upto: int) -> None:
        deadlines, m = self.deadlines, self.m
        while deadlines and deadlines[0][0] <= upto:
            at, _, kind, rule, rec = heapq.heappop(deadlines)
            if not rec[0]:
                continue
            if kind == "reminder":
                m(rule, "reminder", at, rec[1])
                continue
            m(rule, "warning", at, rec[1])
            rec[0] = False
            if rule == "emergency_not_ratified":
                _drop(self.emergencies, rec)
            elif rule == "decision_without_meeting":
                _drop(self.unminuted, rec)
            elif rule == "service_overdue":
                self.requests.pop(rec[1], None)
            else:
                self.named.pop(rec[1], None)

    def stored(self, store: str, key: Any, end: int) -> None:
        self.n += 1
        heapq.heappush(self.expiry, (end, self.n, store, key, end))

    def expire(self, now: int) -> None:
        """Forget excuses and sequence steps whose window has ended (memory only: every
        lookup checks the end itself)."""
        heap = self.expiry
        while heap and heap[0][0] <= now:
            _, _, store, key, end = heapq.heappop(heap)
            table = getattr(self, store)
            value = table.get(key)
            if value is None:
                continue
            if isinstance(value, list):
                value.remove(end)
                if not value:
                    del table[key]
            elif value <= now:
                del table[key]

    # -- events ---------------------------------------------------------------------------

    def payment(self, e: Any, ts: int) -> None:
        m = self.m
        approver, initiator, amount = e.approver, e.initiator, e.amount
        self.predicates(e.time)
        if approver == initiator:
            m("self_approval", "warning", ts, e.id)
        if amount >= 1000 and self.related(approver, initiator):
            m("approver_related_to_initiator", "warning", ts, e.id)
        if self.interest_in(approver, e.payee):
            m("approver_interest_in_payee", "warning", ts, e.id)
        ref = e.decision_ref
        if amount >= self.large_fund:
            end = self.decided.get(ref)
            if end is None or ts >= end:
                m("large_payment_without_decision", "warning", ts, e.id)
        if ref is not None:
            for end in self.individual.get(ref, ()):
                if ts < end:
                    m("payment_on_individual_decision", "warning", ts, e.id)
        self.many_payees.add(approver, e.payee, ts, e.id)

    def purchase(self, e: Any, ts: int) -> None:
        method, amount = e.method, e.amount
        if method == SINGLE_SOURCE and amount >= self.single_source_limit:
            m = self.m
            m("large_single_source", "warning", ts, e.id)
        if method in (DIRECT, INQUIRY) and amount < self.open_tender:
            self.split.add((e.vendor, e.budget_item), amount, ts, e.id)
        self.vendor_spread.add(e.actor, e.vendor, ts, e.id)

    def reception(self, e: Any, ts: int) -> None:
        if not e.official_letter or e.hosts > e.guests:
            self.m("reception_irregular", "warning", ts, e.id)
        self.receptions.add(e.unit, None, ts, e.id)
        self.reception_cost.add(e.unit, e.cost, ts, e.id)

    def decision(self, e: Any, ts: int) -> None:
        mode, ref = e.mode, e.ref
        if mode == COLLECTIVE:  # collective
            end = ts + 72 * _H
            if self.decided.get(ref, 0) < end:
                self.decided[ref] = end
                self.stored("decided", ref, end)
            for rec in self.emergencies.pop(ref, ()):  # ratifies an emergency decision
                rec[0] = False
            key = e.meeting_ref
            minuted = self.minuted.get(key) if key is not None else None
            if minuted is None or ts >= minuted:  # no minuted meeting before: wait for one after
                rec = [True, e.id, key]
                self.unminuted.setdefault(key, []).append(rec)
                self.deadline(ts + 12 * _H, "warning", "decision_without_meeting", rec)
        elif mode == INDIVIDUAL:  # individual
            if e.category == LARGE_FUNDS or e.category == MAJOR_PROJECT:
                self.predicates(e.time)
                if self.is_principal(e.actor):
                    self.m("individual_major_decision", "warning", ts, e.id)
            end = ts + 48 * _H
            self.individual.setdefault(ref, []).append(end)
            self.stored("individual", ref, end)
        elif mode == EMERGENCY:  # emergency
            rec = [True, e.id, ref]
            self.emergencies.setdefault(ref, []).append(rec)
            self.deadline(self.after_workday(e.time), "warning", "emergency_not_ratified", rec)

    def meeting(self, e: Any, ts: int) -> None:
        if not e.minutes_recorded:
            return
        end = ts + 12 * _H
        self.minuted[e.id] = end
        self.stored("minuted", e.id, end)
        for rec in self.unminuted.pop(e.id, ()):
            rec[0] = False

    def personal_report(self, e: Any, ts: int) -> None:
        if e.concealment or e.mismatch:
            self.m("personal_report_false", "warning", ts, e.id)

    def appointment_step(self, e: Any, ts: int) -> None:
        step, key = e.step, (e.candidate, e.position)
        if step == MATTERS_CHECK:
            end = ts + 72 * _H
            self.checked[key] = end
            self.stored("checked", key, end)
        elif step == DECIDED and e.is_promotion:
            checked = self.checked.get(key)
            if checked is None or ts >= checked:
                self.m("promotion_without_matters_check", "warning", ts, e.id)
            for first_end in self.reports.get(e.candidate, ()):
                if ts < first_end:
                    self.promoted.setdefault(key, []).append(first_end)
                    self.stored("promoted", key, first_end)
        elif step == NOTICE:
            for first_end in self.promoted.get(key, ()):
                if ts < first_end:
                    self.m("promoted_under_report", "warning", ts, e.id)

    def service_request(self, e: Any, ts: int) -> None:
        rec = [True, e.id]
        self.requests[e.id] = rec
        deadline = self.after_workday(e.time)
        self.deadline(deadline, "warning", "service_overdue", rec)
        remind = deadline - 4 * _H
        if remind > ts:
            self.deadline(remind, "reminder", "service_overdue", rec)
        end = ts + _H
        self.received[e.id] = end
        self.stored("received", e.id, end)

    def service_completed(self, e: Any, ts: int) -> None:
        rec = self.requests.pop(e.request_id, None)
        if rec is not None:
            rec[0] = False
        if e.outcome == REFUSED:
            end = self.received.get(e.request_id)
            if end is not None and ts < end:
                self.m("refused_at_first_contact", "warning", ts, e.id)

    def petition(self, e: Any, ts: int) -> None:
        if e.named:
            rec = [True, e.id]
            self.named[e.id] = rec
            self.deadline(ts + 24 * _H, "warning", "petition_not_acknowledged", rec)
        if e.kind == REPORT and e.specific:
            end = ts + 72 * _H
            self.reports.setdefault(e.subject, []).append(end)
            self.stored("reports", e.subject, end)
        if e.subject is not None:
            self.petitions.add(e.subject, None, ts, e.id)

    def petition_update(self, e: Any, ts: int) -> None:
        if e.action == ACKNOWLEDGED:
            rec = self.named.pop(e.petition_id, None)
            if rec is not None:
                rec[0] = False

    def attendance(self, e: Any, ts: int) -> None:
        if e.status == ABSENT:
            self.absence.add(e.person, None, ts, e.id)


def _drop(table: dict[Any, list[list[Any]]], rec: list[Any]) -> None:
    items = table.get(rec[2])
    if items is not None and rec in items:
        items.remove(rec)
        if not items:
            del table[rec[2]]


# -- raw durable_rules ------------------------------------------------------------------


class Raw:
    """The compiled durable_rules definitions fed one fact per call (module docstring)."""

    def __init__(self, ruleset: Any, calendar: Any, tally: Tally):
        from riskwarn.compiler import Shape, compile_ruleset, event_types
        from riskwarn.engine.durable import DurableRules

        compiled = compile_ruleset(ruleset, event_types([ruleset]))
        self.calendar = calendar
        self.tally = tally
        self.dispatch: dict[str, list[tuple[dict[str, Any], Any]]] = {}
        for c in compiled.rules:
            if c.shape in (Shape.WINDOW, Shape.ANALYZER):
                continue
            state: dict[str, Any] = {
                "rule": c,
                "durable": DurableRules(f"raw{c.index}", c.id, c.definition),
                "pending": {},  # w id -> [w fact, reminder fact or None]
                "stored": {},  # fact id -> fact
            }
            for plan in c.patterns:
                self.dispatch.setdefault(plan.type, []).append((state, plan))
        self.deadlines: list[tuple[int, int, dict[str, Any], str]] = []
        self.expiry: list[tuple[int, int, dict[str, Any], str]] = []
        self.n = 0
        self.seq = 0
        self._ends: dict[tuple[Any, date], datetime] = {}

    def run(self, events: Iterable[Any]) -> None:
        from riskwarn.compiler import micros

        ts = None
        for e in events:
            self.seq += 1
            t = e.time
            ts = micros(t)
            self.fire(ts)
            self.expire(ts)
            for state, plan in self.dispatch.get(e.type, ()):
                durable = state["durable"]
                fact = plan.fact(e, durable.new_id(), self.seq, ts)
                until = None
                if plan.until is not None:
                    until = self.end(plan.until, t)
                    fact["_until"] = micros(until)
                if plan.stored and plan.tag == "w":
                    state["pending"][fact["id"]] = [fact, None]
                self.handle(state, durable.assert_facts([fact]))
                if not plan.stored:
                    durable.retract_facts([fact])
                elif plan.tag == "w":
                    if fact["id"] not in state["pending"]:
                        continue  # excused at once
                    self.push(self.deadlines, fact["_until"], state, fact["id"])
                    remind = state["rule"].remind_before
                    if remind is not None:
                        assert until is not None
                        at = remind.before(until, self.calendar)
                        if at > t:
                            r = {
                                "sid": "0",
                                "id": durable.new_id(),
                                "_k": 1,
                                "_a": "r",
                                "_seq": self.seq,
                                "t": ts,
                                "_until": micros(at),
                                "ref": fact["id"],
                            }
                            state["pending"][fact["id"]][1] = r
                            self.handle(state, durable.assert_facts([r]))
                            self.push(self.deadlines, r["_until"], state, fact["id"])
                else:
                    state["stored"][fact["id"]] = fact
                    self.push(self.expiry, fact["_until"], state, fact["id"])
        if ts is not None:
            self.fire(ts)

    def end(self, duration: Any, t: datetime) -> datetime:
        if duration.is_calendar_free:
            return t + duration.as_timedelta()  # type: ignore[no-any-return]
        key = (duration, t.date())
        end = self._ends.get(key)
        if end is None:
            end = self._ends[key] = duration.after(t, self.calendar)
        return end

    def push(self, heap: list[Any], at: int, state: dict[str, Any], fid: str) -> None:
        self.n += 1
        heapq.heappush(heap, (at, self.n, state, fid))

    def fire(self, upto: int) -> None:
        heap = self.deadlines
        ticked: set[tuple[int, int]] = set()
        while heap and heap[0][0] <= upto:
            at, _, state, wid = heapq.heappop(heap)
            if wid not in state["pending"] or (at, id(state)) in ticked:
                continue
            ticked.add((at, id(state)))
            durable = state["durable"]
            tick = {"sid": "0", "id": durable.new_id(), "_k": 1, "_a": "tick", "t": at}
            self.handle(state, durable.assert_facts([tick]))
            durable.retract_facts([tick])

    def expire(self, now: int) -> None:
        heap = self.expiry
        while heap and heap[0][0] <= now:
            _, _, state, fid = heapq.heappop(heap)
            fact = state["stored"].pop(fid, None)
            if fact is not None:
                state["durable"].retract_facts([fact])

    def handle(self, state: dict[str, Any], fired: list[Any]) -> None:
        rule = state["rule"].id
        pending = state["pending"]
        for name, matched in fired:
            if name == "hit":
                self.tally.add(rule, "warning", 0, "")
            elif name == "remind":
                ref = matched["r"]["ref"]
                item = pending.get(ref)
                if item is not None and item[1] is not None:
                    self.tally.add(rule, "reminder", 0, "")
                    state["durable"].retract_facts([item[1]])
                    item[1] = None
            else:
                wid = matched["w"]["id"]
                item = pending.pop(wid, None)
                if item is None:
                    continue
                if name == "due":
                    self.tally.add(rule, "warning", 0, "")
                state["durable"].retract_facts([item[0]])
                if item[1] is not None:
                    state["durable"].retract_facts([item[1]])


# -- one measurement ------------------------------------------------------------------


def run_worker(contender: str, size: int, persons: int, seed: int, per_day: int) -> dict[str, Any]:
    """One contender at one size in this process: setup, then one timed pass."""
    sys.path.insert(0, str(HERE))
    from events_synth import check_sample, events
    from synth import synthesize

    from riskwarn.calendar import ChineseWorkCalendar
    from riskwarn.compiler import micros
    from riskwarn.graph import OrgGraph
    from riskwarn.rules.loader import load_ruleset

    started = time.perf_counter()
    org = synthesize(persons, seed).org
    graph = OrgGraph(org)
    ruleset = load_ruleset(RULES)
    calendar = ChineseWorkCalendar()
    tally = Tally()
    extra: dict[str, Any] = {}
    stream = events(size, org, seed, per_day=per_day)
    run: Callable[[], None]
    if contender == "gen":
        first: list[datetime] = []
        last: list[datetime] = []

        def run() -> None:
            n = 0
            t = None
            for e in stream:
                if not n:
                    first.append(e.time)
                n += 1
                t = e.time
            if t is not None:
                last.append(t)
            extra["generated"] = n

    elif contender == "engine":
        from riskwarn.engine import Engine

        engine = Engine(graph, [ruleset], calendar=calendar)

        def run() -> None:
            for w in engine.process(stream):
                kind = "reminder" if w.message.startswith("【提醒】") else "warning"
                tally.add(w.rule, kind, micros(w.time), w.evidence.events[-1].id)
            extra["state_at_end"] = engine.state_size
            extra["late"] = engine.late

    elif contender == "raw":
        raw = Raw(ruleset, calendar, tally)

        def run() -> None:
            raw.run(stream)

    elif contender == "reference":
        from riskwarn.engine.reference import evaluate

        def run() -> None:
            for m in evaluate([ruleset], stream, graph=graph, calendar=calendar):
                tally.add(m.rule, m.kind.value, micros(m.time), m.events[-1].id)

    elif contender == "floor":
        floor = Floor(dict(ruleset.params), graph, calendar, tally)

        def run() -> None:
            floor.run(stream)

    else:
        raise SystemExit(f"unknown contender {contender!r}")
    setup_s = time.perf_counter() - started
    rss_setup = peak_mb()
    began = time.perf_counter()
    run()
    wall = time.perf_counter() - began
    result = {
        "contender": contender,
        "size": size,
        "wall_s": wall,
        "events_per_s": size / wall,
        "setup_s": setup_s,
        "rss_setup_mb": rss_setup,
        "rss_mb": peak_mb(),
        "matches": tally.total,
        "by_rule": dict(tally.by_rule),
        "digest": f"{tally.digest:016x}",
        **extra,
    }
    if contender == "gen":
        result["days"] = (last[0] - first[0]) / timedelta(days=1) if first and last else 0
        result["validated"] = check_sample(org, min(size, 5000), seed)
    return result


def _child(args: list[str], timeout: float) -> dict[str, Any]:
    """Run this script as a worker in a fresh process; its last output line is JSON.
    A failure is returned as ``{"error": ...}``."""
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-25:])
        return {"error": f"exit code {done.returncode}", "stderr": tail}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the report -------------------------------------------------------------------------


def _median(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return None
    out = dict(ok[0])
    for key in ("wall_s", "events_per_s", "setup_s", "rss_setup_mb", "rss_mb"):
        out[key] = statistics.median(r[key] for r in ok)
    out["runs"] = len(ok)
    out["failed"] = len(runs) - len(ok)
    out["walls"] = [round(r["wall_s"], 2) for r in ok]
    return out


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def report(
    sizes: list[int],
    contenders: list[str],
    results: dict[tuple[int, str], dict[str, Any] | None],
    runs: dict[tuple[int, str], list[dict[str, Any]]],
    skipped: dict[tuple[int, str], str],
) -> list[str]:
    lines = []
    head = (
        f"{'events':>10} {'contender':14} {'runs':>4} {'wall s':>9} {'events/s':>10} "
        f"{'RSS MB':>8} {'setup RSS':>9} {'matches':>8}  wall of each run (s)"
    )
    lines += [head, "-" * len(head)]
    for size in sizes:
        for name in ["gen", *contenders]:
            key = (size, name)
            label = "generate" if name == "gen" else name
            if key in skipped:
                lines.append(f"{size:>10,} {label:14} {'':>4} not run: {skipped[key]}")
                continue
            r = results.get(key)
            if r is None:
                errors = "; ".join(x.get("error", "?") for x in runs.get(key, []))
                lines.append(f"{size:>10,} {label:14} {'':>4} FAILED: {errors}")
                continue
            matches = "" if name == "gen" else f"{r['matches']:,}"
            failed = f" ({r['failed']} failed)" if r["failed"] else ""
            lines.append(
                f"{size:>10,} {label:14} {r['runs']:>4} {r['wall_s']:>9.2f} "
                f"{r['events_per_s']:>10,.0f} {r['rss_mb']:>8,.0f} {r['rss_setup_mb']:>9,.0f} "
                f"{matches:>8}  {r['walls']}{failed}"
            )
    lines.append("")
    for size in sizes:
        got = {c: results.get((size, c)) for c in COMPARED if c in contenders}
        have = {c: r for c, r in got.items() if r is not None}
        if len(have) < 2:
            lines.append(f"check {size:,}: fewer than two of {', '.join(COMPARED)} ran")
            continue
        digests = {c: (r["matches"], r["digest"]) for c, r in have.items()}
        same = len(set(digests.values())) == 1
        listed = ", ".join(f"{c} {n:,} ({d})" for c, (n, d) in digests.items())
        lines.append(f"check {size:,}: {'AGREE' if same else 'DISAGREE'}: {listed}")
        if not same:
            rules = sorted({k for r in have.values() for k in r["by_rule"]})
            for rule in rules:
                counts = {c: r["by_rule"].get(rule, 0) for c, r in have.items()}
                if len(set(counts.values())) > 1:
                    lines.append(f"    {rule}: {counts}")
    lines.append("")
    lines.append("ratios (medians):")
    for size in sizes:

        def wall(name: str, size: int = size) -> float | None:
            r = results.get((size, name))
            return r["wall_s"] if r else None

        raw, floor, ref, gen = (wall(n) for n in ("raw", "floor", "reference", "gen"))
        for name in ("engine",):
            e = wall(name)
            if not e:
                continue
            parts = []
            if raw:
                parts.append(f"raw / {name} {raw / e:.2f} (speed-up)")
            if floor:
                part = f"{name} / floor {e / floor:.2f} (slow-down)"
                if gen and floor > gen and e > gen:
                    part += f", {(e - gen) / (floor - gen):.2f} without generation"
                parts.append(part)
            if ref:
                parts.append(f"reference / {name} {ref / e:.2f}")
            lines.append(f"  {size:>10,} {name}: " + "; ".join(parts))
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        for name in ["gen", *contenders]:
            a, b = results.get((small, name)), results.get((big, name))
            if a and b:
                label = "generate" if name == "gen" else name
                lines.append(
                    f"  peak RSS {big:,} / {small:,} {label}: {b['rss_mb'] / a['rss_mb']:.2f} "
                    f"({b['rss_mb']:,.0f} / {a['rss_mb']:,.0f} MB)"
                )
    lines.append("")
    lines.append("matches by rule (engine; floor where the engine did not run):")
    for size in sizes:
        r = results.get((size, "engine")) or results.get((size, "floor"))
        if r is None:
            continue
        items = ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_rule"].items()))
        lines.append(f"  {size:,}: {items}")
        if "state_at_end" in r:
            lines.append(f"  {size:,} engine state at the end: {r['state_at_end']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--worker``, one measurement) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size and contender")
    parser.add_argument(
        "--repeat-reference",
        type=int,
        default=1,
        help="runs of the reference evaluator per size (default 1: it takes minutes)",
    )
    parser.add_argument(
        "--repeat-large",
        type=int,
        help="runs per contender at sizes of 1M events and more (default: --repeat)",
    )
    parser.add_argument("--org-persons", type=int, default=2000, help="organization size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=int, default=50_000, help="events per day of event time")
    parser.add_argument(
        "--contenders",
        default=",".join(CONTENDERS),
        help=f"comma-separated, of {', '.join(CONTENDERS)} (default: all)",
    )
    parser.add_argument(
        "--reference-max",
        type=int,
        default=100_000,
        help="largest size the reference evaluator runs at (it keeps every event and "
        "scans the stream per event; default 100000)",
    )
    parser.add_argument("--raw-max", type=int, default=1_000_000, help="largest size raw runs at")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = run_worker(args.worker, args.sizes[0], args.org_persons, args.seed, args.per_day)
        print(json.dumps(result))
        return 0
    contenders = [c.strip() for c in args.contenders.split(",") if c.strip()]
    for c in contenders:
        if c not in CONTENDERS:
            known = ", ".join(CONTENDERS)
            parser.error(f"unknown contender {c!r}; expected some of {known}")
    sizes = sorted(args.sizes)
    runs: dict[tuple[int, str], list[dict[str, Any]]] = {}
    skipped: dict[tuple[int, str], str] = {}
    for size in sizes:
        names = ["gen"]
        for c in contenders:
            if c == "reference" and size > args.reference_max:
                skipped[(size, c)] = f"above --reference-max {args.reference_max:,}"
            elif c == "raw" and size > args.raw_max:
                skipped[(size, c)] = f"above --raw-max {args.raw_max:,}"
            else:
                names.append(c)
        repeat = args.repeat_large if args.repeat_large and size >= 1_000_000 else args.repeat
        common = [
            "--sizes",
            str(size),
            "--org-persons",
            str(args.org_persons),
            "--seed",
            str(args.seed),
            "--per-day",
            str(args.per_day),
        ]
        for i in range(repeat):  # interleaved, so drift spreads over every contender
            for name in names:
                if name == "reference" and i >= args.repeat_reference:
                    continue
                began = time.perf_counter()
                result = _child(["--worker", name, *common], args.timeout)
                runs.setdefault((size, name), []).append(result)
                status = result.get("error") or f"{result['wall_s']:.2f} s"
                print(
                    f"... {size:,} {name} run {i + 1}: {status} "
                    f"(process {time.perf_counter() - began:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
                if "stderr" in result:
                    print(result["stderr"], file=sys.stderr, flush=True)
    results = {key: _median(rs) for key, rs in runs.items()}
    gen = results.get((sizes[0], "gen"))
    print(
        f"riskwarn engine benchmark: {len(_rule_ids())} rules (benchmarks/engine_rules.yaml), "
        f"synthetic organization of {args.org_persons:,} persons, events_synth seed {args.seed}, "
        f"about {args.per_day:,} events a day"
        + (f" ({gen['days']:.1f} days at {sizes[0]:,})" if gen else "")
    )
    print(
        f"median of the runs, each in a fresh process; times include generating the events "
        f"(the 'generate' row); Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n"
    )
    print("\n".join(report(sizes, contenders, results, runs, skipped)))
    if args.json is not None:
        args.json.write_text(
            json.dumps({f"{s} {c}": r for (s, c), r in runs.items()}, indent=2, default=str)
        )
    return 0


def _rule_ids() -> list[str]:
    from riskwarn.rules.loader import load_ruleset

    return [r.id for r in load_ruleset(RULES).rules]


if __name__ == "__main__":
    sys.exit(main())
