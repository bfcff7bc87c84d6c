"""The reference evaluator of docs/engine.md, shape by shape and boundary by
boundary; every expected match is worked out by hand in the test."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from riskwarn.calendar import WeekendCalendar
from riskwarn.engine.match import Match, MatchKind
from riskwarn.engine.reference import evaluate
from riskwarn.errors import RulesetError
from riskwarn.events import Event, EventTypes, read_events
from riskwarn.graph import OrgGraph
from riskwarn.rules.model import Ruleset
from tests.engine_helpers import EVENT_TYPES, TZ, at, ev, rule, ruleset
from tests.orgs import make_org, person, pos, tenure, unit

TYPES = EventTypes.default()
for _name, _fields in EVENT_TYPES.items():
    TYPES.declare(_name, _fields)


def events(*items: dict[str, Any]) -> list[Event]:
    return list(read_events(list(items), TYPES))


Brief = tuple[str, str, datetime, list[str]]


def brief(matches: Sequence[Match]) -> list[Brief]:
    """``(rule, kind, time, [event ids])`` per match."""
    return [(m.rule, m.kind.value, m.time, [e.id for e in m.events]) for m in matches]


def run(rs: Ruleset | Sequence[Ruleset], *items: dict[str, Any], **kw: Any) -> list[Brief]:
    sets = [rs] if isinstance(rs, Ruleset) else list(rs)
    return brief(evaluate(sets, events(*items), **kw))


W, R = "warning", "reminder"

WHEN = rule("big", when={"event": "req", "if": "req.amount > params.big"})


def unless(side: str, within: str = "2d") -> dict[str, Any]:
    return rule(
        "unl",
        when={"event": "req"},
        unless={"event": "ok", "if": "ok.ref == req.ref", "within": within, "side": side},
    )


def expect(within: str = "3d", remind: str | None = None) -> dict[str, Any]:
    extra = {"remind_before": remind} if remind else {}
    return rule(
        "exp",
        "yellow",
        when={"event": "req"},
        expect={"event": "done", "if": "done.ref == req.ref", "within": within},
        **extra,
    )


# -- when and stream order ---------------------------------------------------------------


def test_when_matches_each_event_whose_condition_holds() -> None:
    out = run(
        ruleset(WHEN),
        ev("r1", "req", at(2), ref="A", amount=150),
        ev("r2", "req", at(2, 10), ref="A", amount=100),  # not over 100
        ev("r3", "req", at(3), ref="A"),  # a missing amount never meets a threshold
        ev("d1", "done", at(3), ref="A"),  # another type
    )
    assert out == [("big", W, at(2), ["r1"])]


def test_a_match_carries_its_rule_position_events_aliases_and_positions() -> None:
    rs = ruleset(
        rule("off", when={"event": "req"}, enabled=False),
        rule("scan", analyzer={"id": "power_concentration"}),
        rule("any", when={"event": "req as r"}),
    )
    (m,) = evaluate([rs], events(ev("d1", "done", at(2), ref="A"), ev("r1", "req", at(3), ref="A")))
    assert (m.ruleset, m.rule, m.kind, m.time) == ("t", "any", MatchKind.WARNING, at(3))
    assert [e.id for e in m.events] == ["r1"]
    assert m.aliases == ("r",)
    assert m.order == (0, 2)  # the disabled and analyzer rules keep their places
    assert m.seqs == (2,)  # d1 is first in the stream
    assert (m.deadline, m.actual, m.threshold, m.group) == (None, None, None, ())


def test_events_are_taken_by_time_and_equal_times_by_input_order() -> None:
    rs = ruleset(rule("any", when={"event": "req"}))
    matches = evaluate(
        [rs],
        events(
            ev("late", "req", at(3), ref="A"),
            ev("first", "req", at(2), ref="A"),
            ev("second", "req", at(2), ref="B"),  # same time as 'first', later in the input
        ),
    )
    assert [(e.id, m.seqs) for m in matches for e in m.events] == [
        ("first", (1,)),
        ("second", (2,)),
        ("late", (3,)),
    ]


def test_matches_come_in_time_then_ruleset_then_rule_order() -> None:
    one = ruleset(rule("x", when={"event": "req"}), rule("y", when={"event": "req"}), name="one")
    two = ruleset(rule("z", when={"event": "req"}), name="two")
    out = run(
        [two, one],
        ev("r2", "req", at(3), ref="A"),
        ev("r1", "req", at(2), ref="A"),
    )
    assert out == [
        ("z", W, at(2), ["r1"]),
        ("x", W, at(2), ["r1"]),
        ("y", W, at(2), ["r1"]),
        ("z", W, at(3), ["r2"]),
        ("x", W, at(3), ["r2"]),
        ("y", W, at(3), ["r2"]),
    ]


def test_params_override_the_defaults_of_their_ruleset_only() -> None:
    mine = ruleset(WHEN, name="mine")
    other = ruleset(WHEN, name="other")
    items = [ev("r1", "req", at(2), ref="A", amount=60)]
    assert run([mine, other], *items) == []  # 60 is not over the default 100
    out = run([mine, other], *items, params={"mine": {"big": 50}})
    assert out == [("big", W, at(2), ["r1"])]
    (m,) = evaluate([mine, other], events(*items), params={"mine": {"big": 50}})
    assert m.ruleset == "mine"


# -- unless --------------------------------------------------------------------------------


def test_unless_before_is_excused_by_an_earlier_event_within_the_window() -> None:
    out = run(
        ruleset(unless("before")),
        ev("o1", "ok", at(2), ref="A"),
        ev("r1", "req", at(4, 8, 59), ref="A"),  # 1d23h59m after o1: excused
        ev("r2", "req", at(4), ref="A"),  # exactly 2d after o1: the window has ended
        ev("r3", "req", at(3), ref="B"),  # another ref
    )
    assert out == [("unl", W, at(3), ["r3"]), ("unl", W, at(4), ["r2"])]


def test_unless_before_needs_the_excuse_earlier_in_stream_order() -> None:
    """At the same instant the input order decides; a later excuse does not count."""
    out = run(
        ruleset(unless("before")),
        ev("o1", "ok", at(2), ref="A"),
        ev("r1", "req", at(2), ref="A"),  # after o1 in the stream: excused
        ev("r2", "req", at(3), ref="B"),
        ev("o2", "ok", at(3), ref="B"),  # after r2 in the stream: too late
    )
    assert out == [("unl", W, at(3), ["r2"])]


def test_unless_after_warns_at_the_deadline_without_an_excuse() -> None:
    out = run(
        ruleset(unless("after")),
        ev("r1", "req", at(2), ref="A"),
        ev("o1", "ok", at(4, 8, 59), ref="A"),  # 1 minute before r1's deadline: excused
        ev("r2", "req", at(3), ref="B"),
        ev("o2", "ok", at(5), ref="B"),  # exactly at r2's deadline 5 09:00: late
        ev("o3", "ok", at(5, 12), ref="C"),
        ev("r3", "req", at(6), ref="C"),  # o3 is before r3: does not excuse 'after'
        ev("x", "done", at(8, 9), ref="Z"),  # moves the clock to r3's deadline 8 09:00
    )
    assert out == [("unl", W, at(5), ["r2"]), ("unl", W, at(8), ["r3"])]


def test_unless_after_match_carries_its_deadline() -> None:
    (m,) = evaluate(
        [ruleset(unless("after"))],
        events(ev("r1", "req", at(2), ref="A")),
        until=at(4),
    )
    assert (m.time, m.deadline, m.seqs) == (at(4), at(4), (1,))


def test_unless_either_is_excused_from_either_side() -> None:
    out = run(
        ruleset(unless("either")),
        ev("o1", "ok", at(2), ref="A"),
        ev("r1", "req", at(3), ref="A"),  # excused by o1 before it
        ev("r2", "req", at(3), ref="B"),
        ev("o2", "ok", at(4), ref="B"),  # excuses r2 after it
        ev("r3", "req", at(3), ref="C"),  # neither: warned at 5 09:00
        ev("o3", "ok", at(5), ref="C"),  # exactly at r3's deadline: too late
        ev("o4", "ok", at(10), ref="D"),
        ev("r4", "req", at(13), ref="D"),  # o4 is 3d before: too early; nothing after
    )
    assert out == [("unl", W, at(5), ["r3"])]  # r4's deadline 15 09:00 is not reached


# -- expect and reminders ------------------------------------------------------------------


def test_expect_warns_at_the_deadline_and_an_event_at_the_deadline_is_late() -> None:
    out = run(
        ruleset(expect()),
        ev("d0", "done", at(2), ref="A"),  # before r1 in the stream: does not count
        ev("r1", "req", at(2), ref="A"),
        ev("d1", "done", at(5), ref="A"),  # exactly at 5 09:00: late
        ev("r2", "req", at(3), ref="B"),
        ev("d2", "done", at(6, 8, 59), ref="B"),  # 1 minute before r2's deadline
        ev("r3", "req", at(3, 10), ref="C"),
        ev("d3", "done", at(4), ref="D"),  # another ref
        ev("x", "ok", at(6, 10), ref="Z"),  # the clock reaches r3's deadline 6 10:00
    )
    assert out == [("exp", W, at(5), ["r1"]), ("exp", W, at(6, 10), ["r3"])]


def test_a_reminder_fires_before_the_deadline_unless_the_expected_event_came() -> None:
    """within 3d, remind_before 1d: the reminder is at e.time + 2d."""
    out = run(
        ruleset(expect("3d", "1d")),
        ev("r1", "req", at(2), ref="A"),  # nothing comes: reminder at 4 09:00, warning at 5 09:00
        ev("r2", "req", at(2, 12), ref="B"),
        ev("d2", "done", at(4, 11, 59), ref="B"),  # before the reminder at 4 12:00: neither
        ev("r3", "req", at(2, 13), ref="C"),
        ev("d3", "done", at(4, 13), ref="C"),  # exactly at the reminder: reminded, no warning
        until=at(10),
    )
    assert out == [
        ("exp", R, at(4), ["r1"]),
        ("exp", R, at(4, 13), ["r3"]),
        ("exp", W, at(5), ["r1"]),
    ]


def test_a_reminder_carries_the_deadline_it_announces() -> None:
    matches = evaluate(
        [ruleset(expect("3d", "1d"))], events(ev("r1", "req", at(2), ref="A")), until=at(5)
    )
    assert [(m.kind, m.time, m.deadline) for m in matches] == [
        (MatchKind.REMINDER, at(4), at(5)),
        (MatchKind.WARNING, at(5), at(5)),
    ]


@pytest.mark.parametrize("remind", ["1d", "2d"])
def test_no_reminder_when_it_would_not_be_after_the_event(remind: str) -> None:
    """within 1d: reminding 1d before is the event's own time, 2d before is earlier."""
    out = run(ruleset(expect("1d", remind)), ev("r1", "req", at(2), ref="A"), until=at(10))
    assert out == [("exp", W, at(3), ["r1"])]


