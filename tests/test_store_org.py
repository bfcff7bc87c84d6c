"""The small organization the store tests use, the warnings they store, and tests
that pin what the other store tests rely on: who supervises whom in it.

清河县 (fictional)::

    gov 县政府 ─ mayor (principal)            dc 纪委监委 ─ dc_sec (principal)
      │         vm_fin → mayor                                dc_fin → dc_sec
      │         vm_edu → mayor                                dc_edu → dc_sec
      ├─ fin 财政局 ─ fin_head (principal) → vm_fin
      │    └─ fin_budget 预算股 ─ fin_chief (principal) → fin_head
      │                           fin_clerk, fin_clerk2 → fin_chief
      └─ edu 教育局 ─ edu_head (principal) → vm_edu
                     edu_clerk → edu_head

Scopes: vm_fin line over fin, vm_edu line over edu, mayor line over the posts
vm_fin and vm_edu, dc_fin discipline over fin, dc_edu discipline over edu,
dc_sec discipline over the posts dc_fin and dc_edu. p_chief and p_clerk are
siblings. p_vmf holds vm_fin until 2026-06-01, p_vmf2 from then on.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from riskwarn.calendar import WeekendCalendar
from riskwarn.graph import OrgGraph
from riskwarn.model import Level, Ref, RiskWarning
from riskwarn.model.warning import warning_id
from riskwarn.store import EscalationPolicy
from tests.orgs import make_org, person, pos, tenure, unit

TZ = timezone(timedelta(hours=8))


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    """A time in 2026 (March by default), Beijing time; 2026-03-02 is a Monday."""
    return datetime(2026, month, day, hour, tzinfo=TZ)


def graph() -> OrgGraph:
    people = {
        "p_mayor": "mayor",
        "p_vme": "vm_edu",
        "p_finhead": "fin_head",
        "p_chief": "fin_chief",
        "p_clerk": "fin_clerk",
        "p_clerk2": "fin_clerk2",
        "p_eduhead": "edu_head",
        "p_educlerk": "edu_clerk",
        "p_dcsec": "dc_sec",
        "p_dcfin": "dc_fin",
        "p_dcedu": "dc_edu",
    }
    org = make_org(
        units=[
            unit("gov", "县政府", kind="government"),
            unit("fin", "财政局", parent="gov"),
            unit("fin_budget", "预算股", kind="section", parent="fin"),
            unit("edu", "教育局", parent="gov"),
            unit("dc", "纪委监委", kind="discipline"),
        ],
        positions=[
            pos("mayor", "gov", name="县长", grade="county_main", principal=True),
            pos("vm_fin", "gov", name="副县长(财政)", grade="county_deputy", reports_to="mayor"),
            pos("vm_edu", "gov", name="副县长(教育)", grade="county_deputy", reports_to="mayor"),
            pos("fin_head", "fin", name="财政局长", principal=True, reports_to="vm_fin"),
            pos("fin_chief", "fin_budget", name="预算股长", principal=True, reports_to="fin_head"),
            pos("fin_clerk", "fin_budget", name="预算员", grade="staff", reports_to="fin_chief"),
            pos("fin_clerk2", "fin_budget", name="预算员二", grade="staff", reports_to="fin_chief"),
            pos("edu_head", "edu", name="教育局长", principal=True, reports_to="vm_edu"),
            pos("edu_clerk", "edu", name="教育科员", grade="staff", reports_to="edu_head"),
            pos("dc_sec", "dc", name="纪委书记", grade="county_deputy", principal=True),
            pos("dc_fin", "dc", name="派驻财政纪检组长", reports_to="dc_sec"),
            pos("dc_edu", "dc", name="派驻教育纪检组长", reports_to="dc_sec"),
        ],
        persons=[person(p) for p in [*people, "p_vmf", "p_vmf2"]],
        tenures=[
            *(tenure(p, post, "2020-01-01") for p, post in people.items()),
            tenure("p_vmf", "vm_fin", "2020-01-01", "2026-06-01"),
            tenure("p_vmf2", "vm_fin", "2026-06-01"),
        ],
        kinship=[{"person": "p_chief", "relative": "p_clerk", "relation": "sibling"}],
        supervision=[
            {"supervisor": "vm_fin", "role": "line", "units": ["fin"]},
            {"supervisor": "vm_edu", "role": "line", "units": ["edu"]},
            {"supervisor": "mayor", "role": "line", "positions": ["vm_fin", "vm_edu"]},
            {"supervisor": "dc_fin", "role": "discipline", "units": ["fin"]},
            {"supervisor": "dc_edu", "role": "discipline", "units": ["edu"]},
            {"supervisor": "dc_sec", "role": "discipline", "positions": ["dc_fin", "dc_edu"]},
        ],
    )
    return OrgGraph(org)


GRAPH = graph()


def policy() -> EscalationPolicy:
    """The default limits on a Monday-to-Friday calendar, so deadlines are easy to check."""
    return EscalationPolicy(calendar=WeekendCalendar())


def warning(
    subject: str,
    time: datetime,
    *,
    kind: str = "person",
    rule: str = "self_approval",
    ruleset: str = "funds",
    level: Level = Level.YELLOW,
    key: Any = None,
    count: int = 1,
    recipients: bool = True,
    g: OrgGraph | None = GRAPH,
) -> RiskWarning:
    """A warning as the engine would emit it: deterministic id, routed in ``g`` as of ``time``."""
    ref = g.ref(kind, subject) if g is not None else Ref(kind=kind, id=subject, name=subject)
    routed = tuple(g.supervisors(kind, subject, time)) if recipients and g is not None else ()
    return RiskWarning(
        id=warning_id(ruleset, rule, level, ref, [key if key is not None else time]),
        rule=rule,
        ruleset=ruleset,
        ruleset_version="1",
        level=level,
        category="资金" if ruleset == "funds" else "测试",
        title=rule,
        message=f"{ref.name}: {rule}",
        basis="测试",
        subject=ref,
        time=time,
        recipients=routed,
        count=count,
    )


def who(w: RiskWarning) -> list[tuple[str, str]]:
    return [(r.role, r.person.id) for r in w.recipients]


def test_a_clerks_warning_goes_to_the_finance_vice_mayor_and_discipline_officer() -> None:
    """Routing in the fixture: fin's line scope and fin's discipline scope, nothing else."""
    assert who(warning("p_clerk", at(2))) == [("line", "p_vmf"), ("discipline", "p_dcfin")]
    assert who(warning("p_educlerk", at(2))) == [("line", "p_vme"), ("discipline", "p_dcedu")]


def test_the_finance_vice_mayor_changes_on_1_june() -> None:
    """The line recipient of a fin warning is whoever holds vm_fin that day."""
    assert who(warning("p_clerk", at(2, month=7))) == [
        ("line", "p_vmf2"),
        ("discipline", "p_dcfin"),
    ]


def test_superiors_of_the_recipients_are_the_mayor_and_the_discipline_secretary() -> None:
    """One step up from each recipient's post, as escalation goes."""
    assert [r.person.id for r in GRAPH.supervisors("position", "vm_fin", at(2), ["line"])] == [
        "p_mayor"
    ]
    assert [
        r.person.id for r in GRAPH.supervisors("position", "dc_fin", at(2), ["discipline"])
    ] == ["p_dcsec"]
