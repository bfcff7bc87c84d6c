"""Write events.jsonl of the county_selection scenario: the 2025 cadre-selection year of
中共清溪县委组织部 (fictional) — four adjustment batches and one rushed meeting, each
appointment step of each candidate (动议, 民主推荐, 考察, 凡提四必, 讨论决定, 任前公示,
任职通知), the organization department's 部务会 and the county standing committee's
meetings with attendance, statements in speaking order and votes, the personal-matters
reports of the 县处级 cadres, petitions and reports about cadres with their handling,
and the leader changes the department learned of — with the planted violations
README.md lists, and nothing else wrong.

Run from the repository root: ``.venv/bin/python examples/county_selection/generate.py``.
Deterministic (one seeded ``random.Random``); standard library and riskwarn only. Every
event is validated before it is written. The candidates' posts, the members of the
bodies and who did each step are read from the organization (../county/org merged with
org/), and the script asserts that each appointment is the tenure change the
organization records on its notice day, a promotion by exactly one grade when it says
it is one.

The practice the clean records follow (《党政领导干部选拔任用工作条例》2019): every
appointment starts with a recorded proposal naming its proposer; a promotion then has a
democratic recommendation, an inspection, the four checks (凡提四必) within the six
months before the decision, a decision of the standing committee with at least two
thirds of its members present and the secretary stating their view last on each matter,
a publicity of five working days starting after the decision, and an appointment notice
after the publicity. A lateral move (交流) has the proposal, an inspection, the decision
and the notice.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from riskwarn import Engine, OrgGraph, load_org, load_ruleset
from riskwarn.calendar import ChineseWorkCalendar
from riskwarn.events import read_events, write_events

HERE = Path(__file__).resolve().parent
OUT = HERE / "events.jsonl"
CST = timezone(timedelta(hours=8))

graph = OrgGraph(load_org(HERE.parent / "county" / "org", HERE / "org"))
# the built-in types and the selection ruleset's leader_change
types = Engine(graph, [load_ruleset(HERE.parent.parent / "rulesets" / "selection.yaml")]).types
cal = ChineseWorkCalendar()
rng = random.Random(20250318)
events: list[dict[str, Any]] = []

ORG = "organization_dept"
DISCIPLINE = "discipline_commission"
COMMITTEE = "county_committee"
STANDING = "cc_standing"
AFFAIRS = "org_affairs"
# the members of each body in the order they state their view, the principal last
STANDING_ORDER = [
    "gov_county_head",
    "cc_deputy_secretary",
    "dc_secretary",
    "org_head",
    "prop_head",
    "pl_head",
    "cc_office_director",
    "gov_exec_deputy",
    "cc_secretary",
]
AFFAIRS_ORDER = ["org_exec_deputy", "org_deputy_1", "org_deputy_2", "org_head"]


# -- days, times and the organization -------------------------------------------------------


def D(month: int, day: int, year: int = 2025) -> date:
    return date(year, month, day)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    assert cal.is_workday(day), f"{day} is not a working day"
    return datetime.combine(day, time(hh, mm), tzinfo=CST)


def office_time(day: date) -> datetime:
    """A moment of office hours (08:30–11:40, 14:00–17:20) on a working day."""
    morning = rng.randint(8 * 60 + 30, 11 * 60 + 40)
    minute = rng.choice([morning, rng.randint(14 * 60, 17 * 60 + 20)])
    return at(day, minute // 60, minute % 60)


def workday_on_or_after(day: date) -> date:
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def workdays_later(day: date, n: int) -> date:
    """The n-th working day after ``day``."""
    while n:
        day += timedelta(days=1)
        n -= cal.is_workday(day)
    return day


def workdays_between(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [x for x in days if cal.is_workday(x)]


def some_day(window: tuple[date, date]) -> date:
    return rng.choice(workdays_between(*window))


def holder(position: str, day: date) -> str:
    found = graph.holders(position, day)
    assert len(found) == 1, f"{position} on {day}: {found}"
    return found[0]


def add(**event: Any) -> None:
    events.append({k: v for k, v in event.items() if v is not None})


# -- appointments -------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One candidate for one post."""

    person: str
    position: str
    promotion: bool
    proposer: str = "org_head"
    """The post of the initial proposer (初始提名人)."""
    notice: date | None = None
    """The notice day when it is not the batch's."""
    exceptional_reason: str | None = None
    upper_approval: datetime | None = None
    publicity_start: date | None = None
    """A publicity of its own starting that day, ending with the batch's."""
    resumed: bool = False
    """Proposed and recommended in an earlier batch: only a supplementary inspection."""
    no_inspection: bool = False
    no_personal_matters_check: bool = False