# -- deadlines and the clock ---------------------------------------------------------------


def test_without_until_the_clock_ends_at_the_last_event() -> None:
    items = [ev("r1", "req", at(2), ref="A")]
    assert run(ruleset(expect("1d")), *items) == []  # the deadline 3 09:00 is never reached
    later = [*items, ev("x", "ok", at(3, 8, 59), ref="Z")]
    assert run(ruleset(expect("1d")), *later) == []
    reached = [*items, ev("x", "ok", at(3), ref="Z")]  # an event exactly at the deadline
    assert run(ruleset(expect("1d")), *reached) == [("exp", W, at(3), ["r1"])]


def test_until_emits_the_deadlines_up_to_it_and_keeps_later_ones_pending() -> None:
    rs = ruleset(expect("3d", "1d"))  # reminder at 4 09:00, deadline 5 09:00
    items = [ev("r1", "req", at(2), ref="A")]
    assert run(rs, *items, until=at(4, 8, 59)) == []
    assert run(rs, *items, until=at(4)) == [("exp", R, at(4), ["r1"])]
    assert run(rs, *items, until=at(5, 8, 59)) == [("exp", R, at(4), ["r1"])]
    assert run(rs, *items, until=at(5)) == [("exp", R, at(4), ["r1"]), ("exp", W, at(5), ["r1"])]


