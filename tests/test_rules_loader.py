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
