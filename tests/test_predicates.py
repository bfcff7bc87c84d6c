"""Graph predicates of conditions, answered as of an event's day: each true and false,
before and after tenure changes, a marriage and a reorganization; unknown ids and
None give False (None for unit_of), never an exception."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from riskwarn.engine.predicates import bind_predicates
from riskwarn.errors import OrgError
from riskwarn.graph import OrgGraph
from riskwarn.rules.check import PREDICATES
from tests.orgs import make_org, person, pos, power, tenure, unit

BJ = timezone(timedelta(hours=8))


def county() -> OrgGraph:
    """县委 > 财政局 > 财务股; 纪委; 审批局 from 2019-03-01, when 审批科 moves into it.

    Tenures: a 书记 since 2015; b 财政局局长 2018–2021, then 副县长 from 2022;
    c 财政局局长 from 2022; d 财务股股长 from 2020-05; e 纪委 室主任 from 2019;
    f 纪委书记 from 2016; g 审批科科长 from 2017; h 纪委 x1 from 2020 and
    财务股 x0 from 2023. c and e marry on 2022-06-01; e holds shares in co from
    2021; d is co's legal representative.
    """
    return OrgGraph(
        make_org(
            units=[
                unit("county", kind="party_committee"),
                unit("fin", parent="county"),
                unit("fin_acc", kind="section", parent="fin"),
                unit("appr", parent="county", start="2019-03-01"),
                unit("jw", kind="discipline", parent="county"),
            ],
            positions=[
                pos("sec", "county", principal=True, grade="county_main"),
                pos("vice", "county", reports_to="sec", grade="county_deputy"),
                pos("fin_head", "fin", principal=True, reports_to="vice"),
                pos("acc", "fin_acc", reports_to="fin_head"),
                pos("appr_chief", "fin", reports_to="fin_head"),
                pos("jw_head", "jw", principal=True),
                pos("jw_1", "jw"),
                pos("x0", "fin_acc"),
                pos("x1", "jw"),
            ],
            persons=[person(p) for p in "abcdefgh"],
            tenures=[
                tenure("a", "sec", "2015-01-01"),
                tenure("b", "fin_head", "2018-01-01", "2022-01-01"),
                tenure("b", "vice", "2022-01-01"),
                tenure("c", "fin_head", "2022-01-01"),
                tenure("d", "acc", "2020-05-01"),
                tenure("e", "jw_1", "2019-01-01"),
                tenure("f", "jw_head", "2016-01-01"),
                tenure("g", "appr_chief", "2017-01-01"),
                tenure("h", "x1", "2020-01-01"),
                tenure("h", "x0", "2023-01-01"),
            ],
            bodies=[
                {
                    "id": "party_group",
                    "name": "党组",
                    "kind": "party_group",
                    "unit": "fin",
                    "members": ["vice"],
                }
            ],
            powers=[
                power(
                    "pay",
                    "fin",
                    proposal=["party_group"],
                    decision=["fin_head"],
                    execution=["acc"],
                )
            ],
            kinship=[{"person": "c", "relative": "e", "relation": "spouse", "start": "2022-06-01"}],
            entities=[{"id": "co", "name": "清溪建设公司", "legal_representative": "d"}],
            interests=[
                {
                    "person": "e",
                    "entity": "co",
                    "role": "shareholder",
                    "share": 0.4,
                    "start": "2021-01-01",
                }
            ],
            supervision=[
                {"supervisor": "jw_1", "role": "discipline", "units": ["fin"]},
                {"supervisor": "jw_head", "role": "discipline", "units": ["county"]},
            ],
            reorganizations=[
                {
                    "at": "2019-03-01",
                    "title": "机构改革",
                    "moves": [{"position": "appr_chief", "unit": "appr"}],
                }
            ],
        )
    )


GRAPH = county()


def p(day: str, graph: OrgGraph | None = GRAPH) -> dict[str, Callable[..., Any]]:
    """The predicates as of 10:00 Beijing time on ``day``."""
    return bind_predicates(graph, datetime.fromisoformat(day).replace(hour=10, tzinfo=BJ))


def test_the_predicates_are_exactly_the_checked_names_and_arities() -> None:
    bound = p("2023-01-01")
    assert set(bound) == set(PREDICATES)
    # every predicate takes exactly its declared number of arguments
    for name, arity in PREDICATES.items():
        bound[name](*(["zz"] * arity))
        with pytest.raises(TypeError):
            bound[name](*(["zz"] * (arity + 1)))


def test_related_holds_from_the_marriage_on_from_either_side() -> None:
    assert p("2023-01-01")["related"]("c", "e") is True
    assert p("2023-01-01")["related"]("e", "c") is True
    assert p("2022-05-31")["related"]("c", "e") is False  # the day before the marriage
    assert p("2022-06-01")["related"]("c", "e") is True
    assert p("2023-01-01")["related"]("c", "d") is False


def test_related_is_false_for_oneself_unknown_ids_and_none() -> None:
    related = p("2023-01-01")["related"]
    assert related("c", "c") is False
    assert related("c", "stranger") is False
    assert related("stranger", "e") is False
    assert related(None, "e") is False
    assert related("c", None) is False
    assert related("c", 5) is False
    assert related(["c"], "e") is False  # not an id at all


def test_holds_follows_the_tenure_of_the_position_holding_the_stage() -> None:
    # 财政局局长 decides: b until 2021, c from 2022
    assert p("2021-12-31")["holds"]("b", "pay", "decision") is True
    assert p("2021-12-31")["holds"]("c", "pay", "decision") is False
    assert p("2022-01-01")["holds"]("b", "pay", "decision") is False
    assert p("2022-01-01")["holds"]("c", "pay", "decision") is True
    assert p("2023-01-01")["holds"]("d", "pay", "execution") is True
    assert p("2023-01-01")["holds"]("d", "pay", "decision") is False  # another stage


def test_holds_does_not_count_a_stage_held_by_a_body_for_its_members() -> None:
    """The proposal stage is the 党组's; b is in it through 副县长, yet holds no position with it."""
    assert p("2023-01-01")["holds"]("b", "pay", "proposal") is False


