"""Fields a rule requires (``requires:``): an event lacking one is not evaluated by the
rule, and the engine says how many were not, so that a log without person ids gives
"cannot be evaluated" instead of a warning on every case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.compiler import compile_ruleset, event_types
from riskwarn.engine.core import Diagnostic
from riskwarn.errors import RulesetError
from riskwarn.rules.loader import load_ruleset
from tests.engine_helpers import at, brief, engine, ev, events, rule, ruleset

STEP = {"step": {"case": "id", "status": "text", "who": "id?", "amount": "decimal?"}}

FOUR_EYES = rule(
    "four_eyes",
    sequence={
        "steps": [
            {"event": "step as s", "if": "s.status == 'submitted'"},
            {
                "event": "step as a",
                "if": "a.status == 'approved' and a.case == s.case and a.who == s.who",
            },
        ],
        "within": "30d",
    },
    requires=["s.who", "a.who"],
)


def _rules(*rules: dict[str, Any]) -> Any:
    return ruleset(*rules, event_types=STEP)


def _step(id: str, day: int, case: str, status: str, who: str | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {"case": case, "status": status}
    if who is not None:
        fields["who"] = who
    return ev(id, "step", at(day), **fields)


def _run(rs: Any, items: list[dict[str, Any]]) -> tuple[list[Any], list[Diagnostic]]:
    e = engine(rs)
    out = brief(list(e.process(events(e, items))))
    return out, e.diagnostics


ANONYMOUS = [
    _step("s1", 2, "c1", "submitted"),
    _step("a1", 3, "c1", "approved"),
    _step("s2", 4, "c2", "submitted"),
    _step("a2", 5, "c2", "approved"),
]


def test_without_requires_an_absent_person_equals_an_absent_person() -> None:
    """The reason for the feature: a join compares two missing values as equal."""
    unguarded = {k: v for k, v in FOUR_EYES.items() if k != "requires"}
    out, diagnostics = _run(_rules(unguarded), ANONYMOUS)
    assert out == [
        ("four_eyes", "red", "03 09:00", ["s1", "a1"]),
        ("four_eyes", "red", "05 09:00", ["s2", "a2"]),
    ]
    assert diagnostics == []


def test_a_rule_whose_required_field_is_always_absent_cannot_be_evaluated() -> None:
    """No warning, and one diagnostic per required field, counting the events that met
    the pattern's condition (two submissions, two approvals)."""
    out, diagnostics = _run(_rules(FOUR_EYES), ANONYMOUS)
    assert out == []
    assert diagnostics == [
        Diagnostic("t", "four_eyes", "s.who", 2, 2),
        Diagnostic("t", "four_eyes", "a.who", 2, 2),
    ]
    assert [d.evaluable for d in diagnostics] == [False, False]
    assert str(diagnostics[0]) == (
        "t: rule 'four_eyes': cannot be evaluated: s.who is absent in 2 of 2 events"
    )


def test_events_with_the_field_are_evaluated_and_the_others_counted() -> None:
    out, diagnostics = _run(
        _rules(FOUR_EYES),
        [
            _step("s1", 2, "c1", "submitted", "p1"),
            _step("a1", 3, "c1", "approved", "p1"),  # the same person: warns
            _step("s2", 4, "c2", "submitted", "p1"),
            _step("a2", 5, "c2", "approved", "p2"),  # another person
            _step("s3", 6, "c3", "submitted"),
            _step("a3", 7, "c3", "approved"),  # nobody known: not evaluated
            _step("x", 8, "c3", "saved"),  # not a step of the rule: not counted
        ],
    )
    assert out == [("four_eyes", "red", "03 09:00", ["s1", "a1"])]
    assert diagnostics == [
        Diagnostic("t", "four_eyes", "s.who", 1, 3),
        Diagnostic("t", "four_eyes", "a.who", 1, 3),
    ]
    assert str(diagnostics[1]) == (
        "t: rule 'four_eyes': a.who is absent in 1 of 3 events, which it did not evaluate"
    )


