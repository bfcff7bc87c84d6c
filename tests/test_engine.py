"""The engine end to end: each rule shape through durable_rules, the event-time
clock (ordering, lateness, deadlines at their instant), live use, determinism,
batching, suppression, expiry and errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from riskwarn.engine.durable import DurableRules, fnv1a32
from riskwarn.errors import EngineError, EventError, RulesetError
from riskwarn.events import Quarantine, Rejected
from tests.engine_helpers import EVENT_TYPES, at, brief, engine, ev, events, rule, ruleset, run

WHEN = rule("big", when={"event": "req", "if": "req.amount > params.big"})
UNLESS = rule(
    "unl",
    when={"event": "req"},
    unless={"event": "ok", "if": "ok.ref == req.ref", "within": "2d"},
)
EXPECT = rule(
    "exp",
    "yellow",
    when={"event": "req"},
    expect={"event": "done", "if": "done.ref == req.ref", "within": "3d"},
    remind_before="1d",
)


def test_when_matches_each_event_whose_condition_holds() -> None:
    out = run(
        ruleset(WHEN),
        [
            ev("r1", "req", at(2), ref="A", amount=150),
            ev("r2", "req", at(2, 10), ref="A", amount=100),  # not over 100
            ev("r3", "req", at(3), ref="A"),  # missing amount never meets a threshold
        ],
    )
    assert out == [("big", "red", "02 09:00", ["r1"])]


def test_unless_before_is_excused_by_an_earlier_event_within_the_window() -> None:
    out = run(
        ruleset(UNLESS),
        [
            ev("o1", "ok", at(2), ref="A"),
            ev("r1", "req", at(3, 8, 59), ref="A"),  # 1d23h59m after o1: excused
            ev("r2", "req", at(4), ref="A"),  # exactly 2d after o1: the window has ended
            ev("r3", "req", at(4), ref="B"),  # another ref
        ],
    )
    assert out == [("unl", "red", "04 09:00", ["r2"]), ("unl", "red", "04 09:00", ["r3"])]


def test_unless_before_needs_the_excuse_first_in_stream_order() -> None:
    """At the same instant, input order decides what came first."""
    out = run(
        ruleset(UNLESS),
        [ev("r1", "req", at(2), ref="A"), ev("o1", "ok", at(2), ref="A")],
    )
    assert out == [("unl", "red", "02 09:00", ["r1"])]


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        # r1 has an excuse before, r2 after, r3 none
        ("before", [("02 10:00", ["r2"]), ("02 11:00", ["r3"])]),
        ("after", [("04 09:00", ["r1"]), ("04 11:00", ["r3"])]),
        ("either", [("04 11:00", ["r3"])]),
    ],
)
def test_unless_sides(side: str, expected: list[tuple[str, list[str]]]) -> None:
    rs = ruleset(
        rule(
            "u",
            when={"event": "req"},
            unless={"event": "ok", "if": "ok.ref == req.ref", "within": "2d", "side": side},
        )
    )
    out = run(
        rs,
        [
            ev("o1", "ok", at(1, 12), ref="A"),
            ev("r1", "req", at(2), ref="A"),
            ev("r2", "req", at(2, 10), ref="B"),
            ev("r3", "req", at(2, 11), ref="C"),
            ev("o2", "ok", at(3), ref="B"),
        ],
        until=at(10),
    )
    assert out == [("u", "red", t, ids) for t, ids in expected]


def test_expect_warns_at_the_deadline_and_reminds_before_it() -> None:
    out = run(
        ruleset(EXPECT),
        [
            ev("r1", "req", at(2), ref="A"),
            ev("r2", "req", at(2, 10), ref="B"),
            ev("d2", "done", at(4), ref="B"),  # in time for r2, before its reminder too
            ev("d1", "done", at(5), ref="A"),  # exactly at r1's deadline: late
        ],
        until=at(10),
    )
    assert out == [
        ("exp", "blue", "04 09:00", ["r1"]),
        ("exp", "yellow", "05 09:00", ["r1"]),
    ]


def test_deadlines_after_until_stay_pending() -> None:
    rs = ruleset(EXPECT)
    e = engine(rs)
    out = list(e.process(events(e, [ev("r1", "req", at(2), ref="A")]), until=at(4, 8)))
    assert brief(out) == []
    assert e.state_size["pending_deadlines"] == 1


def test_without_until_the_clock_stops_at_the_last_event() -> None:
    out = run(
        ruleset(EXPECT),
        [ev("r1", "req", at(2), ref="A"), ev("x", "ok", at(5), ref="Z")],
    )
    assert out == [("exp", "blue", "04 09:00", ["r1"]), ("exp", "yellow", "05 09:00", ["r1"])]


def test_workday_deadline_skips_the_weekend() -> None:
    rs = ruleset(
        rule(
            "wd",
            when={"event": "req"},
            expect={"event": "done", "if": "done.ref == req.ref", "within": "1 workday"},
        )
    )
    # Friday 6 March: one working day ends at 24:00 on Monday 9 March
    out = run(
        rs,
        [ev("r1", "req", at(6, 15), ref="A"), ev("d1", "done", at(9, 23, 59), ref="A")],
        until=at(20),
    )
    assert out == []
    out = run(rs, [ev("r1", "req", at(6, 15), ref="A")], until=at(20))
    assert out == [("wd", "red", "10 00:00", ["r1"])]


def test_sequence_matches_every_chain_in_order_within_the_time() -> None:
    rs = ruleset(
        rule(
            "seq",
            "orange",
            sequence={
                "steps": [{"event": "req as a"}, {"event": "done as b", "if": "b.ref == a.ref"}],
                "within": "2d",
            },
        )
    )
    out = run(
        rs,
        [
            ev("a1", "req", at(2), ref="A"),
            ev("a2", "req", at(3), ref="A"),
            ev("b1", "done", at(3, 12), ref="A"),  # chains a1-b1 and a2-b1
            ev("b2", "done", at(4, 12), ref="A"),  # a1 is 2d12h back: only a2-b2
            ev("b3", "done", at(4, 13), ref="B"),
        ],
    )
    assert out == [
        ("seq", "orange", "03 12:00", ["a1", "b1"]),
        ("seq", "orange", "03 12:00", ["a2", "b1"]),
        ("seq", "orange", "04 12:00", ["a2", "b2"]),
    ]


def test_sequence_order_is_stream_order_not_just_type() -> None:
    rs = ruleset(
        rule(
            "seq",
            sequence={
                "steps": [{"event": "done"}, {"event": "req", "if": "req.ref == done.ref"}],
                "within": "1d",
            },
        )
    )
    out = run(rs, [ev("r1", "req", at(2), ref="A"), ev("d1", "done", at(2, 10), ref="A")])
    assert out == []


@pytest.mark.parametrize(
    ("shape", "expected_actual"),
    [
        ({"count": {"event": "req", "group_by": ["req.ref"], "within": "3d", "at_least": 2}}, "2"),
        (
            {
                "sum": {
                    "event": "req",
                    "field": "req.amount",
                    "group_by": ["req.ref"],
                    "within": "3d",
                    "over": "params.big",
                }
            },
            "120",
        ),
        (
            {
                "distinct": {
                    "event": "req",
                    "field": "req.who",
                    "group_by": ["req.ref"],
                    "within": "3d",
                    "at_least": 2,
                }
            },
            "2",
        ),
    ],
)
def test_aggregates_warn_once_at_each_crossing(shape: dict[str, Any], expected_actual: str) -> None:
    rs = ruleset(rule("agg", "orange", **shape))
    e = engine(rs)
    items = [
        ev("r1", "req", at(2), ref="A", amount=60, who="p1"),
        ev("r2", "req", at(3), ref="A", amount=60, who="p2"),  # crosses
        ev("r3", "req", at(4), ref="A", amount=60, who="p3"),  # still over: quiet
        ev("x1", "req", at(4), ref="B", amount=60, who="p1"),  # another group
        ev("r4", "req", at(9), ref="A", amount=60, who="p4"),  # r1-r3 left the window
        ev("r5", "req", at(10), ref="A", amount=60, who="p5"),  # crosses again
    ]
    out = list(e.process(events(e, items)))
    assert [(w.time.day, [x.id for x in w.evidence.events]) for w in out] == [
        (3, ["r1", "r2"]),
        (10, ["r4", "r5"]),
    ]
    assert str(out[0].evidence.actual) == expected_actual
    assert out[0].evidence.facts["group"] == "A"


def test_emission_order_is_time_then_rule_position_then_events() -> None:
    out = run(
        ruleset(UNLESS, WHEN),
        [ev("r2", "req", at(2), ref="B", amount=500), ev("r1", "req", at(2), ref="A", amount=500)],
    )
    assert out == [
        ("unl", "red", "02 09:00", ["r2"]),
        ("unl", "red", "02 09:00", ["r1"]),
        ("big", "red", "02 09:00", ["r2"]),
        ("big", "red", "02 09:00", ["r1"]),
    ]


ITEMS = [
    ev("o1", "ok", at(2), ref="A"),
    ev("r1", "req", at(3), ref="A", amount=150),
    ev("r2", "req", at(3, 10), ref="B", amount=50),
    ev("d2", "done", at(4), ref="B"),
    ev("r3", "req", at(5), ref="A", amount=300),
    ev("r4", "req", at(5), ref="C", amount=300),
]


def test_same_input_gives_the_same_warnings_and_ids_whatever_the_batch_size() -> None:
    rs = ruleset(WHEN, UNLESS, EXPECT)
    runs = []
    for size in (1, 2, 1000):
        e = engine(rs, batch_size=size)
        runs.append([(w.id, w.rule, w.time) for w in e.process(events(e, ITEMS), until=at(20))])
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) == len({i for i, _, _ in runs[0]})


def test_live_feed_and_advance_give_what_process_gives() -> None:
    rs = ruleset(WHEN, UNLESS, EXPECT)
    batch = engine(rs)
    expected = [w.id for w in batch.process(events(batch, ITEMS), until=at(20))]
    live = engine(rs)
    got: list[str] = []
    for event in events(live, ITEMS):
        got += [w.id for w in live.feed(event)]
    got += [w.id for w in live.advance_to(at(6))]
    got += [w.id for w in live.finish(at(20))]
    assert got == expected


def test_advance_to_releases_deadlines_up_to_and_including_the_instant() -> None:
    rs = ruleset(EXPECT)
    e = engine(rs)
    assert e.feed(events(e, [ev("r1", "req", at(2), ref="A")])[0]) == []
    assert brief(e.advance_to(at(4, 8))) == []
    assert brief(e.advance_to(at(4, 9))) == [("exp", "blue", "04 09:00", ["r1"])]


def test_out_of_order_events_within_the_allowed_lateness_are_reordered() -> None:
    items = [
        ev("o1", "ok", at(2, 10), ref="A"),
        ev("r1", "req", at(2, 11), ref="A"),
        ev("o0", "ok", at(2, 9), ref="B"),  # 2 hours late
        ev("r0", "req", at(2, 12), ref="B"),
    ]
    assert run(ruleset(UNLESS), items, allowed_lateness=timedelta(hours=3)) == []


def test_late_events_are_quarantined_with_the_reason_and_processing_goes_on() -> None:
    got: list[Rejected] = []
    q = Quarantine(got.append)
    items = [
        ev("r1", "req", at(2, 11), ref="A", amount=500),
        ev("r0", "req", at(2, 9), ref="B", amount=500),  # late by 2 h, 1 h allowed
        ev("r2", "req", at(2, 12), ref="C", amount=500),
    ]
    out = run(ruleset(WHEN), items, allowed_lateness=timedelta(hours=1), quarantine=q)
    assert [ids for *_, ids in out] == [["r1"], ["r2"]]
    assert q.count == 1
    assert (
        "event 'r0': late: time 2026-03-02T09:00:00+08:00 is before 2026-03-02T10:00:00+08:00"
        in got[0].reason
    )
    assert got[0].raw["id"] == "r0"


def test_a_late_event_without_a_quarantine_raises() -> None:
    rs = ruleset(WHEN)
    e = engine(rs)
    first, late = events(
        e, [ev("r1", "req", at(2, 11), ref="A"), ev("r0", "req", at(2, 9), ref="A")]
    )
    e.feed(first)
    with pytest.raises(EventError, match="late"):
        e.feed(late)


def test_events_after_advance_to_at_that_instant_are_late() -> None:
    e = engine(ruleset(WHEN))
    e.advance_to(at(3))
    (event,) = events(e, [ev("r1", "req", at(3), ref="A")])
    with pytest.raises(EventError, match="late"):
        e.feed(event)


def test_suppression_turns_a_flood_into_one_warning_with_a_count() -> None:
    rs = ruleset(
        rule(
            "big",
            when={"event": "req", "if": "req.amount > params.big"},
            subject="req.who",
            suppress={"for": "7d"},
        )
    )
    e = engine(rs)
    items = [ev(f"r{i}", "req", at(2 + i), ref="A", amount=500, who="p1") for i in range(4)]
    items.append(ev("q", "req", at(20), ref="A", amount=500, who="p1"))
    out = list(e.process(events(e, items)))
    assert [(w.time.day, w.count, [x.id for x in w.evidence.events]) for w in out] == [
        (2, 1, ["r0"]),
        (2, 4, ["r0", "r1", "r2", "r3"]),  # the summary when the 7 days ended
        (20, 1, ["q"]),
    ]
    assert out[0].id == out[1].id != out[2].id


def test_stored_state_expires_in_event_time() -> None:
    rs = ruleset(
        UNLESS,
        EXPECT,
        rule("n", count={"event": "req", "group_by": ["req.ref"], "within": "1d", "over": 5}),
    )
    e = engine(rs)
    items = []
    for i in range(300):
        t = at(2) + timedelta(hours=i)
        items += [
            ev(f"o{i}", "ok", t, ref=f"K{i}"),
            ev(f"r{i}", "req", t + timedelta(minutes=1), ref=f"K{i}"),
            ev(f"d{i}", "done", t + timedelta(minutes=2), ref=f"K{i}"),
        ]
    assert list(e.process(events(e, items))) == []
    size = e.state_size
    # only what the last two days can still use is held
    assert size["stored_facts"] <= 50
    assert size["window_events"] <= 25
    assert size["pending_deadlines"] == 0


def test_params_override_defaults_per_ruleset() -> None:
    items = [ev("r1", "req", at(2), ref="A", amount=150)]
    assert run(ruleset(WHEN), items, params={"t": {"big": 200}}) == []


def test_bad_params_and_duplicate_rulesets_are_refused_with_every_problem() -> None:
    with pytest.raises(RulesetError) as info:
        engine(ruleset(WHEN), ruleset(UNLESS), params={"t": {"bog": 1}, "x": {}})
    text = str(info.value)
    assert "ruleset 't' is given twice" in text
    assert "no ruleset 'x' to set parameters of" in text


def test_unchecked_rulesets_are_checked_by_the_engine() -> None:
    rs = ruleset(rule("bad", when={"event": "req", "if": "req.amont > 1"}))
    with pytest.raises(RulesetError, match="'req' has no field 'amont'"):
        engine(rs)


def test_the_engine_takes_no_events_after_finish() -> None:
    e = engine(ruleset(WHEN))
    e.finish()
    with pytest.raises(EngineError, match="finished"):
        e.finish()


def test_message_ids_avoid_32_bit_hash_collisions() -> None:
    rules = DurableRules("collide", "r", {"hit": {"all": [{"w": {"_a": "w"}}]}})
    # occupy the hash the next id would have: it must be skipped
    rules._live[fnv1a32("1")] = "other"
    assert rules.new_id() == "2"
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C


def test_durable_errors_become_engine_errors_naming_the_rule() -> None:
    with pytest.raises(EngineError, match="rule 'r1': durable_rules refused"):
        DurableRules("broken", "r1", {"hit": {"all": "nonsense"}})
    rules = DurableRules("unhandled", "r2", {"hit": {"all": [{"w": {"_a": "w"}}]}})
    with pytest.raises(EngineError, match=r"rule 'r2'.*handled none"):
        rules.assert_facts([{"sid": "0", "id": rules.new_id(), "_a": "zzz"}])


def test_a_new_version_replayed_from_the_horizon_continues_as_if_it_had_always_run() -> None:
    """Swapping versions: the new Engine, replaying events from cutover - horizon,
    gives after the cutover exactly what the new version alone would have given."""
    old = ruleset(WHEN, UNLESS, EXPECT)
    new = ruleset(
        rule("big", when={"event": "req", "if": "req.amount > 200"}),
        UNLESS,
        EXPECT,
        rule("n", count={"event": "req", "group_by": ["req.ref"], "within": "2d", "over": 1}),
        version="2",
    )
    items = [
        ev(f"r{i}", "req", at(2) + timedelta(hours=7 * i), ref="AB"[i % 2], amount=100 * (i % 4))
        for i in range(30)
    ] + [ev(f"d{i}", "done", at(3) + timedelta(hours=11 * i), ref="AB"[i % 2]) for i in range(12)]
    items.sort(key=lambda item: item["time"])
    cutover = at(6)
    whole = engine(new)
    expected = [w.id for w in whole.process(events(whole, items), until=at(20)) if w.time > cutover]
    first = engine(old)
    list(first.process(events(first, [i for i in items if i["time"] <= cutover.isoformat()])))
    second = engine(new)
    start = cutover - second.horizon
    replay = [i for i in items if i["time"] >= start.isoformat()]
    got = [w.id for w in second.process(events(second, replay), until=at(20)) if w.time > cutover]
    assert second.horizon == timedelta(days=3)
    assert got == expected
    assert len(expected) > 5


def test_a_suppressed_flood_keeps_at_most_a_hundred_events_of_evidence() -> None:
    rs = ruleset(rule("big", when={"event": "req"}, subject="req.who", suppress={"for": "30d"}))
    e = engine(rs)
    items = [
        ev(f"r{i:03}", "req", at(2) + timedelta(minutes=i), ref="A", who="p1") for i in range(150)
    ]
    first, summary = e.process(events(e, items))
    assert first.count == 1 and summary.count == 150
    assert len(summary.evidence.events) == 100
    assert summary.evidence.events[-1].id == "r099"
    assert summary.evidence.facts["occurrences_without_evidence"] == 50


def test_events_after_until_are_evaluated_and_their_deadlines_fire_as_the_clock_passes() -> None:
    out = run(
        ruleset(WHEN, EXPECT),
        [ev("r1", "req", at(2), ref="A"), ev("r2", "req", at(9), ref="B", amount=500)],
        until=at(3),
    )
    assert out == [
        ("exp", "blue", "04 09:00", ["r1"]),
        ("exp", "yellow", "05 09:00", ["r1"]),
        ("big", "red", "09 09:00", ["r2"]),
    ]


def test_finished_engines_give_their_durable_rulesets_back_for_reuse() -> None:
    rs = ruleset(EXPECT)
    first = engine(rs)
    list(first.process(events(first, [ev("r1", "req", at(2), ref="A")]), until=at(3)))
    used = {id(r.durable) for r in first._rules}
    assert used == {id(None)}  # released
    second = engine(rs)
    out = list(second.process(events(second, [ev("r1", "req", at(2), ref="A")]), until=at(9)))
    assert [w.level.value for w in out] == ["blue", "yellow"]  # no state left from the first


def test_a_suppression_summary_comes_out_when_the_clock_passes_its_period() -> None:
    rs = ruleset(rule("big", when={"event": "req"}, subject="req.who", suppress={"for": "2d"}))
    e = engine(rs)
    first, second = events(
        e, [ev("r1", "req", at(2), who="p1", ref="A"), ev("r2", "req", at(3), who="p1", ref="A")]
    )
    assert e.feed(first) == []
    assert [w.count for w in e.feed(second)] == [1]  # the clock passed r1: it is final
    assert e.advance_to(at(3)) == []  # r2 is absorbed
    assert e.advance_to(at(4, 8)) == []
    (summary,) = e.advance_to(at(4))
    assert summary.count == 2


def test_suppression_keeps_a_reminder_apart_from_the_warning_it_announces() -> None:
    """The blue reminder and the overdue warning of one request are two findings: the
    suppression run of one never absorbs the other."""
    rs = ruleset({**EXPECT, "subject": "req.who", "suppress": {"for": "30d"}})
    out = run(rs, [ev("r1", "req", at(2), who="p1", ref="A")], until=at(9))
    assert out == [("exp", "blue", "04 09:00", ["r1"]), ("exp", "yellow", "05 09:00", ["r1"])]


def test_a_suppressed_window_run_lists_each_event_once() -> None:
    """A window that keeps crossing as old events leave and new ones come shares most
    events with its previous occurrence: the summary's evidence has each event once."""
    rs = ruleset(
        rule(
            "busy",
            count={"event": "req", "group_by": ["req.who"], "within": "3d", "over": 2},
            suppress={"for": "30d", "by": ["req.who"]},
        )
    )
    e = engine(rs)
    items = [ev(f"r{i}", "req", at(2 + i), ref="A", who="p1") for i in range(7)]
    first, summary = e.process(events(e, items))
    assert [x.id for x in first.evidence.events] == ["r0", "r1", "r2"]
    assert summary.count == 5  # r2 crossed; each of r3..r6 crossed again as r(i-3) left
    assert [x.id for x in summary.evidence.events] == [f"r{i}" for i in range(7)]


