"""scan(): argument checks, parameter validation, and one warning per id."""

from __future__ import annotations

from datetime import date

import pytest

from riskwarn import OrgGraph, scan
from riskwarn.errors import OrgError, RulesetError
from tests.orgs import make_org, person, pos, tenure, unit

GRAPH = OrgGraph(
    make_org(
        units=[unit("u")],
        positions=[pos("p", "u", principal=True)],
        persons=[person("a")],
        tenures=[tenure("a", "p", "2016-01-01")],
    )
)
AT = date(2026, 6, 30)


def test_scan_refuses_what_is_not_a_graph_or_a_day() -> None:
    """Passing the organization, or a string day, is an OrgError that says what to do."""
    with pytest.raises(OrgError) as err:
        scan(GRAPH.org, AT)  # type: ignore[arg-type]
    assert str(err.value) == "scan needs an OrgGraph, got Organization (build one: OrgGraph(org))"
    with pytest.raises(OrgError) as err:
        scan(GRAPH, "2026-06-30")  # type: ignore[arg-type]
    assert str(err.value) == "at: expected a date or an aware datetime, got str '2026-06-30'"


def test_only_accepts_one_name_or_many() -> None:
    """only='rotation_overdue' runs that analyzer, not one per character."""
    assert [w.rule for w in scan(GRAPH, AT, only="rotation_overdue")] == ["rotation_overdue"]


def test_parameters_are_checked_even_for_analyzers_left_out() -> None:
    """A typo in the parameters of an analyzer not run is still an error."""
    with pytest.raises(RulesetError) as err:
        scan(GRAPH, AT, only=["over_quota"], params={"rotation_overdue": {"limit_yeras": 3}})
    assert (
        str(err.value)
        == "rule 'rotation_overdue': params.limit_yeras: unknown parameter 'limit_yeras' (did you mean 'limit_years'?)"
    )


def test_parameters_have_bounds() -> None:
    """A zero limit or a negative reminder is refused, each named."""
    with pytest.raises(RulesetError) as err:
        scan(GRAPH, AT, params={"rotation_overdue": {"limit_years": 0, "remind_months": -5}})
    assert str(err.value) == (
        "rule 'rotation_overdue': params.limit_years: Input should be greater than or equal to 1, got 0\n"
        "rule 'rotation_overdue': params.remind_months: Input should be greater than or equal to 0, got -5"
    )


def test_scan_results_are_deterministic() -> None:
    """The same graph and day give the same warnings in the same order with the same ids."""
    assert scan(GRAPH, AT) == scan(GRAPH, AT)