def test_a_rule_whose_fields_are_all_present_has_no_diagnostic() -> None:
    out, diagnostics = _run(
        _rules(FOUR_EYES),
        [_step("s1", 2, "c1", "submitted", "p1"), _step("a1", 3, "c1", "approved", "p2")],
    )
    assert (out, diagnostics) == ([], [])


def test_an_aggregate_does_not_count_events_that_lack_a_required_field() -> None:
    """Three large amounts, but one has no amount... and one no person: only two count."""
    many = rule(
        "many",
        "yellow",
        count={
            "event": "step",
            "if": "step.status == 'paid'",
            "group_by": ["step.case"],
            "within": "7d",
            "at_least": 3,
        },
        requires=["step.who"],
    )
    items = [
        _step("p1", 2, "c1", "paid", "x"),
        _step("p2", 3, "c1", "paid"),
        _step("p3", 4, "c1", "paid", "y"),
        _step("p4", 5, "c1", "paid", "z"),
    ]
    out, diagnostics = _run(_rules(many), items)
    assert out == [("many", "yellow", "05 09:00", ["p1", "p3", "p4"])]
    assert diagnostics == [Diagnostic("t", "many", "step.who", 1, 4)]


def test_compile_shows_the_required_fields_of_each_pattern() -> None:
    rs = _rules(FOUR_EYES)
    compiled = compile_ruleset(rs, event_types([rs])).to_json()
    patterns = compiled["rules"][0]["patterns"]
    assert [p.get("requires") for p in patterns] == [["who"], ["who"]]


def _check(tmp_path: Path, rules: str) -> str:
    path = tmp_path / "r.yaml"
    path.write_text(
        "ruleset: r\nversion: '1'\ntitle: t\n"
        "event_types:\n  step: {case: id, status: text, who: id?}\n"
        "rules:\n" + rules,
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    return str(caught.value)


def test_requires_names_fields_of_the_events_a_warning_holds(tmp_path: Path) -> None:
    head = "  - {id: %s, title: t, level: red, category: c, basis: b,\n     "
    message = _check(
        tmp_path,
        (head % "typo")
        + "when: {event: step as s}, requires: [s.woh, x.who, s]}\n"
        + (head % "excuse")
        + "when: {event: step as s}, unless: {event: step as u, within: 1d},"
        " requires: [u.who]}\n"
        + (head % "scan")
        + "analyzer: {id: rotation_overdue}, requires: [s.who]}\n",
    )
    assert message.splitlines() == [
        f"{tmp_path / 'r.yaml'}:8: rule 'typo': requires[0]: column 1: 's' has no field 'woh' (did you mean 'who'?)",
        f"{tmp_path / 'r.yaml'}:8: rule 'typo': requires[1]: column 1: unknown event 'x'",
        f"{tmp_path / 'r.yaml'}:8: rule 'typo': requires[2]: expected a field such as 'payment.approver', got 's'",
        f"{tmp_path / 'r.yaml'}:10: rule 'excuse': requires[0]: 'u' is the unless event, which a warning never has (it is missing, or it did not come); name the when event's fields",
        f"{tmp_path / 'r.yaml'}:11: rule 'scan': requires names event fields; an analyzer rule has no events",
    ]


def test_run_prints_each_diagnostic_on_stderr(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        json.dumps(
            {
                "ruleset": "t",
                "version": "1",
                "title": "t",
                "event_types": STEP,
                "rules": [FOUR_EYES],
            }
        ),
        encoding="utf-8",
    )
    log = tmp_path / "events.jsonl"
    log.write_text("".join(json.dumps(item) + "\n" for item in ANONYMOUS), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", "--rules", str(rules), "--events", str(log), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "t: rule 'four_eyes': cannot be evaluated: s.who is absent in 2 of 2 events",
        "t: rule 'four_eyes': cannot be evaluated: a.who is absent in 2 of 2 events",
    ]