@dataclass(frozen=True)
class Batch:
    number: int
    proposal: date
    recommendation: tuple[date, date]
    inspection: tuple[date, date]
    checks: tuple[date, date]
    affairs: datetime
    """The 部务会 that puts the batch to the standing committee."""
    decision: datetime
    """The standing committee's meeting."""
    publicity: date
    notice: date
    moves: tuple[Move, ...]
    absent: tuple[str, ...] = ()
    """Standing-committee posts whose holders were away."""
    principal_first: bool = False


RECORD = {
    "proposal": 1,
    "recommendation": 2,
    "inspection": 3,
    "archive_check": 4,
    "personal_matters_check": 5,
    "discipline_opinion": 6,
    "petition_check": 7,
    "decision": 8,
    "publicity": 9,
}
"""The number of each step's record in a candidate's selection file (选拔任用纪实)."""

FOUR_CHECKS = [  # 凡提四必: the step, who does it, in which unit
    ("archive_check", "org_cadre_clerk_2", ORG),  # 凡提必审
    ("personal_matters_check", "org_supervision_clerk", ORG),  # 凡提必核
    ("discipline_opinion", "dc_conduct_head", DISCIPLINE),  # 凡提必听
    ("petition_check", "org_supervision_chief", ORG),  # 凡提必查
]


@dataclass(frozen=True)
class Case:
    """One move in one batch, numbered in it: the steps' ids and records carry both."""

    batch: int
    seq: int
    move: Move

    def step(self, kind: str, when: datetime, actor: str, unit: str = ORG, **more: Any) -> None:
        """A step done at ``when`` by ``actor`` in ``unit``."""
        record_id = more.pop("record_id", f"QZJ-2025-{self.batch}-{self.seq:02d}-{RECORD.get(kind)}")  # fmt: skip
        add(
            id=f"XR-2025-{self.batch}-{self.seq:02d}-{kind}",
            type="appointment_step",
            time=when,
            actor=actor,
            unit=unit,
            candidate=self.move.person,
            position=self.move.position,
            step=kind,
            is_promotion=self.move.promotion,
            record_id=record_id,
            **more,
        )

    def four_checks(self, window: tuple[date, date]) -> None:
        """凡提四必 on days of ``window``, in the order of `FOUR_CHECKS`."""
        days = sorted(rng.choices(workdays_between(*window), k=4))
        for day, (kind, post, unit) in zip(days, FOUR_CHECKS, strict=True):
            if not (kind == "personal_matters_check" and self.move.no_personal_matters_check):
                self.step(kind, office_time(day), holder(post, day), unit)


def inspector(day: date) -> str:
    """The leader of an inspection team (考察组组长) that day."""
    return holder(rng.choice(["org_exec_deputy", "org_deputy_1", "org_deputy_2"]), day)


def early_steps(batch: Batch, case: Case) -> None:
    """动议, 民主推荐 (a promotion), 考察 and the four checks (a promotion)."""
    move = case.move
    if not move.resumed:
        day = workday_on_or_after(batch.proposal)
        clerk, proposer = holder("org_cadre_chief", day), holder(move.proposer, day)
        case.step("proposal", office_time(day), clerk, proposer=proposer)
        if move.promotion:
            day = some_day(batch.recommendation)
            case.step("recommendation", office_time(day), inspector(day))
    if not move.no_inspection:
        day = some_day(batch.inspection)
        case.step("inspection", office_time(day), inspector(day))
    if move.promotion:
        case.four_checks(batch.checks)


NOTICES: dict[date, str] = {}


def notice_number(day: date) -> str:
    """The 县委 document of a day's appointment notices (清委干〔year〕N号)."""
    if day not in NOTICES:
        count = sum(1 for known in NOTICES if known.year == day.year)
        NOTICES[day] = f"QWG-{day.year}-{9 * count + 8:03d}"
    return NOTICES[day]


