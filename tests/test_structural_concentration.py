"""Power concentration and over-quota staffing."""

from __future__ import annotations

from tests.orgs import power, tenure
from tests.structural_helpers import brief, run


def test_stages_of_three_high_risk_powers_concentrate_power() -> None:
    """Three distinct high-risk powers is yellow; two is not."""
    tenures = [tenure("a", "fin_dep", "2024-01-01")]
    three = run(
        "power_concentration",
        tenures=tenures,
        powers=[power(f"p{i}", "fin", execution=["fin_dep"]) for i in range(3)],
    )
    two = run(
        "power_concentration",
        tenures=tenures,
        powers=[power(f"p{i}", "fin", execution=["fin_dep"]) for i in range(2)],
    )
    assert brief(three) == [("yellow", "person", "a")]
    assert (three[0].evidence.threshold, three[0].evidence.actual) == (3, 3)
    assert two == []


def test_weighted_degree_far_above_the_mean_is_concentration() -> None:
    """One person with 2 high-risk + several low-risk stages among many single-stage holders stands out."""
    positions = [
        {"id": f"s{i}", "name": f"s{i}", "unit": "fin_acc", "grade": "staff"} for i in range(12)
    ]
    tenures = [tenure("a", "fin_dep", "2024-01-01")] + [
        tenure(f"x{i}", f"s{i}", "2024-01-01") for i in range(12)
    ]
    persons = [{"id": f"x{i}", "name": f"x{i}"} for i in range(12)]
    powers = [power(f"h{i}", "fin", execution=["fin_dep"]) for i in range(2)]
    powers += [power(f"l{i}", "fin", risk="low", execution=["fin_dep", f"s{i}"]) for i in range(12)]
    found = run(
        "power_concentration", positions=positions, persons=persons, tenures=tenures, powers=powers
    )
    assert brief(found) == [("yellow", "person", "a")]
    assert found[0].evidence.actual == 18.0


def test_filling_posts_beyond_the_approved_quota_is_red() -> None:
    """Two deputies filled against an approved quota of one is red for the unit; exactly at quota is fine."""
    positions = [
        {
            "id": "fin_dep2",
            "name": "财政局副局长2",
            "unit": "fin",
            "grade": "section_main",
            "leadership": True,
        }
    ]
    tenures = [
        tenure("a", "fin_dep", "2024-01-01"),
        tenure("b", "fin_dep2", "2024-01-01"),
        tenure("c", "fin_head", "2024-01-01"),
    ]
    over = run(
        "over_quota",
        positions=positions,
        tenures=tenures,
        quotas=[{"unit": "fin", "group": "section_main", "approved": 2}],
    )
    at_quota = run(
        "over_quota",
        positions=positions,
        tenures=tenures,
        quotas=[{"unit": "fin", "group": "section_main", "approved": 3}],
    )
    assert brief(over) == [("red", "unit", "fin")]
    assert (over[0].evidence.threshold, over[0].evidence.actual) == (2, 3)
    assert over[0].message == "财政局 section_main 职数核定 2 名，实配 3 名，超职数配备"
    assert at_quota == []


def test_duplicate_quota_rows_give_one_warning() -> None:
    """Two overlapping rows for the same unit and group restate one finding: one warning, one id."""
    quota = {"unit": "fin", "group": "section_main", "approved": 0}
    found = run(
        "over_quota",
        tenures=[tenure("a", "fin_head", "2024-01-01")],
        quotas=[quota, {**quota, "start": "2020-01-01"}],
    )
    assert brief(found) == [("red", "unit", "fin")]


def test_high_risk_powers_are_counted_by_the_power_risk() -> None:
    """Three high-risk powers count even when the held stage is marked medium."""
    powers = [
        power(f"p{i}", "fin")
        | {"stages": {"execution": {"holders": ["fin_dep"], "risk": "medium"}}}
        for i in range(3)
    ]
    found = run(
        "power_concentration", tenures=[tenure("a", "fin_dep", "2024-01-01")], powers=powers
    )
    assert brief(found) == [("yellow", "person", "a")]


def test_a_partial_weight_override_keeps_the_other_defaults() -> None:
    """weights: {high: 5} leaves medium 2 and low 1."""
    from riskwarn.structural import REGISTRY

    params = REGISTRY["power_concentration"].parse_params({"weights": {"high": 5}})
    assert params.model_dump()["weights"] == {"high": 5.0, "medium": 2.0, "low": 1.0}
