"""Kinship avoidance: relatives posted together, and regulated relatives' businesses."""

from __future__ import annotations

from tests.orgs import tenure
from tests.structural_helpers import brief, run

SPOUSE = [{"person": "a", "relative": "b", "relation": "spouse"}]


def test_relative_in_finance_where_the_other_leads_is_red_for_the_later_appointee() -> None:
    """The bureau head's spouse in its finance section conflicts; the later appointee is the subject."""
    found = run(
        "kinship_post_conflict",
        kinship=SPOUSE,
        positions=[
            {
                "id": "cashier",
                "name": "出纳",
                "unit": "fin_acc",
                "grade": "staff",
                "functions": ["finance"],
            }
        ],
        tenures=[tenure("a", "fin_head", "2020-01-01"), tenure("b", "cashier", "2023-01-01")],
    )
    assert brief(found) == [("red", "person", "b")]
    assert found[0].evidence.facts["reasons"] == "出纳 does finance work where 财政局局长 leads"
    assert str(found[0].evidence.paths[0]) == "b —配偶 spouse→ a"


def test_relatives_under_the_same_direct_leader_conflict() -> None:
    """Two posts reporting to the same position may not be held by relatives."""
    found = run(
        "kinship_post_conflict",
        kinship=[{"person": "a", "relative": "b", "relation": "cousin"}],
        positions=[
            {
                "id": "clerk2",
                "name": "科员2",
                "unit": "fin_acc",
                "grade": "staff",
                "reports_to": "acc",
            }
        ],
        tenures=[tenure("a", "clerk", "2020-01-01"), tenure("b", "clerk2", "2020-01-01")],
    )
    assert brief(found) == [("red", "person", "a")]  # same start: the smaller id
    assert found[0].evidence.facts["reasons"] == "same direct leader 财务股股长"


def test_relatives_in_different_organs_or_unrelated_posts_do_not_conflict() -> None:
    """Spouses in 财政局 and 审计局, or in unconnected plain posts, are fine."""
    apart = run(
        "kinship_post_conflict",
        kinship=SPOUSE,
        tenures=[tenure("a", "fin_head", "2020-01-01"), tenure("b", "auditor", "2020-01-01")],
    )
    assert apart == []


def test_kinship_that_ended_no_longer_conflicts() -> None:
    """A marriage that ended before the scan day is not a conflict."""
    found = run(
        "kinship_post_conflict",
        kinship=[{"person": "a", "relative": "b", "relation": "spouse", "end": "2025-01-01"}],
        tenures=[tenure("a", "fin_head", "2020-01-01"), tenure("b", "acc", "2020-01-01")],
    )
    assert found == []


REGULATED = {
    "units": [
        {
            "id": "housing",
            "name": "住建局",
            "kind": "department",
            "level": "county",
            "region": "339901",
            "parent": "county",
            "regulates": ["construction"],
        }
    ],
    "positions": [
        {
            "id": "housing_head",
            "name": "住建局局长",
            "unit": "housing",
            "grade": "section_main",
            "principal": True,
        }
    ],
    "entities": [{"id": "firm", "name": "清溪建工", "sector": "construction"}],
}


def test_leaders_brother_owning_a_firm_the_bureau_regulates_is_red() -> None:
    """住建局局长's brother owns a construction firm: red, explained through the kin and interest edges."""
    found = run(
        "relative_business_regulated",
        **REGULATED,
        kinship=[{"person": "a", "relative": "b", "relation": "sibling"}],
        interests=[{"person": "b", "entity": "firm", "role": "owner", "share": 1}],
        tenures=[tenure("a", "housing_head", "2024-01-01")],
    )
    assert brief(found) == [("red", "person", "a")]
    assert [str(p) for p in found[0].evidence.paths] == [
        "a —任职 holds→ 住建局局长 —属于 in→ 住建局",
        "a —兄弟姐妹 sibling→ b —出资人 owner→ 清溪建工",
    ]


def test_an_employee_relative_or_an_unregulated_sector_is_not_flagged() -> None:
    """Being an employee is not a business interest; another sector is not regulated."""
    employee = run(
        "relative_business_regulated",
        **REGULATED,
        kinship=[{"person": "a", "relative": "b", "relation": "sibling"}],
        interests=[{"person": "b", "entity": "firm", "role": "employee"}],
        tenures=[tenure("a", "housing_head", "2024-01-01")],
    )
    other = run(
        "relative_business_regulated",
        units=REGULATED["units"],
        positions=REGULATED["positions"],
        entities=[{"id": "shop", "name": "小店", "sector": "retail"}],
        interests=[{"person": "a", "entity": "shop", "role": "owner"}],
        tenures=[tenure("a", "housing_head", "2024-01-01")],
    )
    assert employee == [] and other == []


def test_own_interest_counts_unless_excluded() -> None:
    """The leader's own shareholding is reported, and can be left out by parameter."""
    sections = {
        **REGULATED,
        "interests": [{"person": "a", "entity": "firm", "role": "shareholder", "share": 0.1}],
        "tenures": [tenure("a", "housing_head", "2024-01-01")],
    }
    assert brief(run("relative_business_regulated", **sections)) == [("red", "person", "a")]
    assert run("relative_business_regulated", params={"include_self": False}, **sections) == []


def test_a_section_head_does_not_lead_the_organ() -> None:
    """The principal of a section is not a leader of the bureau: no avoidance conflict, no regulated-business finding."""
    sections = {
        "units": [
            {
                "id": "housing",
                "name": "住建局",
                "kind": "department",
                "level": "county",
                "region": "339901",
                "regulates": ["construction"],
            },
            {
                "id": "office",
                "name": "办公室",
                "kind": "section",
                "level": "county",
                "region": "339901",
                "parent": "housing",
            },
            {
                "id": "acct",
                "name": "财务股",
                "kind": "section",
                "level": "county",
                "region": "339901",
                "parent": "housing",
            },
        ],
        "positions": [
            {
                "id": "office_head",
                "name": "办公室主任",
                "unit": "office",
                "grade": "section_deputy",
                "principal": True,
            },
            {
                "id": "cashier",
                "name": "出纳",
                "unit": "acct",
                "grade": "staff",
                "functions": ["finance"],
            },
        ],
        "entities": [{"id": "firm", "name": "某建设公司", "sector": "construction"}],
        "interests": [{"person": "a", "entity": "firm", "role": "shareholder", "share": 0.2}],
        "kinship": [{"person": "a", "relative": "b", "relation": "cousin"}],
        "tenures": [tenure("a", "office_head", "2024-01-01"), tenure("b", "cashier", "2024-01-01")],
    }
    assert run("kinship_post_conflict", **sections) == []
    assert run("relative_business_regulated", **sections) == []


def test_the_interest_path_shows_the_role_the_message_names() -> None:
    """A relative who is both employee and shareholder is explained by the shareholding."""
    found = run(
        "relative_business_regulated",
        **REGULATED,
        kinship=[{"person": "a", "relative": "b", "relation": "spouse"}],
        interests=[
            {"person": "b", "entity": "firm", "role": "employee"},
            {"person": "b", "entity": "firm", "role": "shareholder", "share": 0.3},
        ],
        tenures=[tenure("a", "housing_head", "2024-01-01")],
    )
    assert [str(p) for p in found[0].evidence.paths][
        1
    ] == "a —配偶 spouse→ b —股东 shareholder→ 清溪建工"