def test_until_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="naive"):
        evaluate([ruleset(WHEN)], [], until=datetime(2026, 3, 2, 9, 0))


def test_no_events_no_matches() -> None:
    assert evaluate([ruleset(expect("1d"), WHEN)], [], until=at(30)) == []


# -- working days --------------------------------------------------------------------------

# The 2025 National Day holiday: 1–8 October off; Saturday 11 October is a make-up working day.
SEP30 = datetime(2025, 9, 30, 15, 0, tzinfo=TZ)  # a Tuesday, the last working day before it


def cst(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=TZ)


def test_a_working_day_window_skips_the_holiday_on_the_chinese_calendar() -> None:
    """1 workday after 30 September is Thursday 9 October: the window ends at 10 October 00:00."""
    rs = ruleset(unless("after", "1 workday"))
    out = run(
        rs,
        ev("r1", "req", SEP30, ref="A"),
        ev("o1", "ok", cst(10, 9, 23, 59), ref="A"),  # in time, a week later
        ev("r2", "req", SEP30, ref="B"),
        ev("o2", "ok", cst(10, 10), ref="B"),  # at 10 October 00:00: late
    )
    assert out == [("unl", W, cst(10, 10), ["r2"])]


def test_a_make_up_saturday_counts_and_a_working_day_reminder_starts_the_last_day() -> None:
    """3 workdays after 30 September: 9, 10 and Saturday 11 October, so the deadline is
    12 October 00:00; 1 workday before it is 11 October 00:00."""
    out = run(
        ruleset(expect("3 workdays", "1 workday")),
        ev("r1", "req", SEP30, ref="A"),
        until=cst(12, 1),
    )
    assert out == [("exp", R, cst(10, 11), ["r1"]), ("exp", W, cst(10, 12), ["r1"])]