def late_steps(batch: Batch, case: Case, decided: datetime) -> None:
    """讨论决定, 任前公示 (a promotion) and 任职通知, checked against the organization."""
    move = case.move
    exceptional = move.exceptional_reason is not None
    secretary = holder("cc_secretary", decided.date())
    case.step("decision", decided, secretary, COMMITTEE, exceptional=exceptional or None, exceptional_reason=move.exceptional_reason, upper_approval_at=move.upper_approval)  # fmt: skip
    notice = move.notice or batch.notice
    if move.promotion:
        start = move.publicity_start or batch.publicity
        end = workdays_later(batch.publicity, 4)  # five working days from the batch's start
        clerk = holder("org_cadre_chief", start)
        case.step("publicity", at(start, 9), clerk, publicity_start=start, publicity_end=end)
        assert notice > end
    clerk = holder("org_cadre_chief", notice)
    case.step("appointment_notice", at(notice, 10), clerk, record_id=notice_number(notice))
    held = max(graph.positions[p].grade.rank for p in graph.positions_of(move.person, decided))
    assert graph.positions[move.position].grade.rank - held == int(move.promotion), move
    assert move.person in graph.holders(move.position, notice), move
    assert move.person not in graph.holders(move.position, notice - timedelta(days=1)), move


def meeting(
    mid: str,
    body: str,
    order: list[str],
    when: datetime,
    matters: list[tuple[str, str]],
    absent: tuple[str, ...] = (),
    attending: tuple[str, ...] = (),
    principal_first: bool = False,
) -> None:
    """A personnel meeting of ``body``: each member present states a view on each matter
    in ``order`` (the principal, last in ``order``, speaks last unless
    ``principal_first``), then every member present votes for it; ``attending`` posts
    sit in without a vote (列席)."""
    day = when.date()
    members = [holder(p, day) for p in order]
    principal = members[-1]
    present = [m for p, m in zip(order, members, strict=True) if p not in absent]
    others = [m for m in present if m != principal]
    speakers = [principal, *others] if principal_first else [*others, principal]
    statements: list[dict[str, Any]] = []
    resolutions: list[dict[str, Any]] = []
    for ref, title in matters:
        for i, m in enumerate(speakers, 1):
            statements.append({"member": m, "order": i, "opinion": "agree", "is_principal": m == principal, "matter": ref})  # fmt: skip
        resolutions.append({"ref": ref, "title": title, "votes_for": len(present)})
    unit = COMMITTEE if body == STANDING else ORG
    sitting_in = [holder(p, day) for p in attending]
    add(id=mid, type="meeting", time=when, actor=principal, unit=unit, body=body, kind="personnel", members_due=members, present=present + sitting_in, statements=statements, resolutions=resolutions, minutes_recorded=True)  # fmt: skip


def run_batch(batch: Batch) -> None:
    """Every step of every move of a batch, its 部务会 and its 常委会."""
    cases = [Case(batch.number, seq, move) for seq, move in enumerate(batch.moves, 1)]
    for case in cases:
        early_steps(batch, case)
    title = f"研究提出2025年第{batch.number}批干部调整建议方案"
    if batch.number == 5:
        title = "研究提出县委办公室、县发改局领导职位调整建议方案"
    day = f"{batch.affairs:%Y%m%d}"
    meeting(f"BWH-{day}", AFFAIRS, AFFAIRS_ORDER, batch.affairs, [(f"BW-{day}-01", title)])
    day = f"{batch.decision:%Y%m%d}"
    matters = []
    for case in cases:
        post = graph.positions[case.move.position].name
        matters.append((f"CW-{day}-{case.seq:02d}", f"{graph.persons[case.move.person].name}同志任{post}"))  # fmt: skip
        late_steps(batch, case, batch.decision + timedelta(minutes=35 + 4 * case.seq))
    meeting(f"CWH-{day}", STANDING, STANDING_ORDER, batch.decision, matters, batch.absent, ("org_exec_deputy",), batch.principal_first)  # fmt: skip


FLOODS = "2025年7月防汛抢险中带领镇民兵应急分队转移群众1200余人，表现突出"
INSPECTIONS = "2024—2025年连续三轮巡察发现并移交问题线索数居全市县区第一，工作业绩突出"
CONSENT = at(D(11, 28), 16, 20)
"""When 市委组织部 consented to 林秀梅's exceptional promotion (破格)."""

