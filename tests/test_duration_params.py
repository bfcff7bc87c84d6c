"""Durations given by parameters: ``within: params.NAME`` (and ``remind_before``,
windows, ``suppress.for``), overridable per deployment like any other parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwarn.errors import RulesetError
from riskwarn.rules.duration import Duration
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset
from tests.engine_helpers import EVENT_TYPES, at, ev, rule, run

EXPECT = rule(
    "exp",
    "yellow",
    when={"event": "req"},
    expect={"event": "done", "if": "done.ref == req.ref", "within": "params.limit"},
    remind_before="params.remind",
)


def ruleset(*rules: dict[str, object], params: dict[str, object] | None = None) -> Ruleset:
    return Ruleset.model_validate(
        {
            "ruleset": "t",
            "version": "1",
            "title": "t",
            "params": {"limit": "3d", "remind": "1d"} if params is None else params,
            "event_types": EVENT_TYPES,
            "rules": list(rules),
        }
    )


def test_a_duration_parameter_gives_the_deadline_and_can_be_overridden() -> None:
    rs = ruleset(EXPECT)
    assert rs.rules[0].expect is not None
    assert rs.rules[0].expect.within == Duration.parse("3d")
    assert rs.rules[0].expect.within.param == "limit"
    items = [ev("r1", "req", at(2), ref="A")]
    assert run(rs, items, until=at(9)) == [
        ("exp", "blue", "04 09:00", ["r1"]),
        ("exp", "yellow", "05 09:00", ["r1"]),
    ]
    shorter = run(rs, items, until=at(9), params={"t": {"limit": "2d", "remind": "12h"}})
    assert shorter == [("exp", "blue", "03 21:00", ["r1"]), ("exp", "yellow", "04 09:00", ["r1"])]


def test_windows_and_suppression_take_parameters_too() -> None:
    rs = ruleset(
        rule(
            "busy",
            count={"event": "req", "group_by": ["req.ref"], "within": "params.span", "over": 1},
            suppress={"for": "params.quiet"},
        ),
        params={"span": "1d", "quiet": "30d"},
    )
    items = [ev(f"r{i}", "req", at(2, 9 + i), ref="A") for i in range(3)]
    assert run(rs, items) == [("busy", "red", "02 10:00", ["r0", "r1"])]
    # a window of an hour: r1 comes exactly an hour after r0, so never two in one
    assert run(rs, items, params={"t": {"span": "1h"}}) == []


def test_a_duration_parameter_keeps_its_reference_when_dumped() -> None:
    rs = ruleset(EXPECT)
    dumped = rs.model_dump(by_alias=True, mode="json")
    assert dumped["rules"][0]["expect"]["within"] == "params.limit"
    assert dumped["rules"][0]["remind_before"] == "params.remind"
    assert Ruleset.model_validate(dumped) == rs


def test_a_bad_override_is_refused_with_rule_and_parameter() -> None:
    with pytest.raises(RulesetError) as caught:
        run(ruleset(EXPECT), [], params={"t": {"limit": "three days"}})
    assert (
        "rule 'exp': params.limit: expected a duration like '5 workdays', got 'three days'"
        in str(caught.value)
    )
    with pytest.raises(RulesetError, match="expected a text like the default"):
        run(ruleset(EXPECT), [], params={"t": {"limit": 3}})


def test_file_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "ruleset: t\nversion: '1'\ntitle: t\n"
        "params: {limit: 5, remind: 1d}\n"
        "rules:\n"
        "  - id: exp\n    title: t\n    level: red\n    category: c\n    basis: b\n"
        "    when: {event: service_request as req}\n"
        "    expect:\n"
        "      event: service_completed as done\n"
        "      if: done.request_id == req.id\n"
        "      within: params.limit\n"
        "    remind_before: params.remnd\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        f"{path}:15: rule 'exp': expect.within: params.limit: expected a duration like "
        "'30d', '12h' or '5 workdays', got 5 (a number needs a unit: '5d', '5h' or '5 workdays')",
        f"{path}:16: rule 'exp': remind_before: no parameter 'remnd' in the ruleset's params",
    ]


def test_a_message_may_show_a_parameter_as_the_deployment_set_it() -> None:
    from tests.engine_helpers import engine, events

    rs = ruleset(
        {
            **EXPECT,
            "message": "{req.ref} 未在{params.limit}内办结（截至 {deadline}）",
            "message_en": "{req.ref} not done within {params.limit}",
        },
    )
    e = engine(rs, params={"t": {"limit": "2 workdays"}})
    out = list(e.process(events(e, [ev("r1", "req", at(2), ref="A")]), until=at(9)))
    (late,) = [w for w in out if w.level.value == "yellow"]
    # durations in words of the message's language
    assert late.message == "A 未在2个工作日内办结（截至 2026-03-05T00:00:00+08:00）"
    assert late.message_en == "A not done within 2 working days"


def test_an_unknown_parameter_in_a_message_is_located(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "ruleset: t\nversion: '1'\ntitle: t\n"
        "params: {limit: 5 workdays}\n"
        "rules:\n"
        "  - id: w\n    title: t\n    level: red\n    category: c\n    basis: b\n"
        "    when: {event: service_request as req}\n"
        "    message: '{req.id} {params.limt} {params.limit.name}'\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:12: rule 'w': message: column 10: unknown parameter 'limt' (did you mean 'limit'?)",
        f"{path}:12: rule 'w': message: column 24: '{{params.limit.name}}': a parameter has no "
        "display name; write {params.limit}",
    ]
