"""OrgGraph answers as of a time: tenures, reorganizations, kinship, interests,
routing to supervisors, and explanation paths."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwarn.errors import OrgError
from riskwarn.graph import OrgGraph
from riskwarn.model import Relation, RelationClass
from tests.orgs import make_org, person, pos, tenure, unit

D = date.fromisoformat


def county() -> OrgGraph:
    """县委 > 财政局 > 财务股, 纪委; a 2019 reorganization moves 审批科 from 财政局 to 审批局."""
    return OrgGraph(
        make_org(
            units=[
                unit("county", "县委", kind="party_committee"),
                unit("fin", "财政局", parent="county"),
                unit("fin_acc", "财务股", kind="section", parent="fin"),
                unit("appr", "审批局", parent="county", start="2019-03-01"),
                unit("jw", "纪委", kind="discipline", parent="county"),
            ],
            positions=[
                pos("sec", "county", name="县委书记", principal=True, grade="county_main"),
                pos("vice", "county", name="副县长", reports_to="sec", grade="county_deputy"),
                pos("fin_head", "fin", name="财政局局长", principal=True, reports_to="vice"),
                pos("fin_dep", "fin", name="财政局副局长", leadership=True, reports_to="fin_head"),
                pos(
                    "acc", "fin_acc", name="财务股股长", functions=["finance"], reports_to="fin_dep"
                ),
                pos("appr_chief", "fin", name="审批科科长", reports_to="fin_head"),
                pos("jw_1", "jw", name="第一监督检查室主任", functions=["discipline"]),
                pos("jw_head", "jw", name="纪委书记", principal=True),
            ],
            persons=[
                person(p, name=n)
                for p, n in [
                    ("a", "甲"),
                    ("b", "乙"),
                    ("c", "丙"),
                    ("d", "丁"),
                    ("e", "戊"),
                    ("f", "己"),
                    ("g", "庚"),
                ]
            ],
            tenures=[
                tenure("a", "sec", "2015-01-01"),
                tenure("b", "fin_head", "2018-01-01", "2022-01-01"),
                tenure("c", "fin_head", "2022-01-01"),
                tenure("d", "acc", "2020-05-01"),
                tenure("e", "jw_1", "2019-01-01"),
                tenure("f", "jw_head", "2016-01-01"),
                tenure("g", "appr_chief", "2017-01-01"),
                tenure("b", "vice", "2022-01-01"),
            ],
            kinship=[{"person": "c", "relative": "e", "relation": "spouse"}],
            entities=[
                {
                    "id": "co",
                    "name": "清溪建设公司",
                    "sector": "construction",
                    "legal_representative": "d",
                }
            ],
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


def test_tenure_counts_from_its_start_day_and_not_on_its_end_day() -> None:
    """A tenure holds on its start day and stops on its end day (end exclusive)."""
    g = county()
    assert g.holders("fin_head", D("2017-12-31")) == []
    assert g.holders("fin_head", D("2018-01-01")) == ["b"]
    assert g.holders("fin_head", D("2021-12-31")) == ["b"]
    assert g.holders("fin_head", D("2022-01-01")) == ["c"]
    assert g.positions_of("b", D("2022-01-01")) == ["vice"]


def test_reorganization_moves_a_position_without_changing_the_past() -> None:
    """After the move the position is in the new unit; before it, in the old one."""
    g = county()
    assert g.unit_of("appr_chief", D("2019-02-28")) == "fin"
    assert g.unit_of("appr_chief", D("2019-03-01")) == "appr"
    assert g.units_of("g", D("2018-06-01")) == ["fin"]
    assert g.units_of("g", D("2020-06-01")) == ["appr"]


def test_units_superiors_and_organ_follow_the_structure() -> None:
    """A section's organ is its enclosing non-section unit; superiors are the holders of reports_to."""
    g = county()
    at = D("2023-01-01")
    assert g.ancestors("fin_acc", at) == ["fin_acc", "fin", "county"]
    assert g.organ_of("fin_acc", at) == "fin"
    assert g.superiors("c", at) == ["b"]
    assert g.reports_chain("acc", at) == ["fin_dep", "fin_head", "vice", "sec"]