BATCHES = [
    # 第一批: the spring adjustment, notices on 2025-04-08 (the base organization's)
    Batch(
        1,
        proposal=D(2, 10),
        recommendation=(D(2, 17), D(2, 19)),
        inspection=(D(2, 24), D(3, 7)),
        checks=(D(2, 25), D(3, 12)),
        affairs=at(D(3, 14), 9),
        decision=at(D(3, 18), 15),
        publicity=D(3, 19),
        notice=D(4, 8),
        moves=(
            Move("p081", "mr_head", True),
            Move("p063", "eb_deputy_3", True),
            Move("p160", "ps_deputy_1", True, proposer="ps_head"),
            Move("p072", "qs_deputy_mayor", True),
            Move("p506", "sw_head", True),
            Move("p507", "sw_deputy_1", True),
            Move("p512", "db_head", True),
            Move("p513", "db_deputy_1", True, no_personal_matters_check=True),  # planted
            Move("p020", "dr_head", False),
            Move("p108", "hc_deputy_1", False),
            Move("p123", "by_mayor", False),
            Move("p018", "dc_station3_leader", False, proposer="dc_secretary"),
        ),
    ),
    # 第二批: the water bureau after its head left, in the flood season
    Batch(
        2,
        proposal=D(6, 3),
        recommendation=(D(6, 9), D(6, 11)),
        inspection=(D(6, 16), D(6, 20)),
        checks=(D(6, 16), D(7, 1)),
        affairs=at(D(7, 3), 9),
        decision=at(D(7, 8), 15),
        publicity=D(7, 9),
        notice=D(7, 21),
        moves=(
            Move("p521", "wb_head", True),  # planted: a deputy since 2024-03-04
            Move("p523", "wb_deputy_1", True),
            Move("p510", "ca_deputy_1", True),
            Move("p505", "sw_deputy_2", True),
            Move("p514", "db_deputy_2", True),
        ),
        absent=("gov_county_head", "gov_exec_deputy", "pl_head", "prop_head"),  # planted: 5 of 9
    ),
    # 第三批: before the National Day holiday
    Batch(
        3,
        proposal=D(8, 18),
        recommendation=(D(8, 25), D(8, 27)),
        inspection=(D(9, 1), D(9, 5)),
        checks=(D(9, 1), D(9, 12)),
        affairs=at(D(9, 19), 9),
        decision=at(D(9, 26), 15),
        publicity=D(9, 28),
        notice=D(10, 16),
        moves=(
            Move("p526", "pb_deputy", True, resumed=True),
            Move("p519", "hr_deputy_3", True),  # planted: 县人社局 is over its quota
            Move("p525", "xx_npc_chair", True, exceptional_reason=FLOODS),  # planted: no consent
            Move("p524", "xx_armed", True),  # planted: a specific report on 15 September
            Move("p530", "qs_org_member", True, publicity_start=D(9, 29)),  # planted
            Move("p518", "by_deputy_mayor_2", False),
            Move("p511", "wb_deputy_2", False),
            Move("p522", "ca_deputy_2", False),
        ),
        absent=("prop_head",),
    ),
    # 第四批: the year-end rotation; the laterals of the base organization on 2026-01-20
    Batch(
        4,
        proposal=D(11, 3),
        recommendation=(D(11, 10), D(11, 12)),
        inspection=(D(11, 17), D(11, 21)),
        checks=(D(11, 17), D(12, 2)),
        affairs=at(D(12, 5), 9),
        decision=at(D(12, 9), 15),
        publicity=D(12, 10),
        notice=D(12, 19),
        moves=(
            Move("p529", "io_head", True, exceptional_reason=INSPECTIONS, upper_approval=CONSENT),
            Move("p528", "io_deputy", True, no_inspection=True),  # planted
            Move("p532", "pb_head", False),
            *(
                Move(person, post, False, proposer=proposer, notice=D(1, 20, 2026))
                for person, post, proposer in [
                    ("p064", "org_exec_deputy", "org_head"),
                    ("p023", "cc_office_deputy", "org_head"),
                    ("p004", "hb_head", "org_head"),
                    ("p012", "gov_office_director", "org_head"),
                    ("p153", "eb_deputy_2", "org_head"),
                    ("p078", "hb_deputy_1", "org_head"),
                    ("p007", "dc_insp1_head", "dc_secretary"),
                    ("p053", "dc_station2_leader", "dc_secretary"),
                    ("p075", "dc_conduct_head", "dc_secretary"),
                ]
            ),
        ),
        principal_first=True,  # planted
    ),
    # planted: the rushed meeting after the secretary's transfer was made known (2025-12-22)
    Batch(
        5,
        proposal=D(12, 23),
        recommendation=(D(12, 24), D(12, 24)),
        inspection=(D(12, 25), D(12, 25)),
        checks=(D(12, 24), D(12, 25)),
        affairs=at(D(12, 26), 9),
        decision=at(D(12, 29), 15),
        publicity=D(12, 30),
        notice=D(1, 20, 2026),
        moves=(
            Move("p536", "cc_office_vice", True, proposer="cc_secretary"),
            Move("p537", "dr_deputy_2", True, proposer="cc_secretary"),
        ),
        absent=("gov_county_head",),
    ),
]


