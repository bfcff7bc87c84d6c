"""Error messages have one shape: where: what (hint)."""

from __future__ import annotations

import pytest

from riskwarn.errors import Location, OrgError, Problem, RiskwarnError, did_you_mean, field_path


def test_location_renders_file_line_rule_and_path() -> None:
    """Each part is optional; present parts join with ': '."""
    assert (
        str(Location("org.yaml", 31, path="positions[4].unit")) == "org.yaml:31: positions[4].unit"
    )
    assert (
        str(Location("funds.yaml", 14, rule="self_approval", path="when.if"))
        == "funds.yaml:14: rule 'self_approval': when.if"
    )
    assert str(Location()) == ""


def test_an_error_lists_every_problem_one_per_line() -> None:
    """str() of an error is its problems, each with its location."""
    err = OrgError([Problem(Location("a.yaml", 1), "x"), Problem(Location(), "y")])
    assert str(err) == "a.yaml:1: x\ny"
    assert isinstance(err, RiskwarnError)
    with pytest.raises(ValueError):
        OrgError([])


def test_did_you_mean_suggests_only_close_names() -> None:
    """A near miss gets a hint; a far one gets none."""
    assert (
        did_you_mean("finance_burea", ["finance_bureau", "audit"])
        == " (did you mean 'finance_bureau'?)"
    )
    assert did_you_mean("zzz", ["finance_bureau"]) == ""


def test_field_path_joins_names_and_indexes() -> None:
    """('powers', 2, 'stages', 'decision', 'holders', 0) reads as a path."""
    assert (
        field_path(("powers", 2, "stages", "decision", "holders", 0))
        == "powers[2].stages.decision.holders[0]"
    )