def test_the_calendar_can_be_given() -> None:
    """On a plain Monday-to-Friday calendar, 1 workday after Tuesday 30 September is 1 October."""
    out = run(
        ruleset(expect("1 workday")),
        ev("r1", "req", SEP30, ref="A"),
        calendar=WeekendCalendar(),
        until=cst(10, 2),
    )
    assert out == [("exp", W, cst(10, 2), ["r1"])]


# -- sequences -----------------------------------------------------------------------------

SEQ = rule(
    "seq",
    sequence={
        "steps": [{"event": "req as r"}, {"event": "ok", "if": "ok.ref == r.ref"}],
        "within": "1d",
    },
)


def test_a_sequence_matches_every_chain_so_two_starts_give_two_chains() -> None:
    out = run(
        ruleset(SEQ),
        ev("r1", "req", at(2, 9), ref="A"),
        ev("r2", "req", at(2, 10), ref="A"),
        ev("x", "req", at(2, 10, 30), ref="B"),  # another ref: no chain with o1
        ev("o1", "ok", at(2, 11), ref="A"),
    )
    assert out == [("seq", W, at(2, 11), ["r1", "o1"]), ("seq", W, at(2, 11), ["r2", "o1"])]


def test_a_sequence_chain_carries_positions_and_aliases() -> None:
    matches = evaluate(
        [ruleset(SEQ)],
        events(ev("r1", "req", at(2), ref="A"), ev("o1", "ok", at(2, 11), ref="A")),
    )
    assert [(m.aliases, m.seqs, m.time) for m in matches] == [(("r", "ok"), (1, 2), at(2, 11))]


def test_a_sequence_last_step_must_be_strictly_within_the_window() -> None:
    out = run(
        ruleset(SEQ),
        ev("r1", "req", at(2, 9), ref="A"),
        ev("r2", "req", at(2, 10), ref="A"),
        ev("o1", "ok", at(3, 9), ref="A"),  # exactly 1d after r1: too late for r1, in time for r2
    )
    assert out == [("seq", W, at(3, 9), ["r2", "o1"])]


def test_a_sequence_goes_by_position_so_same_time_steps_follow_input_order() -> None:
    out = run(
        ruleset(SEQ),
        ev("o0", "ok", at(2), ref="A"),  # before r1: not a second step
        ev("r1", "req", at(2), ref="A"),
        ev("o1", "ok", at(2), ref="A"),  # same time, after r1 in the input
    )
    assert out == [("seq", W, at(2), ["r1", "o1"])]