def withdrawn_candidate() -> None:
    """邹晓峰, proposed for 信访局副局长 in the first batch: the 纪委's opinion of 11 March
    reports a specific report about him, received the day before, being checked, and he
    is left out of the 部务会's proposal (he is promoted in the third batch, `BATCHES`)."""
    case = Case(1, 13, Move("p526", "pb_deputy", True))
    for kind, when, post, more in [
        ("proposal", at(D(2, 10), 10, 15), "org_cadre_chief", {"proposer": holder("org_head", D(2, 10))}),
        ("recommendation", at(D(2, 18), 15), "org_deputy_1", {}),
        ("inspection", at(D(3, 3), 9, 30), "org_deputy_1", {}),
        ("archive_check", at(D(3, 4), 10, 20), "org_cadre_clerk_2", {}),
        ("personal_matters_check", at(D(3, 5), 15, 40), "org_supervision_clerk", {}),
        ("petition_check", at(D(3, 7), 16, 10), "org_supervision_chief", {}),
        ("discipline_opinion", at(D(3, 11), 11), "dc_conduct_head", {"unit": DISCIPLINE, "issues_found": True}),
    ]:  # fmt: skip
        case.step(kind, when, holder(post, when.date()), **more)


def appointments() -> None:
    withdrawn_candidate()
    for batch in BATCHES:
        run_batch(batch)


# -- petitions and reports ----------------------------------------------------------------


@dataclass(frozen=True)
class Petition:
    """A petition (信访, to 县信访局) or report (检举控告, to 县纪委监委) and its handling."""

    received: datetime
    kind: str
    subject: str | None
    complainant: str | None
    specific: bool
    acknowledged: date
    closed: date
    disposition: str | None = None
    transferred: date | None = None
    feedback: date | None = None


COMPLAINANTS = ["李桂芳", "王建新", "周永福", "吴秀珍", "赵德明", "陈金花", "刘长林", "黄素英"]

PETITIONS = [
    # about 邹晓峰, proposed for 信访局副局长: it holds up his promotion until closed
    Petition(
        at(D(3, 10), 10, 20),
        "report",
        "p526",
        "何建新",
        specific=True,
        acknowledged=D(3, 12),
        transferred=D(3, 13),
        closed=D(5, 16),
        disposition="concluded",
        feedback=D(5, 20),
    ),
    # about 卢晓燕, specific, closed long before her promotion in July (99 days after it came)
    Petition(
        at(D(3, 31), 15, 5),
        "petition",
        "p510",
        None,
        specific=True,
        acknowledged=D(4, 3),
        closed=D(5, 9),
    ),
    # about 范伟, in the third batch: not specific (工作作风), so nothing to check first
    Petition(
        at(D(8, 20), 9, 40),
        "petition",
        "p519",
        None,
        specific=False,
        acknowledged=D(8, 22),
        closed=D(9, 5),
    ),
    # about 严俊杰, specific, eleven days before the standing committee promotes him
    Petition(
        at(D(9, 15), 16, 40),
        "report",
        "p524",
        "汪德胜",
        specific=True,
        acknowledged=D(9, 17),
        transferred=D(9, 18),
        closed=D(11, 14),
        disposition="inquiry",
        feedback=D(11, 20),
    ),
]