def test_holds_is_false_for_unknown_power_stage_person_and_none() -> None:
    holds = p("2023-01-01")["holds"]
    assert holds("c", "nopower", "decision") is False
    assert holds("c", "pay", "decisoin") is False
    assert holds("c", "pay", "supervision") is False  # a stage the power does not split out
    assert holds("stranger", "pay", "decision") is False
    assert holds(None, "pay", "decision") is False
    assert holds("c", None, "decision") is False
    assert holds("c", "pay", None) is False


def test_supervises_follows_routing_and_its_tenures() -> None:
    # d (财务股股长): line is 财政局局长 (b in 2020, c from 2022); discipline is jw_1 (e)
    assert p("2020-06-01")["supervises"]("b", "d") is True
    assert p("2020-06-01")["supervises"]("c", "d") is False
    assert p("2023-01-01")["supervises"]("c", "d") is True
    assert p("2023-01-01")["supervises"]("b", "d") is False  # b moved up to 副县长
    assert p("2023-01-01")["supervises"]("e", "d") is True  # discipline
    assert p("2023-01-01")["supervises"]("d", "c") is False  # not the other way round


def test_supervises_skips_a_supervisor_who_is_a_relative() -> None:
    """e supervises c's unit; from the marriage on e is skipped and 纪委书记 f is used."""
    assert p("2022-03-01")["supervises"]("e", "c") is True
    assert p("2022-03-01")["supervises"]("f", "c") is False
    assert p("2023-01-01")["supervises"]("e", "c") is False
    assert p("2023-01-01")["supervises"]("f", "c") is True


def test_supervises_is_false_for_oneself_unknown_ids_and_none() -> None:
    supervises = p("2023-01-01")["supervises"]
    assert supervises("c", "c") is False
    assert supervises("stranger", "d") is False
    assert supervises("c", "stranger") is False
    assert supervises(None, "d") is False
    assert supervises("c", None) is False


