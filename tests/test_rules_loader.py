"""Loading rulesets: every shape and name problem located by file, line, rule id and field path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskwarn.cli import main
from riskwarn.errors import RulesetError
from riskwarn.events import EventTypes
from riskwarn.rules.check import check_ruleset
from riskwarn.rules.loader import load_ruleset
from riskwarn.rules.model import Ruleset

DATA = Path(__file__).parent / "data" / "rulesets"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def test_a_valid_ruleset_loads_with_every_shape() -> None:
    """The example funds ruleset loads: custom event type, unless, expect, sum and analyzer rules."""
    ruleset = load_ruleset(DATA / "valid_funds.yaml")
    assert [r.id for r in ruleset.rules] == [
        "self_approval",
        "large_fund_without_decision",
        "service_deadline",
        "procurement_split",
        "fuel_over_tank",
        "rotation",
    ]
    assert str(ruleset.rules[2].remind_before) == "1 workday"
    assert ruleset.params == {"large_fund": 500000, "open_tender": 2000000}


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_rulesets_report_every_problem_in_full(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each invalid file gives exactly the messages beside it (file relative to its folder)."""
    monkeypatch.chdir(path.parent)
    with pytest.raises(RulesetError) as err:
        load_ruleset(path.name)
    assert str(err.value) + "\n" == path.with_suffix(".expected").read_text(encoding="utf-8")


def test_a_missing_file_is_an_error() -> None:
    """A path that does not exist says so."""
    with pytest.raises(RulesetError) as err:
        load_ruleset("no/such/rules.yaml")
    assert str(err.value) == "no/such/rules.yaml: no such file"


def test_declared_types_do_not_leak_into_the_callers_registry() -> None:
    """A ruleset's event_types are declared on a copy of the types passed in."""
    types = EventTypes.default()
    load_ruleset(DATA / "valid_funds.yaml", types)
    assert "fuel_fill" not in types


def test_duplicate_rule_ids_are_reported_where_they_repeat() -> None:
    """The check names the second id and the index of the first."""
    rule = {
        "id": "a",
        "title": "t",
        "level": "red",
        "category": "c",
        "basis": "b",
        "when": {"event": "payment"},
    }
    ruleset = Ruleset.model_validate(
        {"ruleset": "r", "version": "1", "title": "t", "rules": [rule, rule]}
    )
    assert [str(p) for p in check_ruleset(ruleset, EventTypes.default())] == [
        "rules[1].id: duplicate rule id 'a' (first at rules[0])"
    ]


def test_check_command_reports_ok_and_errors() -> None:
    """riskwarn check prints one line per valid file and exits 1 listing every problem of the others."""
    ok = CliRunner().invoke(main, ["check", str(DATA / "valid_funds.yaml")])
    assert ok.exit_code == 0
    assert ok.output == f"{DATA / 'valid_funds.yaml'}: ruleset 'funds' version 1: 6 rules ok\n"
    bad = CliRunner().invoke(main, ["check", str(DATA / "invalid" / "alias_twice.yaml")])
    assert bad.exit_code == 1
    assert bad.output.endswith(
        "rule 'a': unless.event: alias 'payment' is already bound in this rule\n"
    )


def test_schema_command_prints_the_ruleset_json_schema() -> None:
    """The schema names the top-level keys and uses 'if' (the YAML key), not 'if_'."""
    import json

    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert set(schema["required"]) == {"ruleset", "version", "title", "rules"}
    assert "if" in schema["$defs"]["Pattern"]["properties"]


def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """The lines load_ruleset reports for ``text`` written to r.yaml (none when it loads)."""
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        load_ruleset("r.yaml")
    except RulesetError as err:
        return str(err).splitlines()
    return []


HEAD = 'ruleset: r\nversion: "1"\ntitle: t\n'
RULE = "  - id: {id}\n    title: t\n    level: red\n    category: c\n    basis: b\n"