def test_a_three_step_sequence_with_two_middles_and_two_ends() -> None:
    three = rule(
        "three",
        sequence={
            "steps": [
                {"event": "req as r"},
                {"event": "ok", "if": "ok.ref == r.ref"},
                {"event": "done", "if": "done.ref == ok.ref"},
            ],
            "within": "2d",
        },
    )
    out = run(
        ruleset(three),
        ev("r1", "req", at(2), ref="A"),
        ev("o1", "ok", at(2, 10), ref="A"),
        ev("d1", "done", at(2, 11), ref="A"),
        ev("o2", "ok", at(2, 12), ref="A"),
        ev("d2", "done", at(2, 13), ref="A"),
    )
    # o1 precedes d1 and d2; o2 only d2
    assert out == [
        ("three", W, at(2, 11), ["r1", "o1", "d1"]),
        ("three", W, at(2, 13), ["r1", "o1", "d2"]),
        ("three", W, at(2, 13), ["r1", "o2", "d2"]),
    ]


# -- aggregates ----------------------------------------------------------------------------


def test_count_warns_as_a_group_crosses_stays_quiet_over_and_warns_again() -> None:
    rs = ruleset(
        rule("cnt", count={"event": "req", "group_by": ["req.ref"], "within": "1d", "over": 2})
    )
    matches = evaluate(
        [rs],
        events(
            ev("a1", "req", at(2, 9), ref="A"),
            ev("b1", "req", at(2, 9, 30), ref="B"),  # another group
            ev("a2", "req", at(2, 10), ref="A"),
            ev("a3", "req", at(2, 11), ref="A"),  # A has 3 > 2: crosses
            ev("a4", "req", at(2, 12), ref="A"),  # 4, still over: quiet
            # 3 10:30: a1 and a2 have left the window; {a3, a4} = 2, with a5 3: crosses again
            ev("a5", "req", at(3, 10, 30), ref="A"),
            # 3 11:00 is exactly 1d after a3, so a3 has left: {a4, a5} = 2, with a6 3: again
            ev("a6", "req", at(3, 11), ref="A"),
        ),
    )
    assert [
        (m.time, [e.id for e in m.events], m.actual, m.threshold, m.group) for m in matches
    ] == [
        (at(2, 11), ["a1", "a2", "a3"], 3, 2, ("A",)),
        (at(3, 10, 30), ["a3", "a4", "a5"], 3, 2, ("A",)),
        (at(3, 11), ["a4", "a5", "a6"], 3, 2, ("A",)),
    ]
    assert matches[0].seqs == (1, 3, 4)
    assert matches[0].aliases == ("req", "req", "req")


def test_count_at_least_and_only_events_whose_condition_holds() -> None:
    rs = ruleset(
        rule(
            "cnt",
            count={"event": "req", "if": "req.amount > 10", "within": "1d", "at_least": 2},
        )
    )
    out = run(
        rs,
        ev("r1", "req", at(2, 9), ref="A", amount=50),
        ev("r2", "req", at(2, 10), ref="B", amount=5),  # not counted
        ev("r3", "req", at(2, 11), ref="C", amount=20),  # 2 >= 2
    )
    assert out == [("cnt", W, at(2, 11), ["r1", "r3"])]


def test_a_missing_group_value_is_a_group_of_its_own() -> None:
    rs = ruleset(
        rule("cnt", count={"event": "req", "group_by": ["req.who"], "within": "1d", "at_least": 2})
    )
    matches = evaluate(
        [rs],
        events(
            ev("r1", "req", at(2, 9), ref="A"),
            ev("r2", "req", at(2, 10), ref="A", who="x"),
            ev("r3", "req", at(2, 11), ref="A"),
        ),
    )
    assert [(m.group, [e.id for e in m.events]) for m in matches] == [((None,), ["r1", "r3"])]


def test_sum_is_exact_and_skips_missing_values() -> None:
    rs = ruleset(
        rule("sm", sum={"event": "req", "field": "req.amount", "within": "1d", "at_least": 0.3})
    )
    matches = evaluate(
        [rs],
        events(
            ev("r1", "req", at(2, 9), ref="A", amount=Decimal("0.1")),
            ev("r2", "req", at(2, 10), ref="A"),  # no amount: in the window, adds nothing
            ev("r3", "req", at(2, 11), ref="A", amount=Decimal("0.2")),  # 0.1 + 0.2 = 0.3 exactly
        ),
    )
    assert [(m.actual, m.threshold, [e.id for e in m.events]) for m in matches] == [
        (Decimal("0.3"), Decimal("0.3"), ["r1", "r2", "r3"])
    ]