def test_is_principal_follows_the_positions_held() -> None:
    assert p("2021-06-01")["is_principal"]("b") is True  # 财政局局长
    assert p("2023-01-01")["is_principal"]("b") is False  # 副县长 is not a principal post
    assert p("2023-01-01")["is_principal"]("c") is True
    assert p("2023-01-01")["is_principal"]("d") is False
    assert p("2021-06-01")["is_principal"]("c") is False  # no position yet
    assert p("2023-01-01")["is_principal"]("stranger") is False
    assert p("2023-01-01")["is_principal"](None) is False


def test_unit_of_a_person_is_the_unit_of_their_first_position_by_id() -> None:
    assert p("2018-06-01")["unit_of"]("g") == "fin"
    assert p("2019-03-01")["unit_of"]("g") == "appr"  # the reorganization moved 审批科
    assert p("2021-06-01")["unit_of"]("h") == "jw"  # only x1
    assert p("2023-06-01")["unit_of"]("h") == "fin_acc"  # x0 sorts before x1
    assert p("2021-06-01")["unit_of"]("c") is None  # no position yet


def test_unit_of_a_position_is_its_unit_and_anything_else_is_none() -> None:
    assert p("2019-02-28")["unit_of"]("appr_chief") == "fin"
    assert p("2019-03-01")["unit_of"]("appr_chief") == "appr"
    assert p("2023-01-01")["unit_of"]("fin") is None  # a unit
    assert p("2023-01-01")["unit_of"]("co") is None  # an entity
    assert p("2023-01-01")["unit_of"]("stranger") is None
    assert p("2023-01-01")["unit_of"](None) is None
    assert p("2023-01-01")["unit_of"](42) is None


def test_interest_in_counts_own_and_relatives_interests_as_of_the_day() -> None:
    assert p("2021-06-01")["interest_in"]("e", "co") is True
    assert p("2020-12-31")["interest_in"]("e", "co") is False  # the shares from 2021
    assert p("2022-03-01")["interest_in"]("c", "co") is False  # not yet married
    assert p("2023-01-01")["interest_in"]("c", "co") is True  # through the spouse
    assert p("2023-01-01")["interest_in"]("d", "co") is True  # legal representative
    assert p("2023-01-01")["interest_in"]("a", "co") is False


def test_interest_in_is_false_for_unknown_ids_and_none() -> None:
    interest_in = p("2023-01-01")["interest_in"]
    assert interest_in("c", "other_co") is False
    assert interest_in("stranger", "co") is False
    assert interest_in(None, "co") is False
    assert interest_in("c", None) is False


def test_same_unit_follows_positions_and_reorganizations() -> None:
    # before the 2019 move, 审批科 was in 财政局 with 局长 b
    assert p("2018-06-01")["same_unit"]("b", "g") is True
    assert p("2019-03-01")["same_unit"]("b", "g") is False
    # h joins 财务股 (x0) in 2023, next to d
    assert p("2022-06-01")["same_unit"]("h", "d") is False
    assert p("2023-06-01")["same_unit"]("h", "d") is True
    assert p("2023-06-01")["same_unit"]("h", "f") is True  # x1 is in 纪委 too
    # a section is its own unit: 财务股 is not 财政局
    assert p("2023-06-01")["same_unit"]("d", "c") is False
    assert p("2023-06-01")["same_unit"]("c", "c") is True


def test_same_unit_is_false_without_a_position_unknown_ids_and_none() -> None:
    assert p("2021-06-01")["same_unit"]("c", "c") is False  # no position yet
    same_unit = p("2023-06-01")["same_unit"]
    assert same_unit("c", "stranger") is False
    assert same_unit(None, "c") is False
    assert same_unit("c", None) is False


def test_reports_to_goes_up_the_chain_any_number_of_levels() -> None:
    # 财务股股长 → 财政局局长 → 副县长 → 书记
    at = p("2023-01-01")
    assert at["reports_to"]("d", "c") is True
    assert at["reports_to"]("d", "b") is True
    assert at["reports_to"]("d", "a") is True
    assert at["reports_to"]("c", "d") is False  # not downwards
    assert at["reports_to"]("d", "f") is False  # 纪委 is another line
    assert at["reports_to"]("d", "d") is False