def test_message_placeholders_are_checked_against_every_event_of_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown events, fields and specials in message and message_en, each at its column;
    the events a warning holds and the specials are known names."""
    text = (
        HEAD
        + "rules:\n"
        + RULE.format(id="a")
        + "    when: {event: payment}\n"
        + "    unless: {event: decision as d, within: 1d}\n"
        + '    message: "{payment.approver.name} 付款 {payment.amout} 元 {subject} {count}"\n'
        + '    message_en: "{paymnt.id} {deadlin}"\n'
    )
    assert problems(tmp_path, monkeypatch, text) == [
        "r.yaml:12: rule 'a': message: column 28: 'payment' has no field 'amout' (did you mean 'amount'?)",
        "r.yaml:13: rule 'a': message_en: column 1: unknown event 'paymnt' (did you mean 'payment'?)",
        "r.yaml:13: rule 'a': message_en: column 13: unknown placeholder '{deadlin}': expected "
        "{alias.field}, {alias.field.name}, {params.NAME} or one of {subject}, {actual}, {threshold}, {count}, "
        "{deadline} (did you mean 'deadline'?)",
    ]


def test_a_malformed_message_is_one_problem_at_its_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A format spec stops the template's checks: the names after it are not reported."""
    text = (
        HEAD
        + "rules:\n"
        + RULE.format(id="a")
        + "    when: {event: payment}\n"
        + '    message: "金额 {payment.amount:,.2f} {nope}"\n'
    )
    assert problems(tmp_path, monkeypatch, text) == [
        "r.yaml:11: rule 'a': message: column 19: '{payment.amount:,.2f}': format specs are "
        "not allowed in a placeholder"
    ]


def test_suppress_by_names_the_subject_or_a_field_of_an_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """subject and payment.payee pass; a typo of subject, a bare word, an unknown field do not."""
    text = (
        HEAD
        + "rules:\n"
        + RULE.format(id="a")
        + "    when: {event: payment}\n"
        + "    suppress:\n"
        + "      for: 30d\n"
        + "      by: [subject, payment.payee, subjet, payment.payer, amount + 1]\n"
    )
    assert problems(tmp_path, monkeypatch, text) == [
        "r.yaml:13: rule 'a': suppress.by[2]: expected 'subject' or a field such as "
        "'payment.approver', got 'subjet' (did you mean 'subject'?)",
        "r.yaml:13: rule 'a': suppress.by[3]: column 1: 'payment' has no field 'payer' "
        "(did you mean 'payee'?)",
        "r.yaml:13: rule 'a': suppress.by[4]: expected 'subject' or a field such as "
        "'payment.approver', got 'amount + 1'",
    ]