def test_relatives_are_known_from_both_sides_with_the_inverse_relation() -> None:
    """Kinship declared once is seen from each person, and filtered by class."""
    g = OrgGraph(
        make_org(
            persons=[person("x"), person("y")],
            kinship=[{"person": "x", "relative": "y", "relation": "parent", "end": "2030-01-01"}],
        )
    )
    at = D("2026-01-01")
    assert [(r.person, r.relation) for r in g.relatives("x", at)] == [("y", Relation.PARENT)]
    assert [(r.person, r.relation) for r in g.relatives("y", at)] == [("x", Relation.CHILD)]
    assert g.relatives("x", at, classes={RelationClass.SPOUSE}) == []
    assert g.relatives("x", D("2030-01-01")) == []


def test_interests_include_relatives_and_registered_legal_representatives() -> None:
    """A relative's shareholding is found through the relative; a legal representative counts as an interest."""
    g = county()
    links = g.interests("c", D("2023-01-01"), relatives=True)
    assert [
        (i.holder, i.entity, i.role.value, i.via.relation.value if i.via else None) for i in links
    ] == [("e", "co", "shareholder", "spouse")]
    assert g.interests("c", D("2020-06-01"), relatives=True) == []
    assert [i.role.value for i in g.interests("d", D("2023-01-01"))] == ["legal_representative"]


def test_tenure_since_joins_touching_tenures() -> None:
    """Back-to-back tenures in the same post count as one continuous tenure."""
    g = OrgGraph(
        make_org(
            units=[unit("u")],
            positions=[pos("p", "u")],
            persons=[person("x")],
            tenures=[
                tenure("x", "p", "2010-01-01", "2012-01-01"),
                tenure("x", "p", "2012-01-01", "2014-01-01"),
                tenure("x", "p", "2015-01-01"),
            ],
        )
    )
    assert g.tenure_since("x", "p", D("2013-06-01")) == D("2010-01-01")
    assert g.tenure_since("x", "p", D("2014-06-01")) is None
    assert g.tenure_since("x", "p", D("2020-06-01")) == D("2015-01-01")


def test_aware_datetimes_are_read_in_the_organization_time_zone() -> None:
    """17:00 UTC on 31 December 2017 is already 1 January 2018 in Asia/Shanghai."""
    g = county()
    assert g.holders("fin_head", datetime(2017, 12, 31, 17, 0, tzinfo=UTC)) == ["b"]
    with pytest.raises(OrgError) as err:
        g.holders("fin_head", datetime(2018, 1, 1, 12, 0))
    assert str(err.value) == "at: a datetime needs a time zone, got naive 2018-01-01T12:00:00"


def test_supervisors_skip_a_relative_and_go_one_level_up() -> None:
    """The discipline supervisor of 财政局 is the spouse of its head, so the next scope up is used."""
    g = county()
    at = D("2023-01-01")
    recipients = g.supervisors("person", "c", at)
    assert [(r.role, r.person.id, r.position.id) for r in recipients] == [
        ("line", "b", "vice"),
        ("discipline", "f", "jw_head"),
    ]
    assert recipients[1].reason == (
        "discipline (纪检监察): supervises unit 县委; skipped 戊, 第一监督检查室主任 (配偶 spouse of the subject); one level up"
    )
    assert recipients[0].reason == "line (分管领导): superior (reports_to chain) of 财政局局长"


def test_supervisors_of_a_unit_start_at_its_principal() -> None:
    """For a unit, the line recipient is its principal; discipline comes from the nearest scope."""
    g = county()
    recipients = g.supervisors("unit", "fin", D("2023-01-01"))
    assert [(r.role, r.person.id, r.reason) for r in recipients] == [
        ("line", "c", "line (分管领导): principal of unit 财政局"),
        ("discipline", "e", "discipline (纪检监察): supervises unit 财政局"),
    ]


def test_supervisors_refuse_an_unknown_subject_with_a_suggestion() -> None:
    """A typo in the subject id is an error naming the closest id."""
    with pytest.raises(OrgError) as err:
        county().supervisors("position", "fin_haed", D("2023-01-01"))
    assert str(err.value) == "no position 'fin_haed' (did you mean 'fin_head'?)"


def test_explain_gives_the_shortest_readable_path() -> None:
    """The relation between a bureau head and a firm reads as a chain of labelled edges."""
    path = county().explain(("person", "c"), ("entity", "co"), D("2023-01-01"))
    assert str(path) == "丙 —配偶 spouse→ 戊 —股东 shareholder→ 清溪建设公司"
    assert county().explain(("person", "c"), ("entity", "co"), D("2020-01-01"), max_hops=2) is None