def random_petitions(count: int) -> list[Petition]:
    """Petitions and reports about leaders who are not candidates this year, and about
    matters (no subject); a fifth come in online in the evening or at a weekend."""
    candidates = {m.person for b in BATCHES for m in b.moves}
    found: list[Petition] = []
    days = workdays_between(D(1, 6), D(12, 12))
    while len(found) < count:
        day = rng.choice(days)
        if rng.random() < 0.2:  # online (网上信访, 12388): any day, any hour
            late = time(rng.randint(19, 22), rng.randint(0, 59))
            received = datetime.combine(day + timedelta(days=rng.choice([0, 1, 2])), late, CST)
        else:
            received = office_time(day)
        leaders = sorted(
            h
            for p in graph.positions.values()
            if p.leadership or p.principal
            for h in graph.holders(p.id, day)
            if h not in candidates
        )
        subject = rng.choice(leaders) if rng.random() < 0.7 else None
        report = subject is not None and rng.random() < 0.6
        named = rng.random() < 0.4
        acknowledged = workdays_later(received.date(), rng.randint(2, 6))
        closed = workday_on_or_after(acknowledged + timedelta(days=rng.randint(20, 50)))
        found.append(
            Petition(
                received,
                "report" if report else "petition",
                subject,
                rng.choice(COMPLAINANTS) if named else None,
                specific=subject is not None and rng.random() < 0.3,
                acknowledged=acknowledged,
                closed=closed,
                disposition=rng.choice(["concluded", "inquiry", "preliminary_check"])
                if report
                else None,
                transferred=workdays_later(acknowledged, 1)
                if report and rng.random() < 0.5
                else None,
                feedback=workdays_later(closed, rng.randint(2, 6)) if named and report else None,
            )
        )
    return found


def petitions() -> None:
    """The petitions and reports, numbered per kind in time order, and their handling."""
    every = sorted(PETITIONS + random_petitions(26), key=lambda p: p.received)
    seq: Counter[str] = Counter()
    for p in every:
        prefix, unit = ("JB", DISCIPLINE) if p.kind == "report" else ("XF", "petition_bureau")
        seq[prefix] += 1
        pid = f"{prefix}-2025-{seq[prefix]:03d}"
        named = p.complainant is not None
        add(id=pid, type="petition", time=p.received, unit=unit, kind=p.kind, subject=p.subject, complainant=p.complainant, named=named, specific=p.specific)  # fmt: skip
        updates: list[tuple[str, date, dict[str, Any]]] = [
            ("acknowledged", p.acknowledged, {"kind": p.kind, "named": named})
        ]
        if p.transferred:
            updates.append(("transferred", p.transferred, {}))
        updates.append(("closed", p.closed, {"kind": p.kind, "named": named, "disposition": p.disposition}))  # fmt: skip
        if p.feedback:
            updates.append(("feedback", p.feedback, {}))
        for n, (action, day, more) in enumerate(updates, 1):
            add(id=f"{pid}-{n}", type="petition_update", time=office_time(day), unit=unit, petition_id=pid, action=action, **more)  # fmt: skip
    # no specific one about a candidate in the 90 days before the decision, but the planted
    decisions = [(e["candidate"], e["time"]) for e in events if e.get("step") == "decision"]
    for p in every:
        for who, when in decisions:
            soon = timedelta(0) < when - p.received <= timedelta(days=90)
            assert not (p.specific and who == p.subject and soon) or who == "p524", p


# -- personal-matters reports --------------------------------------------------------------


def county_cadres(day: date) -> list[str]:
    """Who holds a 县处级 post that day."""
    posts = [p.id for p in graph.positions.values() if p.grade.value.startswith("county_")]
    return sorted({person for post in posts for person in graph.holders(post, day)})


