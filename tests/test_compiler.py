"""The compiler: what durable_rules gets for each shape, the guards on its output,
and the rules it refuses with their location."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from riskwarn.compiler import (
    NONE_NUMBER,
    NONE_TEXT,
    Shape,
    check_definition,
    compile_ruleset,
    encode,
    event_types,
    micros,
    resolve_params,
)
from riskwarn.errors import RulesetError
from riskwarn.events import EventTypes
from riskwarn.events.meetings import DecisionMode
from tests.engine_helpers import rule, ruleset

SHAPES: dict[str, dict[str, Any]] = {
    "when": {"when": {"event": "req", "if": "req.amount > params.big"}},
    "unless_before": {
        "when": {"event": "req"},
        "unless": {"event": "ok", "if": "ok.ref == req.ref", "within": "2d"},
    },
    "unless_after": {
        "when": {"event": "req"},
        "unless": {"event": "ok", "if": "ok.ref == req.ref", "within": "2d", "side": "after"},
    },
    "unless_either": {
        "when": {"event": "req"},
        "unless": {"event": "ok", "if": "ok.ref == req.ref", "within": "2d", "side": "either"},
    },
    "expect": {
        "when": {"event": "req"},
        "expect": {"event": "done", "if": "done.ref == req.ref", "within": "3 workdays"},
        "remind_before": "1 workday",
    },
    "sequence": {
        "sequence": {
            "steps": [
                {"event": "req as a"},
                {"event": "req as b", "if": "b.ref == a.ref and b.amount > a.amount"},
                {"event": "done as c", "if": "c.ref == b.ref"},
            ],
            "within": "7d",
        }
    },
    "window": {"sum": {"event": "req", "field": "req.amount", "within": "30d", "over": 1000}},
}


def compiled(**shape: Any) -> Any:
    rs = ruleset(rule("r", **shape))
    return compile_ruleset(rs, event_types([rs])).rules[0]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_shape_compiles_within_the_guards(name: str) -> None:
    c = compiled(**SHAPES[name])
    assert c.shape == Shape(name)
    assert check_definition(c.definition) == []
    text = json.dumps(c.definition)
    assert "$or" not in text
    assert '"count"' not in text and '"cap"' not in text


def test_every_joining_test_ends_with_the_always_true_join() -> None:
    c = compiled(**SHAPES["sequence"])
    items = c.definition["hit"]["all"]
    assert items[0] == {"s0": {"_a": "s0"}}
    for item in items[1:]:
        (test,) = item.values()
        assert test["$and"][-1] == {"_k": {"s0": "_k"}}
    assert {"f_ref": {"s1": "f_ref"}} in items[2]["s2"]["$and"]


def test_ordering_joins_need_both_sides_present() -> None:
    c = compiled(**SHAPES["sequence"])
    step = c.definition["hit"]["all"][1]["s1"]["$and"]
    assert {"$gt": {"f_amount": {"s0": "f_amount"}}} in step
    assert {"$neq": {"_none_number": {"s0": "f_amount"}}} in step
    assert c.patterns[1].required == ("amount",)


def test_local_conditions_stay_in_python_and_joins_go_to_durable_rules() -> None:
    c = compiled(
        when={"event": "req"},
        unless={"event": "ok", "if": "ok.ref == req.ref and ok.ref != 'X'", "within": "1d"},
    )
    w, u = c.patterns
    assert u.local is not None and u.joins[0].field == "ref"
    assert [(j.op, j.other, j.other_tag) for j in u.joins] == [("==", "req", "w")]
    assert w.carries == (("ref", "text"),) and u.carries == (("ref", "text"),)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            "ok.ref == req.ref or ok.ref == 'x'",
            "names an earlier event in a way the engine cannot join",
        ),
        ("related(ok.ref, req.ref)", "names an earlier event"),
        ("req.amount > 5", "names an earlier event"),
        (
            "ok.ref == req.amount",
            "compares text with number: a join compares fields of the same kind",
        ),
    ],
)
def test_cross_event_conditions_it_cannot_join_are_refused_with_their_location(
    condition: str, message: str
) -> None:
    rs = ruleset(
        rule("r", when={"event": "req"}, unless={"event": "ok", "if": condition, "within": "1d"})
    )
    with pytest.raises(RulesetError) as info:
        compile_ruleset(rs, event_types([rs]))
    (problem,) = info.value.problems
    assert problem.location.rule == "r" and problem.location.path == "unless.if"
    assert message in problem.message


def test_check_definition_reports_each_broken_guard() -> None:
    bad = {
        "a": {"all": [{"x": {"$or": [{"a": 1}]}}]},
        "b": {"all": [{"x": {"_a": "x"}}, {"y": {"$and": [{"f": {"x": "f"}}]}}]},
        "c": {"all": [{"y": {"$and": [{"f": {"z": "f"}}, {"_k": {"z": "_k"}}]}}]},
        "d": {"all": [], "count": 3},
    }
    problems = check_definition(bad)
    assert "a.x: operator '$or' is not allowed" in problems
    assert "b.y: a joining $and must end with the _k guard" in problems
    assert "c.y: joins 'z', not bound before it" in problems
    assert "d: unexpected key 'count'" in problems


def test_params_overrides_are_checked_by_name_and_kind() -> None:
    rs = ruleset(rule("r", **SHAPES["when"]), params={"big": 100, "names": ["a"]})
    assert resolve_params(rs, {"big": 5}) == {"big": 5, "names": ["a"]}
    with pytest.raises(RulesetError) as info:
        resolve_params(rs, {"bg": 5, "names": "a"})
    text = str(info.value)
    assert "params.t.bg: ruleset 't' has no parameter 'bg' (did you mean 'big'?)" in text
    assert "params.t.names: expected a list like the default ['a'], got 'a'" in text


def test_window_limits_come_from_params_after_overrides() -> None:
    rs = ruleset(
        rule("r", sum={"event": "req", "field": "req.amount", "within": "1d", "over": "params.big"})
    )
    plan = compile_ruleset(rs, event_types([rs]), {"big": 7}).rules[0].window
    assert plan is not None and plan.threshold == 7 and not plan.inclusive


def test_rulesets_that_declare_one_event_type_differently_conflict() -> None:
    a = ruleset(rule("r", **SHAPES["when"]))
    b = ruleset(rule("r", when={"event": "ok"}), name="u", event_types={"ok": {"ref": "text"}})
    with pytest.raises(RulesetError, match="declares event type 'ok' differently"):
        event_types([a, b])
    assert "req" in event_types([a, a]) and "req" not in EventTypes.default()


def test_disabled_rules_are_left_out_and_to_json_is_plain_json() -> None:
    rs = ruleset(rule("r", **SHAPES["expect"]), rule("off", enabled=False, **SHAPES["when"]))
    out = compile_ruleset(rs, event_types([rs]))
    assert [r.id for r in out.rules] == ["r"]
    data = json.loads(json.dumps(out.to_json()))
    assert data["rules"][0]["remind_before"] == "1 workday"
    assert data["rules"][0]["patterns"][1]["joins"] == ["done.ref == req.ref"]


def test_join_values_travel_as_comparable_plain_values() -> None:
    tz = timezone(timedelta(hours=8))
    assert encode(None, "text") == NONE_TEXT and encode(None, "number") == NONE_NUMBER
    assert encode(Decimal("12.30"), "number") == 12.3
    assert encode(DecisionMode.COLLECTIVE, "text") == "collective"
    assert encode(date(2026, 1, 2), "number") == date(2026, 1, 2).toordinal()
    t = datetime(1970, 1, 1, 8, 0, 1, 5, tzinfo=tz)
    assert micros(t) == 1_000_005 == encode(t, "number")