# -- property: as-of queries agree with a brute-force scan of the tenures ------

DAYS = st.integers(min_value=0, max_value=3000).map(
    lambda n: date.fromordinal(D("2015-01-01").toordinal() + n)
)
History = tuple[
    list[dict[str, str]], list[tuple[str, str, str, date]], list[date | None], list[date]
]


@st.composite
def histories(draw: st.DrawFn) -> History:
    tenures = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(DAYS)
        length = draw(st.one_of(st.none(), st.integers(1, 1500)))
        t = tenure(f"p{draw(st.integers(0, 4))}", f"x{draw(st.integers(0, 4))}", start.isoformat())
        if length is not None:
            t["end"] = date.fromordinal(start.toordinal() + length).isoformat()
        tenures.append(t)
    moves = []
    for _ in range(draw(st.integers(0, 5))):
        position = f"x{draw(st.integers(1, 4))}"
        if draw(st.booleans()):
            moves.append((position, "unit", f"u{draw(st.integers(0, 2))}", draw(DAYS)))
        else:  # x1..x4 report to x0 at first; a move points them at another
            moves.append((position, "reports_to", f"x{draw(st.integers(0, 4))}", draw(DAYS)))
    ends = [draw(st.one_of(st.none(), DAYS)) for _ in range(5)]
    return tenures, moves, ends, draw(st.lists(DAYS, min_size=1, max_size=8))


def _in_force(
    moves: list[tuple[str, str, str, date]],
    position: str,
    attr: str,
    day: date,
    initial: str | None,
) -> str | None:
    applied = sorted((d, v) for p, a, v, d in moves if p == position and a == attr and d <= day)
    return applied[-1][1] if applied else initial


@settings(max_examples=150, deadline=None)
@given(histories())
def test_as_of_queries_match_a_brute_force_scan(data: History) -> None:
    """holders, positions_of, unit_of and reports_to equal a direct scan of tenures,
    moves and position lifetimes, for any day."""
    tenures, moves, ends, days = data
    # one move per position, attribute and day; none that makes a post report to itself
    moves = list({(p, a, d): (p, a, v, d) for p, a, v, d in moves if v != p}.values())
    # moves must fall within the life of the post they move
    moves = [m for m in moves if ends[int(m[0][1])] is None or m[3] < ends[int(m[0][1])]]  # type: ignore[operator]
    moves = [
        m
        for m in moves
        if m[1] != "reports_to" or ends[int(m[2][1])] is None or m[3] < ends[int(m[2][1])]
    ]  # type: ignore[operator]
    positions = [
        pos(f"x{i}", "u0", **({"end": ends[i].isoformat()} if ends[i] else {})) for i in range(5)
    ]
    for i in range(1, 5):
        positions[i]["reports_to"] = "x0"
    tenures = [
        t
        for t in tenures
        if ends[int(t["position"][1])] is None
        or date.fromisoformat(t["start"]) < ends[int(t["position"][1])]
    ]  # type: ignore[operator]
    org = make_org(
        units=[unit(f"u{i}") for i in range(3)],
        positions=positions,
        persons=[person(f"p{i}") for i in range(5)],
        tenures=tenures,
        reorganizations=[
            {"at": d.isoformat(), "title": "r", "moves": [{"position": p, a: v}]}
            for p, a, v, d in moves
        ],
    )
    g = OrgGraph(org)
    alive = {f"x{i}": org.positions[i] for i in range(5)}
    for day in days:
        for i in range(5):
            x = f"x{i}"
            live = alive[x].active(day)
            held = sorted(
                {t.person for t in org.tenures if t.position == x and t.active(day) and live}
            )
            assert g.holders(x, day) == held
            mine = sorted(
                {
                    t.position
                    for t in org.tenures
                    if t.person == f"p{i}" and t.active(day) and alive[t.position].active(day)
                }
            )
            assert g.positions_of(f"p{i}", day) == mine
            assert g.unit_of(x, day) == (_in_force(moves, x, "unit", day, "u0") if live else None)
            boss = _in_force(moves, x, "reports_to", day, "x0" if i else None)
            expected = boss if live and boss is not None and alive[boss].active(day) else None
            assert g.reports_to(x, day) == expected