def personal_reports() -> None:
    """Each 县处级 cadre's annual report: the record opens at 00:00 on 1 January (not
    filed) and is filed before 31 January; in May and June 2025 the 干部监督股 checks a
    random sample (随机抽查) of the reports for 2024 and finds them complete."""
    filed_at: dict[str, datetime] = {}
    for year, window in [(2024, (D(1, 6), D(1, 24))), (2025, (D(1, 5, 2026), D(1, 30, 2026)))]:
        opened = datetime(year + 1, 1, 1, tzinfo=CST)
        for person in county_cadres(opened.date()):
            filed = office_time(some_day(window))
            add(id=f"GRSX-{year}-{person}-0", type="personal_report", time=opened, actor=person, unit=ORG, person=person, year=year)  # fmt: skip
            add(id=f"GRSX-{year}-{person}-1", type="personal_report", time=filed, actor=person, unit=ORG, person=person, year=year, filed_at=filed)  # fmt: skip
            if year == 2024:
                filed_at[person] = filed
    for person in sorted(rng.sample(sorted(filed_at), 5)):
        checked = office_time(some_day((D(5, 12), D(6, 20))))
        clerk = holder("org_supervision_clerk", checked.date())
        add(id=f"GRSX-2024-{person}-2", type="personal_report", time=checked, actor=clerk, unit=ORG, person=person, year=2024, filed_at=filed_at[person], mismatch=False, concealment=False)  # fmt: skip


# -- leader changes -------------------------------------------------------------------------


LEADER_CHANGES = [
    # when it became known, the unit, its principal, the change, the day it takes effect
    (at(D(2, 20), 16), "peoples_congress", "p025", "transfer", D(4, 8)),
    (at(D(5, 20), 11, 30), "water_bureau", "p520", "transfer", D(7, 1)),
    (at(D(11, 3), 10), "petition_bureau", "p533", "age_limit", D(12, 19)),
    (at(D(12, 15), 17), "public_security", "p088", "age_limit", D(1, 20, 2026)),
    (at(D(12, 22), 16, 30), "county_committee", "p169", "transfer", D(7, 1, 2026)),
    (at(D(1, 26, 2026), 10), "procuratorate", "p164", "age_limit", D(3, 16, 2026)),
]


def leader_changes() -> None:
    """What the department learned of principals leaving, the secretary's transfer at
    the county's 换届 among them."""
    seq: Counter[int] = Counter()
    for known, unit, leader, change, effective in LEADER_CHANGES:
        seq[known.year] += 1
        principal = next(p for p in graph.positions_in(unit, known) if graph.positions[p].principal)
        assert holder(principal, known.date()) == leader
        add(id=f"LDBD-{known:%Y}-{seq[known.year]:02d}", type="leader_change", time=known, actor=holder("org_head", known.date()), unit=unit, leader=leader, change=change, effective=effective)  # fmt: skip


# -- the standing committee's other meetings ----------------------------------------------


def standing_meetings() -> None:
    """The standing committee's meetings on other business (学习、经济运行、项目建设 …),
    about two a month, kept away from the personnel meetings."""
    personnel = [b.decision.date() for b in BATCHES]
    month = D(1, 1)
    while month < D(2, 1, 2026):
        for around in (9, 23):
            day = workday_on_or_after(month.replace(day=around))
            if any(abs((day - p).days) <= 3 for p in personnel) or day.month != month.month:
                continue
            members = [holder(p, day) for p in STANDING_ORDER]
            present = [m for m in members if rng.random() > 0.1]
            add(id=f"CWH-{day:%Y%m%d}", type="meeting", time=at(day, rng.choice([9, 15])), actor=members[-1], unit=COMMITTEE, body=STANDING, kind="other", members_due=members, present=present, minutes_recorded=True)  # fmt: skip
        month = (month + timedelta(days=32)).replace(day=1)


# -- output -------------------------------------------------------------------------------


def main() -> None:
    appointments()
    petitions()
    personal_reports()
    leader_changes()
    standing_meetings()
    for e in events:  # office hours on working days, but for the system and the internet
        opening = e["type"] == "personal_report" and e["time"].hour == 0
        online = e["type"] == "petition" and e["time"].hour >= 19
        assert opening or online or cal.is_workday(e["time"].date()), e
    events.sort(key=lambda e: (e["time"], e["id"]))
    written = write_events(OUT, read_events(events, types))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(Counter(e["type"] for e in events).items()))
    print(f"wrote {written} events to {OUT.name}: {kinds}")


if __name__ == "__main__":
    main()
