"""Graph predicates of conditions, answered as of an event's day: each true and false,
before and after tenure changes, a marriage and a reorganization; unknown ids and
None give False (None for unit_of), never an exception."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
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