def test_parameter_names_must_be_usable_as_params_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with a dash, one starting with a digit or '_', a keyword, and 'params' are refused."""
    text = (
        HEAD
        + "params:\n"
        + "  large_fund: 1\n"
        + "  large-fund: 1\n"
        + "  2nd: 1\n"
        + "  _x: 1\n"
        + "  if: 1\n"
        + "  params: 1\n"
        + "  金额: 1\n"
        + "rules:\n"
        + RULE.format(id="a")
        + "    when: {event: payment, if: payment.amount > params.large_fund}\n"
    )
    rule = "expected a parameter name of letters, digits and '_', starting with a letter (conditions write params.NAME)"
    assert problems(tmp_path, monkeypatch, text) == [
        f"r.yaml:6: params.large-fund: {rule}, got 'large-fund'",
        f"r.yaml:7: params.2nd: {rule}, got '2nd'",
        f"r.yaml:8: params._x: {rule}, got '_x'",
        "r.yaml:9: params.if: 'if' is a Python keyword and cannot be written params.if; rename it",
        "r.yaml:10: params.params: 'params' cannot name a parameter (it is the name of them all); rename it",
        f"r.yaml:11: params.金额: {rule}, got '金额'",
    ]


def test_an_unknown_event_type_is_one_problem_not_one_per_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fields of an alias whose type is unknown, or declared but invalid, are not
    reported again in if, field, group_by, subject, suppress.by or message."""
    text = (
        HEAD
        + "event_types:\n"
        + "  fuel_fill: {litres: decimall}\n"
        + "rules:\n"
        + RULE.format(id="a")
        + "    sum:\n"
        + "      event: purchse as p\n"
        + "      if: p.method != 'open_tender'\n"
        + "      field: p.amount\n"
        + "      group_by: [p.budget_item]\n"
        + "      within: 365d\n"
        + "      over: 100\n"
        + "    subject: p.buyer\n"
        + "    suppress: {for: 30d, by: [p.budget_item]}\n"
        + '    message: "{p.budget_item}: {actual}"\n'
        + RULE.format(id="b")
        + "    when: {event: fuel_fill, if: fuel_fill.litres > 80}\n"
        + "    subject: fuel_fill.card\n"
    )
    assert problems(tmp_path, monkeypatch, text) == [
        "r.yaml:5: event_types.fuel_fill.litres: unknown field type 'decimall' (did you mean 'decimal'?)",
        "r.yaml:13: rule 'a': sum.event: unknown event type 'purchse' (did you mean 'purchase'?)",
    ]


def test_a_duplicate_id_is_reported_when_a_rule_is_invalid_in_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Either order: the invalid rule first or second; its shape problem is reported too."""
    valid = RULE.format(id="a") + "    when: {event: payment}\n"
    invalid = RULE.format(id="a").replace("red", "purple") + "    when: {event: payment}\n"
    assert problems(tmp_path, monkeypatch, HEAD + "rules:\n" + valid + invalid) == [
        "r.yaml:11: rule 'a': id: duplicate rule id 'a' (first at rules[0])",
        "r.yaml:13: rule 'a': level: expected one of 'red', 'orange', 'yellow', 'blue'; got 'purple'",
    ]
    assert problems(tmp_path, monkeypatch, HEAD + "rules:\n" + invalid + valid) == [
        "r.yaml:7: rule 'a': level: expected one of 'red', 'orange', 'yellow', 'blue'; got 'purple'",
        "r.yaml:11: rule 'a': id: duplicate rule id 'a' (first at rules[0])",
    ]


def test_condition_columns_count_characters_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Chinese text, and in a condition written with leading spaces."""
    text = (
        HEAD
        + "rules:\n"
        + RULE.format(id="a")
        + "    when: {event: payment, if: \"payment.payee == '某公司' and payment.amout > 1\"}\n"
        + RULE.format(id="b")
        + "    when:\n"
        + "      event: payment\n"
        + "      if: '  payment.amount >'\n"
    )
    assert problems(tmp_path, monkeypatch, text) == [
        "r.yaml:10: rule 'a': when.if: column 28: 'payment' has no field 'amout' (did you mean 'amount'?)",
        "r.yaml:18: rule 'b': when.if: column 19: invalid syntax: invalid syntax",
    ]


def test_subject_and_message_cannot_name_the_expected_event(tmp_path: Path) -> None:
    """An expect event is what is missing: a warning has no fields of it to show."""
    path = tmp_path / "r.yaml"
    path.write_text(
        """ruleset: s
version: "1"
title: t
rules:
  - id: late
    title: late
    level: yellow
    category: c
    basis: b
    when: {event: service_request as req}
    expect: {event: service_completed as done, if: done.request_id == req.id, within: 5d}
    subject: done.request_id
    message: "{done.outcome} {req.service}"
""",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:12: rule 'late': subject: 'done' is the expect event, which a warning never "
        "has (it is missing, or it did not come); name the when event's fields",
        f"{path}:13: rule 'late': message: 'done' is the expect event, which a warning never "
        "has (it is missing, or it did not come); name the when event's fields",
    ]