def test_reports_to_follows_tenures() -> None:
    assert p("2021-06-01")["reports_to"]("d", "c") is False  # c holds no post yet
    assert p("2022-01-01")["reports_to"]("d", "c") is True
    # in 2021 副县长 is vacant: the chain of posts still goes through it to 书记
    assert p("2021-06-01")["reports_to"]("b", "a") is True
    # b, 局长 in 2021, is 副县长 from 2022: c, the new 局长, reports to b only then
    assert p("2021-06-01")["reports_to"]("c", "b") is False
    assert p("2022-01-01")["reports_to"]("c", "b") is True


def test_reports_to_is_false_for_unknown_ids_and_none() -> None:
    reports_to = p("2023-01-01")["reports_to"]
    assert reports_to("stranger", "c") is False
    assert reports_to("d", "stranger") is False
    assert reports_to(None, "c") is False
    assert reports_to("d", None) is False


def test_without_an_organization_every_predicate_is_false_and_unit_of_none() -> None:
    bound = p("2023-01-01", graph=None)
    assert bound["related"]("c", "e") is False
    assert bound["holds"]("c", "pay", "decision") is False
    assert bound["supervises"]("c", "d") is False
    assert bound["is_principal"]("c") is False
    assert bound["unit_of"]("c") is None
    assert bound["interest_in"]("d", "co") is False
    assert bound["same_unit"]("c", "c") is False
    assert bound["reports_to"]("d", "c") is False