def test_gc_paused_restores_the_collector_state() -> None:
    """The collector is off inside, back on after; left off if it was off."""
    import gc

    from riskwarn.graph.build import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_abolished_position_holds_nothing_after_its_end() -> None:
    """A tenure left open on a post abolished in 2022 ends with the post, and so do its stages."""
    g = OrgGraph(
        make_org(
            units=[unit("u")],
            positions=[pos("old", "u", end="2022-01-01"), pos("new", "u")],
            persons=[person("b")],
            tenures=[tenure("b", "old", "2020-01-01")],
            powers=[
                {
                    "id": "p",
                    "name": "p",
                    "kind": "finance",
                    "risk": "high",
                    "unit": "u",
                    "stages": {"decision": {"holders": ["old"]}},
                }
            ],
        )
    )
    assert g.positions_of("b", D("2021-06-01")) == ["old"]
    assert g.positions_of("b", D("2022-01-01")) == []
    assert g.stage_holders("p", "decision", D("2022-01-01")) == []


def test_unknown_ids_and_names_are_errors_with_suggestions() -> None:
    """Every query refuses an unknown id, stage or role instead of answering empty."""
    g = county()
    at = D("2023-01-01")
    cases = [
        (lambda: g.holders("fin_haed", at), "no position 'fin_haed' (did you mean 'fin_head'?)"),
        (lambda: g.positions_of("zz", at), "no person 'zz'"),
        (lambda: g.unit_of("acc2", at), "no position 'acc2' (did you mean 'acc'?)"),
        (lambda: g.stage_holders("nope", "decision", at), "no power 'nope'"),
        (
            lambda: g.supervisors("unit", "fin", at, roles=["lne"]),
            "no supervision role 'lne' (did you mean 'line'?)",
        ),
        (
            lambda: g.holders("fin_head", "2023-01-01"),
            "at: expected a date or an aware datetime, got str '2023-01-01'",
        ),  # type: ignore[arg-type]
    ]
    for call, message in cases:
        with pytest.raises(OrgError) as err:
            call()
        assert str(err.value) == message


def test_a_graph_is_only_built_from_a_consistent_organization() -> None:
    """OrgGraph runs the reference checks and refuses what is not an Organization."""
    with pytest.raises(OrgError) as err:
        OrgGraph(make_org(units=[unit("u")], positions=[pos("p", "uu")]))
    assert str(err.value) == "positions[0].unit: no unit 'uu' (did you mean 'u'?)"
    with pytest.raises(OrgError) as err:
        OrgGraph({"units": []})  # type: ignore[arg-type]
    assert str(err.value) == "OrgGraph needs an Organization, got dict"


def test_one_level_up_is_said_only_when_the_level_changed() -> None:
    """Two supervisors at one level: the relative is skipped, the other chosen at the same level."""
    g = OrgGraph(
        make_org(
            units=[unit("u"), unit("jw", kind="discipline")],
            positions=[pos("head", "u", principal=True), pos("jw_a", "jw"), pos("jw_b", "jw")],
            persons=[person("s"), person("r"), person("o")],
            tenures=[
                tenure("s", "head", "2020-01-01"),
                tenure("r", "jw_a", "2020-01-01"),
                tenure("o", "jw_b", "2020-01-01"),
            ],
            kinship=[{"person": "s", "relative": "r", "relation": "sibling"}],
            supervision=[
                {"supervisor": "jw_a", "role": "discipline", "units": ["u"]},
                {"supervisor": "jw_b", "role": "discipline", "units": ["u"]},
            ],
        )
    )
    (chosen,) = g.supervisors("person", "s", D("2023-01-01"), roles=["discipline"])
    assert chosen.person.id == "o"
    assert (
        chosen.reason
        == "discipline (纪检监察): supervises unit u; skipped r, jw_a (兄弟姐妹 sibling of the subject)"
    )


def test_a_vacant_supervisor_is_skipped_for_the_next_scope_up() -> None:
    """A vacant discipline office hands over to the scope on the enclosing unit."""
    g = county()
    at = D("2023-01-01")
    org = g.org.model_copy(
        update={"tenures": tuple(t for t in g.org.tenures if t.position != "jw_1")}
    )
    recipients = OrgGraph(org).supervisors("person", "d", at, roles=["discipline"])
    assert [(r.person.id, r.reason) for r in recipients] == [
        (
            "f",
            "discipline (纪检监察): supervises unit 县委; skipped 第一监督检查室主任 (vacant); one level up",
        )
    ]