def test_sum_over_a_parameter_and_a_working_day_window() -> None:
    """over params.big (100), within 1 workday on the Chinese calendar: an event of
    30 September stays in windows until 10 October 00:00; one of Friday 10 October
    until 12 October 00:00, Saturday 11 October being a make-up working day."""
    rs = ruleset(
        rule(
            "sm",
            sum={
                "event": "req",
                "field": "req.amount",
                "within": "1 workday",
                "over": "params.big",
            },
        )
    )
    items = [
        ev("r1", "req", SEP30, ref="A", amount=60),
        ev("r2", "req", cst(10, 9, 23), ref="A", amount=50),  # 60 + 50 = 110 > 100
        # r1 has left: without r3 the window is r2's 50, with it 110: crosses again
        ev("r3", "req", cst(10, 10, 9), ref="A", amount=60),
        ev("r4", "req", cst(10, 10, 10), ref="A", amount=1),  # 111, already over: quiet
        # Sunday 12 October: r2, r3 and r4 have left (on a Monday-to-Friday calendar
        # r3 and r4 would stay until Tuesday)
        ev("r5", "req", cst(10, 12, 9), ref="A", amount=50),  # 50
        ev("r6", "req", cst(10, 12, 10), ref="A", amount=51),  # 101 > 100
    ]
    assert run(rs, *items) == [
        ("sm", W, cst(10, 9, 23), ["r1", "r2"]),
        ("sm", W, cst(10, 10, 9), ["r2", "r3"]),
        ("sm", W, cst(10, 12, 10), ["r5", "r6"]),
    ]
    # Monday to Friday only: r1's window ends on 2 October, r3's and r4's on 14 October
    assert run(rs, *items, calendar=WeekendCalendar()) == [
        ("sm", W, cst(10, 10, 9), ["r2", "r3"]),
        ("sm", W, cst(10, 12, 9), ["r3", "r4", "r5"]),
    ]


def test_distinct_counts_different_values_and_ignores_missing_ones() -> None:
    rs = ruleset(
        rule(
            "dst",
            distinct={
                "event": "req",
                "field": "req.who",
                "group_by": ["req.ref"],
                "within": "3d",
                "at_least": 2,
            },
        )
    )
    matches = evaluate(
        [rs],
        events(
            ev("r1", "req", at(2, 9), ref="A", who="x"),
            ev("r2", "req", at(2, 10), ref="A", who="x"),  # the same value
            ev("r3", "req", at(2, 11), ref="A"),  # missing: not a value
            ev("r4", "req", at(2, 12), ref="B", who="y"),  # another group
            ev("r5", "req", at(2, 13), ref="A", who="y"),  # x and y: 2
            ev("r6", "req", at(2, 14), ref="A", who="z"),  # 3: still over
        ),
    )
    assert [(m.time, m.actual, [e.id for e in m.events]) for m in matches] == [
        (at(2, 13), 2, ["r1", "r2", "r3", "r5"])
    ]


def test_a_limit_that_is_not_a_number_is_refused() -> None:
    rs = ruleset(
        rule("cnt", count={"event": "req", "within": "1d", "over": "params.name"}),
        params={"name": "text"},
    )
    with pytest.raises(RulesetError, match="expected the limit to be a number"):
        evaluate([rs], events(ev("r1", "req", at(2), ref="A")))


# -- graph predicates ----------------------------------------------------------------------


def org() -> OrgGraph:
    """x and y marry on 2026-03-05; p becomes the principal of u that day."""
    return OrgGraph(
        make_org(
            units=[unit("u")],
            positions=[pos("head", "u", principal=True)],
            persons=[person("x"), person("y"), person("p")],
            tenures=[tenure("p", "head", "2026-03-05")],
            kinship=[{"person": "x", "relative": "y", "relation": "spouse", "start": "2026-03-05"}],
        )
    )