def test_a_join_may_compare_times() -> None:
    """Time fields travel as numbers: a later event can be joined on an earlier one's
    time field (here: a completion reported as finished before the request came)."""
    rs = ruleset(
        rule(
            "backdated",
            sequence={
                "steps": [
                    {"event": "req as r"},
                    {"event": "fin as f", "if": "f.ref == r.ref and f.finished < r.time"},
                ],
                "within": "2d",
            },
        ),
        event_types={**EVENT_TYPES, "fin": {"ref": "id", "finished": "datetime"}},
    )
    out = run(
        rs,
        [
            ev("r1", "req", at(2, 10), ref="A"),
            ev("f1", "fin", at(2, 12), ref="A", finished=at(2, 9).isoformat()),  # before r1
            ev("f2", "fin", at(2, 12), ref="A", finished=at(2, 11).isoformat()),  # after r1
        ],
    )
    assert out == [("backdated", "red", "02 12:00", ["r1", "f1"])]


@pytest.mark.parametrize(("calendar", "warns"), [("weekends", True), ("chinese", False)])
def test_workdays_counts_on_the_engines_calendar(calendar: str, warns: bool) -> None:
    from riskwarn.calendar import ChineseWorkCalendar, WeekendCalendar

    # Wednesday to Friday of the 2025 National Day holiday: 3 working days on a
    # Monday-to-Friday calendar, none on the Chinese one
    rs = ruleset(
        rule("long", when={"event": "span as s", "if": "workdays(s.start, s.end) >= 3"}),
        event_types={**EVENT_TYPES, "span": {"start": "date", "end": "date"}},
    )
    e = engine(rs, calendar=WeekendCalendar() if calendar == "weekends" else ChineseWorkCalendar())
    item = ev("s1", "span", at(2), start="2025-10-01", end="2025-10-03")
    assert bool(list(e.process(events(e, [item])))) is warns


def test_a_ruleset_whose_rule_fired_is_deleted_not_reused() -> None:
    """Retracting the facts of a frame that fired can crash durable_rules 2.0.28
    (``deleteMessageFromFrame``): at close such a ruleset is deleted, never retracted
    and reused; one whose rule never fired goes back to the pool."""
    from riskwarn.engine import durable

    rs = ruleset(
        rule(
            "seq_fire",
            sequence={
                "steps": [{"event": "req as a"}, {"event": "done as b", "if": "b.ref == a.ref"}],
                "within": "1d",
            },
        )
    )
    fired = engine(rs)
    list(
        fired.process(
            events(fired, [ev("r1", "req", at(2), ref="A"), ev("d1", "done", at(2, 10), ref="A")])
        )
    )
    quiet = engine(rs)
    list(quiet.process(events(quiet, [ev("r2", "req", at(2), ref="B")])))
    pooled = [d for free in durable._POOL.values() for d in free]
    assert all(not d.fired for d in pooled)
    assert any(d.rule == "seq_fire" for d in pooled)  # the quiet engine's, reused next
