"""Postings: home-region principals and rotation overdue, with their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from tests.orgs import tenure
from tests.structural_helpers import brief, run


def test_county_principal_of_a_listed_body_from_the_county_is_red() -> None:
    """县委书记 who grew up in the county itself is red; a principal from elsewhere is not flagged."""
    local = run(
        "hometown_principal",
        persons=[{"id": "h", "name": "何", "origin_region": "339901"}],
        tenures=[tenure("h", "sec", "2024-01-01")],
    )
    away = run(
        "hometown_principal",
        persons=[{"id": "h", "name": "何", "origin_region": "339902"}],
        tenures=[tenure("h", "sec", "2024-01-01")],
    )
    assert brief(local) == [("red", "person", "h")]
    assert (
        local[0].message
        == "何 任县委书记（县委，县级主要负责人），成长地 339901 在本地区 339901 内"
    )
    assert away == []


def test_city_principal_from_a_county_of_that_city_is_orange() -> None:
    """At city level the rule is 一般不得: a county inside the city is orange."""
    found = run(
        "hometown_principal",
        units=[
            {
                "id": "city",
                "name": "市委",
                "kind": "party_committee",
                "level": "city",
                "region": "339900",
            }
        ],
        positions=[
            {
                "id": "city_sec",
                "name": "市委书记",
                "unit": "city",
                "grade": "bureau_main",
                "principal": True,
            }
        ],
        persons=[{"id": "h", "name": "何", "origin_region": "339905"}],
        tenures=[tenure("h", "city_sec", "2024-01-01")],
    )
    assert brief(found) == [("orange", "person", "h")]


def test_principal_of_an_unlisted_department_is_not_flagged() -> None:
    """财政局 is not among the listed bodies, so its local principal is fine."""
    assert (
        run(
            "hometown_principal",
            persons=[{"id": "h", "name": "何", "origin_region": "339901"}],
            tenures=[tenure("h", "fin_head", "2020-01-01")],
        )
        == []
    )


@pytest.mark.parametrize(
    ("start", "level"),
    [
        ("2016-06-30", "red"),  # exactly 10 years on the scan day
        ("2016-07-01", "blue"),  # one day short of 10 years: reminder
        ("2016-12-31", "blue"),  # limit 2026-12-31; its 6-month window opens 2026-06-30
        ("2017-01-01", None),  # the window opens 2026-07-01, the day after the scan
    ],
)
def test_leader_rotation_boundaries(start: str, level: str | None) -> None:
    """A leader post held exactly 10 years is red; within 6 months before, blue; earlier, nothing."""
    found = run("rotation_overdue", tenures=[tenure("a", "fin_head", start)])
    assert [w.level.value for w in found] == ([level] if level else [])


@pytest.mark.parametrize(
    ("start", "level"),
    [("2021-06-30", "yellow"), ("2021-07-01", "blue"), ("2022-01-01", None), ("2016-06-30", "red")],
)
def test_key_post_rotation_boundaries(start: str, level: str | None) -> None:
    """A finance post held 5 years is yellow (blue before); 10 years is red."""
    found = run(
        "rotation_overdue",
        positions=[
            {
                "id": "cashier",
                "name": "出纳",
                "unit": "fin_acc",
                "grade": "staff",
                "functions": ["finance"],
            }
        ],
        tenures=[tenure("a", "cashier", start)],
    )
    assert [w.level.value for w in found] == ([level] if level else [])


def test_rotation_joins_touching_tenures_and_ignores_plain_posts() -> None:
    """Reappointment to the same post continues the tenure; a non-key, non-leader post is never flagged."""
    joined = run(
        "rotation_overdue",
        tenures=[
            tenure("a", "fin_head", "2016-01-01", "2021-01-01"),
            tenure("a", "fin_head", "2021-01-01"),
        ],
    )
    plain = run("rotation_overdue", tenures=[tenure("a", "clerk", "2010-01-01")])
    assert brief(joined) == [("red", "person", "a")]
    assert joined[0].evidence.facts == {"since": "2016-01-01", "due": "2026-01-01"}
    assert plain == []


def test_rotation_limits_are_parameters() -> None:
    """A deployment can tighten the key-post limit to 3 years."""
    found = run(
        "rotation_overdue",
        params={"key_post_years": 3},
        positions=[
            {"id": "cashier", "name": "出纳", "unit": "fin_acc", "grade": "staff", "key_post": True}
        ],
        tenures=[tenure("a", "cashier", "2023-01-01")],
    )
    assert brief(found) == [("yellow", "person", "a")]
    assert found[0].evidence.threshold == "3 years"


def test_tenure_that_ended_the_day_before_is_not_overdue() -> None:
    """A tenure ending on the scan day no longer counts."""
    assert (
        run(
            "rotation_overdue",
            at=date(2026, 6, 30),
            tenures=[tenure("a", "fin_head", "2010-01-01", "2026-06-30")],
        )
        == []
    )