def test_predicates_are_answered_as_of_the_event_time() -> None:
    rs = ruleset(rule("kin", when={"event": "req", "if": "related(req.ref, req.who)"}))
    items = [
        ev("r1", "req", at(4, 23, 59), ref="x", who="y"),  # the day before the marriage
        ev("r2", "req", at(5), ref="x", who="y"),
        ev("r3", "req", at(5), ref="x", who="stranger"),  # not in the organization
    ]
    assert run(rs, *items, graph=org()) == [("kin", W, at(5), ["r2"])]
    assert run(rs, *items) == []  # without an organization every predicate is false


def test_a_later_step_asks_the_graph_as_of_its_own_time() -> None:
    """The second step's predicate is read at the second event, not at the first."""
    rs = ruleset(
        rule(
            "seq",
            sequence={
                "steps": [
                    {"event": "req as r"},
                    {"event": "done", "if": "done.ref == r.ref and is_principal(done.ref)"},
                ],
                "within": "2d",
            },
        )
    )
    out = run(
        rs,
        ev("r1", "req", at(4), ref="p"),  # p is not yet principal
        ev("d1", "done", at(4, 12), ref="p"),  # still not
        ev("d2", "done", at(5), ref="p"),  # principal from 5 March
        graph=org(),
    )
    assert out == [("seq", W, at(5), ["r1", "d2"])]


def test_an_excuse_condition_sees_the_when_event_and_the_graph_at_its_own_time() -> None:
    rs = ruleset(
        rule(
            "unl",
            when={"event": "req"},
            unless={
                "event": "ok",
                "if": "ok.ref == req.who and related(ok.ref, req.ref)",
                "within": "3d",
                "side": "after",
            },
        )
    )
    out = run(
        rs,
        ev("r1", "req", at(3), ref="x", who="y"),
        ev("o1", "ok", at(4), ref="y"),  # not yet married on 4 March: no excuse
        ev("r2", "req", at(4), ref="x", who="y"),
        ev("o2", "ok", at(5), ref="y"),  # married: excuses r2 (and r1, in its window too)
        ev("r3", "req", at(4), ref="x", who="p"),
        ev("o3", "ok", at(5), ref="p"),  # p is no relative of x
        graph=org(),
        until=at(10),
    )
    assert out == [("unl", W, at(7), ["r3"])]


def test_an_exact_window_ends_at_its_instant() -> None:
    """12h window, over 1: an event exactly 12 hours after another no longer sees it."""
    rs = ruleset(rule("cnt", count={"event": "req", "within": "12h", "over": 1}))
    out = run(
        rs,
        ev("r1", "req", at(2, 0), ref="A"),
        ev("r2", "req", at(2, 12), ref="A"),  # exactly 12h later: r1 has left
        ev("r3", "req", at(2, 23, 59), ref="A"),  # r2 still in: 2 > 1
    )
    assert out == [("cnt", W, at(2, 23, 59), ["r2", "r3"])]


def test_required_fields_and_duration_parameters_as_the_engine_has_them() -> None:
    """An event lacking a field the rule requires is not evaluated; a duration given by
    a parameter takes the override. The engine gives the same matches."""
    from tests.engine_helpers import engine
    from tests.engine_helpers import events as engine_events

    rs = ruleset(
        rule(
            "exp",
            when={"event": "req"},
            expect={"event": "done", "if": "done.ref == req.ref", "within": "params.limit"},
            requires=["req.who"],
        ),
        params={"limit": "3d"},
    )
    items = [
        ev("r1", "req", at(2), ref="A", who="p1"),
        ev("r2", "req", at(2), ref="B"),  # no who: not evaluated
        ev("d1", "done", at(3, 12), ref="A"),  # in time for 3d, late for 1d
    ]
    for params, want in (
        (None, []),
        ({"t": {"limit": "1d"}}, [("exp", W, at(3), ["r1"])]),
    ):
        assert run(rs, *items, until=at(9), params=params) == want
        e = engine(rs, params=params)
        found = [
            (w.rule, "warning", w.time, [x.id for x in w.evidence.events])
            for w in e.process(engine_events(e, items), until=at(9))
        ]
        assert found == want