def test_the_day_is_read_in_the_organization_time_zone() -> None:
    """17:00 UTC on 31 December 2021 is already 1 January 2022 in Asia/Shanghai."""
    at = datetime(2021, 12, 31, 17, 0, tzinfo=UTC)
    assert bind_predicates(GRAPH, at)["holds"]("c", "pay", "decision") is True
    before = datetime(2021, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 in Beijing
    assert bind_predicates(GRAPH, before)["holds"]("c", "pay", "decision") is False
    assert bind_predicates(GRAPH, date(2022, 1, 1))["holds"]("c", "pay", "decision") is True


def test_a_naive_time_is_refused_with_an_organization() -> None:
    with pytest.raises(OrgError):
        bind_predicates(GRAPH, datetime(2023, 1, 1, 10, 0))


def test_bindings_are_independent_and_answers_stay_per_day() -> None:
    """Answers are cached per day: alternating days never mixes them up, and
    changing a returned dict does not change the next one."""
    first = p("2023-01-01")
    first["related"] = lambda a, b: True
    assert p("2023-01-01")["related"]("c", "d") is False
    for _ in range(3):
        for day, expected in [("2022-05-31", False), ("2022-06-01", True)]:
            assert p(day)["related"]("c", "e") is expected
    # many days in turn: older days' caches are dropped and rebuilt correctly
    for offset in range(20):
        when = date(2022, 5, 25) + timedelta(days=offset)
        assert bind_predicates(GRAPH, when)["related"]("c", "e") is (when >= date(2022, 6, 1))


def test_two_graphs_do_not_share_answers() -> None:
    """Another organization where c and e are not married answers from its own data."""
    other = OrgGraph(make_org(persons=[person("c"), person("e")]))
    assert p("2023-01-01", graph=other)["related"]("c", "e") is False
    assert p("2023-01-01")["related"]("c", "e") is True


# --- careers, quotas and meetings (选人用人) ------------------------------------------


def careers() -> OrgGraph:
    """A county with posts of every tier from 科员 to 县委书记, a 2-post quota of 副科 in
    财政局, and the 县委常委会 with the default quorum and a 党组 with its own.

    a: 副股长 (section_deputy) 2018-03-01, 股长 (section_main) 2021-03-01, then another
    股长 post from 2023-01-01 (touching); b: 副县长 (county_deputy) from 2023-06-15;
    c: 科员 from 2020; d: 股长 until 2024-06-01, nothing after; e: 副县长 2019–2022, then
    股长 (a step down) from 2022-01-01; f: 股长 2020-01-01 to 2022-12-31, again from
    2023-01-02 (a one-day gap); x, y: the two 财政局副局长 (y until 2025-01-01); s: 县委书记.
    """
    grades = {
        "sec": "county_main",
        "vice": "county_deputy",
        "vice_2": "county_deputy",
        "fin_head": "section_main",
        "fin_dep_1": "section_deputy",
        "fin_dep_2": "section_deputy",
        "chief_1": "section_main",
        "chief_2": "section_main",
        "chief_3": "section_main",
        "deputy_chief": "section_deputy",
        "clerk": "staff",
    }
    units = {"sec": "county", "vice": "county", "vice_2": "county"}
    units |= {"fin_head": "fin", "fin_dep_1": "fin", "fin_dep_2": "fin"}
    return OrgGraph(
        make_org(
            units=[
                unit("county", kind="party_committee"),
                unit("fin", parent="county"),
                unit("fin_sec", kind="section", parent="fin"),
            ],
            positions=[
                pos(p, units.get(p, "fin_sec"), grade=g, principal=p in ("sec", "fin_head"))
                | ({} if p in units else {"quota_group": "gu"})  # 股级: outside the 科级 quota
                for p, g in grades.items()
            ]
            + [pos("new_post", "fin", grade="section_deputy", start="2030-01-01")],
            persons=[
                person("a", birth_date="1965-03-10", work_start="2019-07-01"),
                person("b", birth_date="1964-02-29"),
                *(person(p) for p in "cdefxys"),
            ],
            tenures=[
                tenure("a", "deputy_chief", "2018-03-01", "2021-03-01"),
                tenure("a", "chief_1", "2021-03-01", "2023-01-01"),
                tenure("a", "chief_2", "2023-01-01"),
                tenure("b", "vice", "2023-06-15"),
                tenure("c", "clerk", "2020-01-01"),
                tenure("d", "chief_3", "2020-01-01", "2024-06-01"),
                tenure("e", "vice_2", "2019-01-01", "2022-01-01"),
                tenure("e", "chief_3", "2024-07-01"),
                tenure("e", "deputy_chief", "2022-01-01"),
                tenure("f", "chief_1", "2020-01-01", "2022-12-31"),
                tenure("f", "chief_1", "2023-01-02"),
                tenure("x", "fin_dep_1", "2020-01-01"),
                tenure("y", "fin_dep_2", "2020-01-01", "2025-01-01"),
                tenure("s", "sec", "2020-01-01"),
            ],
            bodies=[
                {
                    "id": "standing",
                    "name": "县委常委会",
                    "kind": "standing_committee",
                    "unit": "county",
                    "members": ["sec", "vice"],
                },
                {
                    "id": "fin_group",
                    "name": "财政局党组",
                    "kind": "party_group",
                    "unit": "fin",
                    "members": ["fin_head"],
                    "quorum": {"personnel_at_least": "3/4", "pass_more_than": "2/3"},
                },
            ],
            quotas=[
                {"unit": "fin", "group": "section_deputy", "approved": 2, "end": "2026-01-01"},
                {"unit": "fin", "group": "section_deputy", "approved": 1, "start": "2026-01-01"},
            ],
        )
    )


CAREERS = careers()


def c(day: str) -> dict[str, Callable[..., Any]]:
    return p(day, graph=CAREERS)


def test_grade_of_is_a_positions_grade_or_the_highest_a_person_holds() -> None:
    at = c("2024-01-01")
    assert at["grade_of"]("vice") == "county_deputy"
    assert at["grade_of"]("new_post") == "section_deputy"  # a grade whether it exists yet or not
    assert at["grade_of"]("a") == "section_main"
    assert c("2020-01-01")["grade_of"]("a") == "section_deputy"
    assert at["grade_of"]("c") == "staff"
    assert at["grade_of"]("fin") is None  # a unit
    assert at["grade_of"]("stranger") is None
    assert at["grade_of"](None) is None


def test_grade_of_a_person_whose_tenure_ended_the_day_before_is_none() -> None:
    """d's tenure ended on 2024-06-01 (the first day no longer in the post)."""
    assert c("2024-05-31")["grade_of"]("d") == "section_main"
    assert c("2024-06-01")["grade_of"]("d") is None
    assert c("2024-06-01")["years_in_grade"]("d") is None
    assert c("2024-06-01")["promotion_kind"]("d", "vice") is None


def test_grade_steps_and_promotion_kind_compare_the_person_with_the_post() -> None:
    at = c("2024-01-01")
    assert at["grade_steps"]("a", "vice") == 1
    assert at["promotion_kind"]("a", "vice") == "main_to_upper_deputy"
    assert at["promotion_kind"]("b", "sec") == "deputy_to_main"
    assert at["promotion_kind"]("c", "deputy_chief") == "staff_to_deputy"
    assert at["grade_steps"]("a", "sec") == 2
    assert at["promotion_kind"]("a", "sec") == "skip"
    assert at["promotion_kind"]("a", "chief_3") == "same"
    assert at["grade_steps"]("a", "clerk") == -2
    assert at["promotion_kind"]("a", "clerk") == "lower"
    assert at["grade_steps"]("stranger", "vice") is None
    assert at["grade_steps"]("a", "stranger") is None
    assert at["promotion_kind"]("a", None) is None


def test_years_in_grade_counts_whole_years_from_the_last_promotion() -> None:
    """a became 股长 on 2021-03-01: 2 years on 2023-02-28, 3 on 2024-03-01 and not the
    day before; a move to another 股长 post on the day the first ended is no break."""
    assert c("2021-02-28")["years_in_grade"]("a") == 2  # still 副股长, since 2018-03-01
    assert c("2021-03-01")["years_in_grade"]("a") == 0
    assert c("2023-02-28")["years_in_grade"]("a") == 1
    assert c("2023-03-01")["years_in_grade"]("a") == 2
    assert c("2024-02-29")["years_in_grade"]("a") == 2
    assert c("2024-03-01")["years_in_grade"]("a") == 3


def test_years_in_grade_restarts_after_a_gap_and_counts_time_at_a_higher_grade() -> None:
    # f: a one-day gap (2022-12-31 not held) starts the count again on 2023-01-02
    assert c("2024-01-01")["years_in_grade"]("f") == 0
    assert c("2025-01-01")["years_in_grade"]("f") == 1
    assert c("2025-01-02")["years_in_grade"]("f") == 2  # since 2020-01-01 it would be 5
    # e: 副县长 2019–2022, then 副股长: time at the higher grade counts for the lower
    assert c("2024-01-01")["grade_of"]("e") == "section_deputy"
    assert c("2024-01-01")["years_in_grade"]("e") == 5
    # e also 股长 from 2024-07: the grade is now 股长, held since then
    assert c("2024-07-01")["years_in_grade"]("e") == 0
    # 2022-01-01, the day e went from 副县长 to 副股长: still counted from 2019
    assert c("2022-01-01")["years_in_grade"]("e") == 3
    assert c("2024-01-01")["years_in_grade"]("stranger") is None
    assert c("2024-01-01")["years_in_grade"]("s") == 4


def test_years_worked_counts_whole_years_from_work_start() -> None:
    """a started work on 2019-07-01: five years' 工龄 on 2024-07-01, not the day before."""
    assert c("2024-06-30")["years_worked"]("a") == 4
    assert c("2024-07-01")["years_worked"]("a") == 5
    assert c("2024-07-01")["years_worked"]("b") is None  # no work_start
    assert c("2024-07-01")["years_worked"]("stranger") is None


def test_days_until_age_counts_to_the_birthday_and_below_zero_after_it() -> None:
    assert c("2025-03-01")["days_until_age"]("a", 60) == 9
    assert c("2025-03-10")["days_until_age"]("a", 60) == 0
    assert c("2025-03-11")["days_until_age"]("a", 60) == -1
    # born 29 February: 61 on 1 March 2025
    assert c("2025-02-28")["days_until_age"]("b", 61) == 1
    assert c("2024-02-28")["days_until_age"]("b", 60) == 1
    at = c("2025-03-01")
    assert at["days_until_age"]("c", 60) is None  # no birth date
    assert at["days_until_age"]("a", True) is None
    assert at["days_until_age"]("a", -1) is None
    assert at["days_until_age"]("a", "60") is None
    assert at["days_until_age"]("stranger", 60) is None


def test_principal_of_a_unit_is_the_holder_of_its_principal_post() -> None:
    at = c("2024-01-01")
    assert at["principal_of"]("county") == "s"
    assert at["principal_of"]("fin") is None  # 局长 vacant
    assert at["principal_of"]("stranger") is None
    assert c("2019-12-31")["principal_of"]("county") is None  # s from 2020


def test_quota_vacancies_counts_the_posts_of_the_group_filled_by_others() -> None:
    """Two 副科 approved in 财政局 until 2026, one after; x and y fill two (y until 2025)."""
    at = c("2024-06-01")
    assert at["quota_vacancies"]("fin_dep_1", "z") == 0
    assert at["quota_vacancies"]("fin_dep_1", "x") == 1  # x is not counted against x
    assert at["quota_vacancies"]("fin_dep_1", None) == 0
    assert c("2025-01-01")["quota_vacancies"]("fin_dep_2", "z") == 1  # y left the day before
    assert c("2026-01-01")["quota_vacancies"]("fin_dep_2", "z") == 0
    assert c("2026-01-01")["quota_vacancies"]("fin_dep_2", "x") == 1
    assert at["quota_vacancies"]("chief_1", "z") is None  # no quota for 股长
    assert at["quota_vacancies"]("stranger", "z") is None
    assert at["quota_vacancies"]("new_post", "z") is None  # the post does not exist yet


def test_a_sections_posts_count_against_its_organs_quota() -> None:
    """职数 are approved per organ: a 副科 post in a section (内设机构) of 财政局 counts
    against 财政局's row, whether the post asked about is in the organ or the section."""
    graph = OrgGraph(
        make_org(
            units=[unit("fin"), unit("office", kind="section", parent="fin")],
            positions=[
                pos("d1", "fin", grade="section_deputy"),
                pos("d2", "office", grade="section_deputy"),
                pos("d3", "office", grade="section_deputy"),
            ],
            persons=[person(p) for p in ("x", "y", "z")],
            tenures=[tenure("x", "d1", "2020-01-01"), tenure("y", "d2", "2020-01-01")],
            quotas=[{"unit": "fin", "group": "section_deputy", "approved": 2}],
        )
    )
    at = bind_predicates(graph, date(2024, 1, 1))
    assert at["quota_vacancies"]("d3", "z") == 0  # d1 and d2 fill both
    assert at["quota_vacancies"]("d1", "z") == 0
    assert graph.sections_of("fin", date(2024, 1, 1)) == ["office"]
    assert graph.quota_filled("fin", "section_deputy", date(2024, 1, 1)) == [
        ("x", "d1"),
        ("y", "d2"),
    ]


def test_quota_vacancies_is_negative_when_over_quota() -> None:
    """Three 副科 posts filled where two are approved: one over."""
    graph = OrgGraph(
        make_org(
            units=[unit("fin")],
            positions=[pos(p, "fin", grade="section_deputy") for p in ("d1", "d2", "d3")],
            persons=[person(p) for p in ("x", "y", "w")],
            tenures=[
                tenure(q, d, "2020-01-01") for q, d in (("x", "d1"), ("y", "d2"), ("w", "d3"))
            ],
            quotas=[{"unit": "fin", "group": "section_deputy", "approved": 2}],
        )
    )
    assert p("2024-01-01", graph=graph)["quota_vacancies"]("d1", "z") == -1


def test_min_present_and_min_votes_follow_the_bodys_quorum() -> None:
    """Defaults: personnel ≥ 2/3 present, others > 1/2, passing > 1/2 of members due."""
    at = c("2024-01-01")
    assert at["min_present"]("standing", "personnel", 9) == 6
    assert at["min_present"]("standing", "personnel", 6) == 4
    assert at["min_present"]("standing", "personnel", 7) == 5
    assert at["min_present"]("standing", "major_matter", 9) == 5
    assert at["min_present"]("standing", "other", 6) == 4
    assert at["min_votes"]("standing", 9) == 5
    assert at["min_votes"]("standing", 6) == 4
    # the 党组's own rules: 3/4 present for personnel, passing more than 2/3
    assert at["min_present"]("fin_group", "personnel", 8) == 6
    assert at["min_votes"]("fin_group", 6) == 5
    assert at["min_votes"]("fin_group", 7) == 5


def test_min_present_and_min_votes_are_none_for_unknown_bodies_and_bad_counts() -> None:
    at = c("2024-01-01")
    assert at["min_present"]("stranger", "personnel", 9) is None
    assert at["min_present"]("standing", None, 9) is None
    assert at["min_present"]("standing", "personnel", None) is None
    assert at["min_present"]("standing", "personnel", True) is None
    assert at["min_votes"]("standing", -1) is None
    assert at["min_votes"]("sec", 9) is None  # a position, not a body


def test_workdays_counts_both_ends_on_the_chinese_calendar() -> None:
    """National Day 2025 (1–8 Oct off, Sat 11 Oct a make-up working day) and Spring
    Festival 2026 (15–23 Feb off, Sat 14 Feb a make-up working day)."""
    at = c("2025-10-20")
    assert at["workdays"](date(2025, 9, 29), date(2025, 10, 10)) == 4
    assert at["workdays"](date(2025, 9, 29), date(2025, 10, 11)) == 5
    assert at["workdays"](date(2025, 9, 28), date(2025, 10, 10)) == 5  # Sun 28 Sep worked
    assert at["workdays"](date(2026, 2, 12), date(2026, 2, 24)) == 4
    assert at["workdays"](date(2026, 2, 12), date(2026, 2, 25)) == 5
    assert at["workdays"](date(2025, 10, 9), date(2025, 10, 9)) == 1
    assert at["workdays"](date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert at["workdays"](date(2025, 10, 9), date(2025, 10, 8)) == 0  # ends before it starts
    assert at["workdays"](datetime(2025, 9, 28, 20, tzinfo=UTC), date(2025, 10, 10)) == 4
    assert at["workdays"](None, date(2025, 10, 10)) is None
    assert at["workdays"](date(2025, 9, 29), "2025-10-10") is None
    assert at["workdays"](datetime(2025, 9, 29), date(2025, 10, 10)) is None  # naive


def test_workdays_uses_the_calendar_given_and_needs_no_organization() -> None:
    from riskwarn.calendar import WeekendCalendar

    at = datetime(2025, 10, 20, 10, tzinfo=BJ)
    assert bind_predicates(None, at)["workdays"](date(2025, 9, 29), date(2025, 10, 10)) == 4
    weekends = bind_predicates(None, at, WeekendCalendar())
    assert weekends["workdays"](date(2025, 9, 29), date(2025, 10, 10)) == 10
    assert (
        bind_predicates(GRAPH, at, WeekendCalendar())["workdays"](
            date(2025, 9, 29), date(2025, 10, 10)
        )
        == 10
    )
    assert weekends["grade_of"]("a") is None


def test_without_an_organization_the_career_predicates_are_none() -> None:
    bound = p("2024-01-01", graph=None)
    values = [
        bound["grade_of"]("a"),
        bound["grade_steps"]("a", "vice"),
        bound["promotion_kind"]("a", "vice"),
        bound["years_in_grade"]("a"),
        bound["years_worked"]("a"),
        bound["days_until_age"]("a", 60),
        bound["principal_of"]("county"),
        bound["quota_vacancies"]("fin_dep_1", "z"),
        bound["min_present"]("standing", "personnel", 9),
        bound["min_votes"]("standing", 9),
    ]
    assert values == [None] * len(values)


def test_work_start_is_read_from_a_persons_csv(tmp_path: Path) -> None:
    """``work_start`` is a column of persons.csv like birth_date."""
    from riskwarn.orgfile import load_org

    (tmp_path / "org.yaml").write_text("organization: {name: 测试县}\n", encoding="utf-8")
    (tmp_path / "persons.csv").write_text(
        "id,name,birth_date,work_start\np1,张三,1980-05-01,2002-07-15\np2,李四,,\n",
        encoding="utf-8",
    )
    org = load_org(tmp_path)
    assert [(x.id, x.work_start) for x in org.persons] == [("p1", date(2002, 7, 15)), ("p2", None)]
