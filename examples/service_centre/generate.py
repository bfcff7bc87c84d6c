"""Write attendance.csv and events.jsonl: a year (2025) of the fictional 桐川县政务服务中心.

Run it with the package installed (the files are written next to this script)::

    .venv/bin/python examples/service_centre/generate.py

The year is drawn from a seeded generator, so the files are the same on every run:
service requests and their completions (办件), first-contact records (首问登记),
daily attendance (考勤), the centre's work ledger (工作台账, exported weekly),
petitions and reports about the centre and their handling (信访举报), official
receptions (公务接待) and integrity statements for the risk posts (廉洁承诺).
Working days are those of the Chinese holiday calendar of 2025: the centre's halls
are closed on weekends and holidays and open on the make-up working days; only
online applications (网上申报) arrive when they are closed.

The deliberate violations and the boundary case that README.md lists are written into
the year where they happen (the constants marked "planted"); everything else is in
time. Staff come from the organization files (`org/`): whoever holds a window post on
a day works there that day, unless attendance says otherwise.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from riskwarn import OrgGraph, load_org
from riskwarn.calendar import SHANGHAI, ChineseWorkCalendar

HERE = Path(__file__).resolve().parent
YEAR = 2025
FIRST, LAST = date(YEAR, 1, 1), date(YEAR, 12, 31)
SEED = 20250101
CAL = ChineseWorkCalendar()
GRAPH = OrgGraph(load_org(HERE / "org"))

Event = dict[str, Any]


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), SHANGHAI)


def stamp(t: datetime) -> str:
    return t.isoformat()


def days() -> Iterator[date]:
    d = FIRST
    while d <= LAST:
        yield d
        d += timedelta(days=1)


def workdays() -> list[date]:
    return [d for d in days() if CAL.is_workday(d)]


def holders(position: str, day: date) -> list[str]:
    return GRAPH.holders(position, day)


def holder(position: str, day: date) -> str:
    found = holders(position, day)
    if len(found) != 1:
        raise SystemExit(f"{position} on {day}: expected one holder, got {found}")
    return found[0]


def event(ident: str, etype: str, t: datetime, **fields: Any) -> Event:
    e: Event = {"id": ident, "type": etype, "time": stamp(t)}
    e.update({k: v for k, v in fields.items() if v is not None})
    return e


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# -- the service catalogue (服务事项目录) ---------------------------------------------


@dataclass(frozen=True)
class Service:
    name: str
    window: str  # unit id
    committed: int | None  # 承诺时限 (working days); None: 即办件
    legal: int | None  # 法定时限 (working days); None: none stated in the catalogue
    per_workday: float  # requests at the counter per working day
    online_per_day: float = 0.0  # online applications per calendar day
    applicant: str = "person"  # person | company, or a kind of shop: SHOPS


CATALOGUE = (
    # 综合受理窗口（一窗通办）: 市场监管、卫健、烟草 items
    Service("个体工商户设立登记", "sc_general", 1, 3, 0.88, 0.17, "shop"),
    Service("食品经营许可（新办）", "sc_general", 5, 10, 0.39, 0.0, "food"),
    Service("食品经营许可（变更、延续）", "sc_general", 3, 10, 0.22, 0.0, "food"),
    Service("公共场所卫生许可", "sc_general", 5, 20, 0.14, 0.0, "venue"),
    Service("烟草专卖零售许可证新办", "sc_general", 10, 20, 0.14, 0.0, "retail"),
    # 企业开办专区: 全程电子化, most applications are online
    Service("企业设立登记", "sc_business", 1, 3, 0.44, 0.44, "company"),
    Service("企业变更登记", "sc_business", 1, 3, 0.33, 0.22, "company"),
    Service("企业注销登记", "sc_business", 1, 3, 0.17, 0.08, "company"),
    # 不动产登记窗口
    Service("国有建设用地使用权及房屋所有权转移登记", "sc_property", 5, 30, 1.32),
    Service("不动产抵押权首次登记", "sc_property", 3, 30, 0.88, 0.0, "company"),
    Service("不动产抵押权注销登记", "sc_property", 1, 30, 0.55),
    Service("国有建设用地使用权及房屋所有权首次登记", "sc_property", 5, 30, 0.22, 0.0, "company"),
    Service("不动产登记资料查询", "sc_property", None, None, 0.88),
    # 社保医保窗口
    Service("城乡居民基本医疗保险参保登记", "sc_social", None, None, 0.88),
    Service("异地就医备案", "sc_social", None, None, 0.66),
    Service("社会保障卡申领（补换卡）", "sc_social", None, None, 0.66),
    Service("城乡居民基本养老保险待遇申领", "sc_social", 5, None, 0.28),
    Service("企业职工基本养老保险关系转移接续", "sc_social", 10, 15, 0.14),
    Service("基本医疗保险关系转移接续", "sc_social", 10, 15, 0.17),
    # 工程建设项目审批窗口
    Service("建筑工程施工许可证核发", "sc_construction", 3, 7, 0.14, 0.0, "company"),
    Service("建设工程规划许可证核发", "sc_construction", 10, 20, 0.08, 0.0, "company"),
    Service("建设项目用地预审与选址意见书核发", "sc_construction", 10, 20, 0.04, 0.0, "company"),
    Service("特殊建设工程消防设计审查", "sc_construction", 10, 15, 0.07, 0.0, "company"),
    Service("特殊建设工程消防验收", "sc_construction", 10, 15, 0.07, 0.0, "company"),
    Service("城镇污水排入排水管网许可", "sc_construction", 5, 20, 0.04, 0.0, "company"),
)
SERVICES = {s.name: s for s in CATALOGUE}

# Who receives (首问) and who handles (承办) at each window.
RECEIVERS = {
    "sc_general": ("sc_general_clerk",),
    "sc_business": ("sc_business_clerk",),
    "sc_property": ("sc_property_clerk",),
    "sc_social": ("sc_social_clerk",),
    "sc_construction": ("sc_construction_clerk",),
    "sc_guide": ("sc_guide_clerk", "sc_guide_chief"),
}
HANDLERS = {
    "sc_general": None,  # the receiving clerk handles it (一窗受理、一窗出件)
    "sc_business": None,
    "sc_property": ("sc_property_examiner", "sc_property_chief"),
    "sc_social": None,
    "sc_construction": ("sc_construction_chief",),
}

# 首问登记: what people ask at the guide desk that the centre does not handle, and
# where they are told to go (告知), or the window they are led to (引导).
INQUIRIES = (
    ("咨询普通护照办理", "已告知到县公安局出入境管理大队（人民路18号）办理"),
    ("咨询住房公积金提取", "已告知到县住房公积金管理中心城东营业部办理，提供咨询电话"),
    ("咨询机动车驾驶证期满换证", "已告知可在“交管12123”网上办理或到县交警大队车管所办理"),
    ("咨询出生医学证明补发", "已告知到县妇幼保健院出生医学证明管理办公室办理"),
    ("咨询个人所得税年度汇算", "已告知通过个人所得税APP办理，或到县税务局第一税务分局咨询"),
    ("咨询农村宅基地建房审批", "已告知到户籍所在乡镇人民政府提出申请"),
    ("咨询结婚登记预约", "已告知到县民政局婚姻登记处办理，并告知预约方式"),
    ("咨询残疾人证办理", "已告知到县残疾人联合会办理"),
    ("咨询法律援助申请", "已告知到县法律援助中心（司法局一楼）申请"),
    ("咨询户口迁入", "已告知到居住地派出所户籍窗口办理"),
    ("咨询企业开办流程", "已引导至企业开办专区，发放一次性告知单"),
    ("咨询二手房过户所需材料", "已引导至不动产登记窗口，发放一次性告知单"),
    ("咨询灵活就业人员参保", "已引导至社保医保窗口"),
    ("咨询施工许可并联审批", "已引导至工程建设项目审批窗口"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建华明国平军伟芳秀英丽红敏强磊涛勇杰娟霞静玲洋艳斌波辉刚鹏飞燕峰林海俊兰凤琴云亮志晓春雪梅"
TOWNS = ("城关镇", "青石镇", "桐溪镇", "双河镇", "白沙乡", "龙潭乡", "长岭镇")
SHOPS = {
    "shop": ("小吃店", "便利店", "理发店", "五金店", "农资店", "水果店", "服装店", "茶叶店"),
    "food": ("小吃店", "面馆", "便利店", "饮品店", "烘焙坊", "熟食店", "农家乐"),
    "venue": ("理发店", "美容店", "宾馆", "足浴店", "游泳馆"),
    "retail": ("便利店", "烟酒店", "超市", "副食店"),
}
TRADES = (
    ("商贸", "有限公司"),
    ("建筑工程", "有限公司"),
    ("农业科技", "有限公司"),
    ("电子商务", "有限公司"),
    ("餐饮管理", "有限公司"),
    ("物流", "有限公司"),
    ("建材", "有限公司"),
    ("置业", "有限公司"),
    ("文化传媒", "有限公司"),
    ("家庭农场", "（普通合伙）"),
)
WORDS = "鑫源瑞丰恒泰宏达华益昌隆众诚信和嘉禾永安锦程盛达金桐川润佳兴德茂"


def person_name(rng: random.Random) -> str:
    """A natural person as the export shows one: the middle character masked (脱敏)."""
    return f"{rng.choice(SURNAMES)}*{rng.choice(GIVEN)}"


def applicant(rng: random.Random, kind: str) -> str:
    if kind == "company":
        trade, form = rng.choice(TRADES)
        return f"桐川县{rng.choice(WORDS)}{rng.choice(WORDS)}{trade}{form}"
    if kind in SHOPS:
        return f"桐川县{rng.choice(TOWNS)}{rng.choice(SURNAMES)}记{rng.choice(SHOPS[kind])}"
    return person_name(rng)


# -- attendance (考勤) -------------------------------------------------------------

CENTRE_POSITIONS = (
    "sc_director",
    "sc_deputy_1",
    "sc_deputy_2",
    "sc_deputy_3",
    "sc_office_chief",
    "sc_office_clerk",
    "sc_supervision_chief",
    "sc_supervision_clerk",
    "sc_guide_chief",
    "sc_guide_clerk",
    "sc_general_chief",
    "sc_general_clerk",
    "sc_business_chief",
    "sc_business_clerk",
    "sc_property_chief",
    "sc_property_examiner",
    "sc_property_clerk",
    "sc_social_chief",
    "sc_social_clerk",
    "sc_construction_chief",
    "sc_construction_clerk",
)
TRAVELLERS = {"sc_director", "sc_deputy_1", "sc_deputy_2", "sc_deputy_3"} | {
    p for p in CENTRE_POSITIONS if p.endswith("_chief")
}

# Planted: 段丽娜 one day of absence without leave; 韩磊 stops coming to work on
# 3 November and is dismissed (辞退) from 1 December (his tenure ends then).
ABSENT_ONE_DAY = ("p146", date(2025, 3, 17))
ABSENT_RUN = ("p126", date(2025, 11, 3), date(2025, 11, 28))


def staff_on(day: date) -> dict[str, str]:
    """Person → their post in the centre, on a day."""
    return {p: pos for pos in CENTRE_POSITIONS for p in holders(pos, day)}


def leave_plan(rng: random.Random, work: list[date]) -> dict[tuple[str, date], str]:
    """Days of leave (年休假、病事假) and business trips of every member of staff."""
    plan: dict[tuple[str, date], str] = {}
    people = sorted({p for d in work for p in staff_on(d)})
    for person in people:
        started = GRAPH.persons[person].work_start or date(2015, 1, 1)
        years = (FIRST - started).days // 365
        allowance = 15 if years >= 20 else 10 if years >= 10 else 5 if years >= 1 else 0
        allowance += rng.choice((0, 0, 1, 2, 3))  # sick and personal leave
        while allowance > 0:
            start = rng.randrange(len(work))
            for i in range(min(allowance, rng.choice((1, 1, 2, 3, 5)))):
                if start + i < len(work):
                    plan[(person, work[start + i])] = "leave"
                    allowance -= 1
    for day in work:
        for person, pos in staff_on(day).items():
            rate = 0.03 if pos in TRAVELLERS else 0.004
            if (person, day) not in plan and rng.random() < rate:
                plan[(person, day)] = "business_trip"
    for key in [k for k in plan if k[0] == ABSENT_RUN[0] and k[1] >= ABSENT_RUN[1]]:
        del plan[key]
    person, day = ABSENT_ONE_DAY
    plan[(person, day)] = "absent_unexcused"
    person, first, last = ABSENT_RUN
    for day in work:
        if first <= day <= last:
            plan[(person, day)] = "absent_unexcused"
    return plan


def attendance(
    rng: random.Random, work: list[date], plan: dict[tuple[str, date], str]
) -> tuple[list[Event], dict[date, set[str]]]:
    """One record per member of staff and working day; and who was at work each day."""
    events: list[Event] = []
    present: dict[date, set[str]] = defaultdict(set)
    for day in work:
        for person, pos in sorted(staff_on(day).items()):
            status = plan.get((person, day), "present")
            if status == "present":
                t = at(day, 8, 0) + timedelta(seconds=rng.randrange(5 * 60, 58 * 60))
                present[day].add(person)
            else:
                t = at(day, 9, 0)
            unit = GRAPH.positions[pos].unit
            events.append(
                event(
                    f"KQ{day:%Y%m%d}-{person}",
                    "attendance",
                    t,
                    unit=unit,
                    person=person,
                    day=day.isoformat(),
                    status=status,
                )
            )
    return events, present


# -- service requests and completions (办件) --------------------------------------

CLOSE = time(17, 30)
REFUSED = "申请材料经核查不符合法定条件，已出具不予许可决定书并告知理由和救济途径"
WITHDRAWN = "申请人主动申请撤回"


def office_time(rng: random.Random, day: date) -> datetime:
    """A moment the halls are open (8:30–12:00, 14:00–17:30)."""
    minute = rng.randrange(0, 210 + 210)
    start = at(day, 8, 30) if minute < 210 else at(day, 14, 0) - timedelta(minutes=210)
    return start + timedelta(minutes=minute, seconds=rng.randrange(60))


def next_open(t: datetime) -> datetime:
    """The first moment at or after t when the halls are open."""
    day = t.date()
    if CAL.is_workday(day) and t.time() < CLOSE:
        return max(t, at(day, 8, 30))
    return at(CAL.add_workdays(day, 1), 8, 30)


def later_today(rng: random.Random, t: datetime, most: int) -> datetime:
    """A moment 10 to `most` minutes after t, but not past 17:50 that day."""
    return min(
        t + timedelta(minutes=rng.randint(10, most), seconds=rng.randrange(60)),
        at(t.date(), 17, 50),
    )


def completion_day(rng: random.Random, service: Service) -> int:
    """Working days after the day of receipt on which it is completed (0: that day)."""
    limit = service.committed
    assert limit is not None
    if rng.random() < 0.004 and limit > 1:
        return limit  # done on the last working day: the reminder was due
    if limit == 1:
        return 0 if rng.random() < 0.8 else 1
    weights = [limit - j for j in range(limit)]  # sooner is likelier, the last day never
    return rng.choices(range(limit), weights)[0]


def completed_at(
    rng: random.Random, service: Service, received: datetime, accepted: datetime
) -> datetime:
    if service.committed is None:  # 即办件: done while the applicant waits
        return later_today(rng, accepted, 40)
    j = completion_day(rng, service)
    day = received.date() if j == 0 else CAL.add_workdays(received.date(), j)
    if day <= accepted.date():
        if accepted.time() < time(16, 30):
            return later_today(rng, accepted, 150)
        day = CAL.add_workdays(accepted.date(), 1)  # too late in the day: the next one
    return office_time(rng, day)


def outcome(rng: random.Random, service: Service) -> tuple[str, str | None]:
    r = rng.random()
    if service.committed is not None and r < 0.02:
        return "refused", REFUSED
    if service.committed is not None and r < 0.035:
        return "withdrawn", WITHDRAWN
    return "approved", None


def pick(
    rng: random.Random, positions: tuple[str, ...], day: date, present: set[str]
) -> str | None:
    people = [p for pos in positions for p in holders(pos, day) if p in present]
    return rng.choice(sorted(people)) if people else None


@dataclass(frozen=True)
class Planted:
    """A service request with a fixed story: who took it, when it was done."""

    service: str
    received: datetime
    receiver: str
    handler: str | None
    done: datetime
    result: str
    reason: str | None = None
    committed: int | None = None  # other than the catalogue's


TRANSFER = "国有建设用地使用权及房屋所有权转移登记"
PLANTED_REQUESTS = (
    # Received the Friday before National Day; 5 working days end on 10 October (28
    # September was a make-up working day); done on 13 October: overdue.
    Planted(
        TRANSFER,
        at(date(2025, 9, 26), 10, 12),
        "p138",
        "p134",
        at(date(2025, 10, 13), 11, 20),
        "approved",
    ),
    # Received on 29 September; the holiday moves the 5th working day to Monday
    # 13 October; done at 17:10 that day: in time (the boundary case).
    Planted(
        TRANSFER,
        at(date(2025, 9, 29), 15, 40),
        "p136",
        "p135",
        at(date(2025, 10, 13), 17, 10),
        "approved",
    ),
    # A food business licence left lying: due 17 March, 督办 ended 20 March, done 26 March.
    Planted(
        "食品经营许可（新办）",
        at(date(2025, 3, 10), 10, 5),
        "p121",
        "p121",
        at(date(2025, 3, 26), 15, 30),
        "approved",
    ),
    # The catalogue entry of 消防验收 briefly stated 20 working days (the 行政许可法
    # default) instead of 10, above the 15 days of the special rule.
    Planted(
        "特殊建设工程消防验收",
        at(date(2025, 8, 12), 9, 35),
        "p151",
        "p149",
        at(date(2025, 8, 22), 10, 40),
        "approved",
        committed=20,
    ),
    # A change of registration taken at 16:20 on Thursday 24 April and done on Sunday
    # 27 April, a make-up working day after its 1-working-day limit (Friday).
    Planted(
        "企业变更登记",
        at(date(2025, 4, 24), 16, 20),
        "p130",
        "p130",
        at(date(2025, 4, 27), 10, 40),
        "approved",
    ),
    # 首问: asked at the guide desk on Friday afternoon, answered only on Wednesday.
    Planted(
        "首问登记：咨询二手房交易个人所得税核定",
        at(date(2025, 6, 13), 15, 20),
        "p116",
        None,
        at(date(2025, 6, 18), 10, 5),
        "referred",
        "申请人再次来电后，告知到县税务局第一税务分局办理",
    ),
)
MUST_WORK = {(p.receiver, p.received.date()) for p in PLANTED_REQUESTS}


def planted_request(rng: random.Random, rid: str, a: Arrival) -> list[Event]:
    p = a.planted
    assert p is not None
    if a.service is None:
        opened = event(
            rid,
            "service_request",
            p.received,
            unit=a.window,
            service=p.service,
            first_receiver=p.receiver,
            applicant=person_name(rng),
        )
    else:
        accepted = p.received + timedelta(minutes=8)
        opened = request(
            rid,
            p.received,
            a.service,
            p.receiver,
            p.handler,
            accepted,
            applicant(rng, a.service.applicant),
            p.committed,
        )
    return [opened, completion(rid, p.done, a.window, p.handler or p.receiver, p.result, p.reason)]


@dataclass(frozen=True)
class Arrival:
    """Something that comes to a window: an application at the counter or online, or a
    question at the guide desk (首问登记); `planted` when its story is fixed."""

    received: datetime
    channel: str  # counter (BJ) | online (WS) | inquiry (SW)
    window: str
    service: Service | None = None
    planted: Planted | None = None


PREFIX = {"counter": "BJ", "online": "WS", "inquiry": "SW"}
INQUIRY_RATES = (("sc_guide", 1.2), ("sc_general", 0.3))  # per working day


def arrivals(rng: random.Random) -> list[Arrival]:
    """Applications at the counters and questions at the guide desk on working days,
    online applications at any hour of any day, and the planted cases."""
    found: list[Arrival] = []
    for day in days():
        open_day = CAL.is_workday(day)
        for service in CATALOGUE:
            if open_day:
                found += [
                    Arrival(office_time(rng, day), "counter", service.window, service)
                    for _ in range(poisson(rng, service.per_workday))
                ]
            for _ in range(poisson(rng, service.online_per_day) if service.online_per_day else 0):
                hour = rng.choices(range(24), [1] * 7 + [3] * 16 + [1])[0]
                t = at(day, hour) + timedelta(seconds=rng.randrange(3600))
                found.append(Arrival(t, "online", service.window, service))
        for window, rate in INQUIRY_RATES if open_day else ():
            found += [
                Arrival(office_time(rng, day), "inquiry", window) for _ in range(poisson(rng, rate))
            ]
    for p in PLANTED_REQUESTS:
        if p.service in SERVICES:
            found.append(
                Arrival(p.received, "counter", SERVICES[p.service].window, SERVICES[p.service], p)
            )
        else:
            found.append(Arrival(p.received, "inquiry", "sc_guide", None, p))
    return sorted(found, key=lambda a: (a.received, a.window, a.service.name if a.service else ""))


def requests(rng: random.Random, present: dict[date, set[str]]) -> tuple[list[Event], list[str]]:
    """Every request and its completion, numbered per channel and day; and the ids of
    the planted ones."""
    events: list[Event] = []
    planted: list[str] = []
    seq: Counter[tuple[str, date]] = Counter()
    for a in arrivals(rng):
        prefix = PREFIX[a.channel]
        seq[(prefix, a.received.date())] += 1
        rid = f"{prefix}{a.received:%Y%m%d}-{seq[(prefix, a.received.date())]:04d}"
        if a.planted is not None:
            planted.append(rid)
            events += planted_request(rng, rid, a)
        elif a.service is None:
            events += inquiry(rng, rid, a, present[a.received.date()])
        else:
            events += application(rng, rid, a, a.service, present)
    return events, planted


def application(
    rng: random.Random, rid: str, a: Arrival, service: Service, present: dict[date, set[str]]
) -> list[Event]:
    online = a.channel == "online"
    accepted = (
        later_today(rng, next_open(a.received), 90)
        if online
        else a.received + timedelta(minutes=rng.randint(3, 15))
    )
    day = accepted.date()
    receiver = pick(rng, RECEIVERS[a.window], day, present[day]) or holder(f"{a.window}_chief", day)
    handlers = HANDLERS[a.window]
    handler = (
        receiver
        if handlers is None
        else (pick(rng, handlers, day, present[day]) or holder(handlers[-1], day))
    )
    result, reason = outcome(rng, service)
    done = completed_at(rng, service, a.received, accepted)
    return [
        request(
            rid, a.received, service, receiver, handler, accepted, applicant(rng, service.applicant)
        ),
        completion(rid, done, a.window, handler, result, reason),
    ]


def inquiry(rng: random.Random, rid: str, a: Arrival, present: set[str]) -> list[Event]:
    """首问登记: a question answered, referred or led to a window within minutes."""
    day = a.received.date()
    receiver = pick(rng, RECEIVERS[a.window], day, present) or holder(f"{a.window}_chief", day)
    topic, answer = rng.choice(INQUIRIES)
    return [
        event(
            rid,
            "service_request",
            a.received,
            unit=a.window,
            service=f"首问登记：{topic}",
            first_receiver=receiver,
            applicant=person_name(rng),
        ),
        completion(rid, later_today(rng, a.received, 30), a.window, receiver, "referred", answer),
    ]


def request(
    rid: str,
    received: datetime,
    service: Service,
    receiver: str,
    handler: str | None,
    accepted: datetime | None,
    who: str,
    committed: int | None = None,
) -> Event:
    return event(
        rid,
        "service_request",
        received,
        unit=service.window,
        service=service.name,
        first_receiver=receiver,
        applicant=who,
        handler=handler,
        accepted_at=stamp(accepted) if accepted else None,
        committed_limit_days=committed or service.committed,
        legal_limit_days=service.legal,
    )


def completion(
    rid: str, t: datetime, unit: str, actor: str | None, result: str, reason: str | None
) -> Event:
    return event(
        f"{rid}-E",
        "service_completed",
        t,
        actor=actor,
        unit=unit,
        request_id=rid,
        outcome=result,
        reason=reason,
    )


# -- petitions and reports (信访举报) ------------------------------------------------

# Complaints to the centre (信访, received by its 督查投诉科) come about these windows
# (waiting times, documents asked for twice, attitude); most name no one, some name a
# member of that window's staff. Reports to the discipline commission (检举控告:
# intermediaries, queue-jumping for friends, gifts, dinners) name one.
COMPLAINT_WINDOWS = (
    "sc_property",
    "sc_property",
    "sc_social",
    "sc_social",
    "sc_business",
    "sc_general",
    "sc_general",
    "sc_construction",
    "sc_office",
)
REPORT_WINDOWS = ("sc_property", "sc_social", "sc_construction", "sc_business", "sc_general")
PLANTED_SUBJECT = "p137"  # 刘春燕: three petitions and reports within 90 days


def working_day_after(day: date, calendar_days: int) -> date:
    """The first working day at or after `calendar_days` days after `day`."""
    d = day + timedelta(days=calendar_days)
    return d if CAL.is_workday(d) else CAL.add_workdays(d, 1)


def petition_flow(
    rng: random.Random,
    pid: str,
    received: datetime,
    kind: str,
    named: bool,
    actor: str,
    unit: str,
    ack_days: int | None = None,
) -> list[Event]:
    """The handling of a petition or report, all in time unless `ack_days` says when
    the acknowledgement came."""
    out: list[Event] = []
    if kind == "petition":
        ack_day = working_day_after(received.date(), ack_days or rng.randint(2, 9))
        ack = office_time(rng, ack_day)
        transferred = rng.random() < 0.2
        action = "transferred" if transferred else "acknowledged"
        out.append(
            event(
                f"{pid}-1",
                "petition_update",
                ack,
                actor=actor,
                unit=unit,
                petition_id=pid,
                action=action,
                kind=kind,
                named=named,
            )
        )
        if not transferred:
            closed = office_time(rng, working_day_after(ack_day, rng.randint(12, 50)))
            out.append(
                event(
                    f"{pid}-2",
                    "petition_update",
                    closed,
                    actor=actor,
                    unit=unit,
                    petition_id=pid,
                    action="closed",
                    kind=kind,
                    named=named,
                )
            )
        return out
    ack = office_time(rng, CAL.add_workdays(received.date(), rng.randint(1, 3)))
    transferred = rng.random() < 0.5  # to the 派驻纪检监察组 that supervises the centre
    action = "transferred" if transferred else "acknowledged"
    out.append(
        event(
            f"{pid}-1",
            "petition_update",
            ack,
            actor=actor,
            unit=unit,
            petition_id=pid,
            action=action,
            kind=kind,
            named=named,
        )
    )
    day = working_day_after(ack.date(), rng.randint(30, 75))
    closer = "p011" if transferred else actor  # 派驻组副组长 closes what was transferred
    disposition = rng.choice(("concluded", "concluded", "inquiry", "preliminary_check"))
    out.append(
        event(
            f"{pid}-2",
            "petition_update",
            office_time(rng, day),
            actor=closer,
            unit="dc_station_4" if transferred else unit,
            petition_id=pid,
            action="closed",
            disposition=disposition,
            kind=kind,
            named=named,
        )
    )
    if named:
        fb = office_time(rng, CAL.add_workdays(day, rng.randint(2, 10)))
        out.append(
            event(
                f"{pid}-3",
                "petition_update",
                fb,
                actor=closer,
                petition_id=pid,
                action="feedback",
                kind=kind,
                named=named,
            )
        )
    return out


@dataclass(frozen=True)
class Filed:
    """A petition or report as it was filed, before it is numbered."""

    received: datetime
    kind: str  # petition | report
    subject: str | None
    named: bool
    ack_days: int | None = None  # planted: calendar days until it was acknowledged


def subjects_ok(filed: list[Filed]) -> bool:
    """No one but the planted subject is named three times within 90 days."""
    by: dict[str, list[date]] = defaultdict(list)
    for f in sorted(filed, key=lambda f: f.received):
        if f.subject is not None:
            by[f.subject].append(f.received.date())
    return all(
        (seen[i + 2] - seen[i]).days >= 90
        for person, seen in by.items()
        if person != PLANTED_SUBJECT
        for i in range(len(seen) - 2)
    )


def draw_filed(rng: random.Random) -> list[Filed]:
    """About 20 complaints to the centre and 5 reports to the discipline commission."""
    filed = []
    work = workdays()
    for day in rng.sample(work[5:-40], 20):
        window = rng.choice(COMPLAINT_WINDOWS)
        staff = [p for pos in RECEIVERS.get(window, ()) for p in holders(pos, day)]
        subject = rng.choice(sorted(staff)) if staff and rng.random() < 0.35 else None
        subject = None if subject == PLANTED_SUBJECT else subject
        filed.append(Filed(office_time(rng, day), "petition", subject, rng.random() < 0.6))
    for day in rng.sample(work[5:-60], 5):
        window = rng.choice(REPORT_WINDOWS)
        staff = [p for pos in RECEIVERS[window] for p in holders(pos, day)]
        subject = rng.choice([p for p in sorted(staff) if p != PLANTED_SUBJECT])
        filed.append(Filed(office_time(rng, day), "report", subject, rng.random() < 0.5))
    return filed


def petitions(rng: random.Random) -> list[Event]:
    """The year's petitions and reports, numbered in order of receipt, and their handling."""
    while True:  # draw again until only the planted subject is named thrice in 90 days
        filed = draw_filed(rng) + PLANTED_PETITIONS
        if subjects_ok(filed):
            break
    events: list[Event] = []
    numbers: Counter[str] = Counter()
    for f in sorted(filed, key=lambda f: f.received):
        numbers[f.kind] += 1
        if f.kind == "petition":
            pid = f"XF2025-{numbers[f.kind]:03d}"
            actor = rng.choice(holders("sc_supervision_clerk", f.received.date()))
            unit = "sc_supervision"
        else:
            pid, actor, unit = f"JJ2025-{numbers[f.kind]:03d}", "p009", "dc_petition"
        events.append(
            event(
                pid,
                "petition",
                f.received,
                actor=actor,
                unit=unit,
                kind=f.kind,
                subject=f.subject,
                named=f.named,
                complainant=person_name(rng) if f.named else None,
                specific=f.kind == "report" or (f.subject is not None and rng.random() < 0.5),
            )
        )
        events += petition_flow(rng, pid, f.received, f.kind, f.named, actor, unit, f.ack_days)
    return events


# Planted: a complaint acknowledged only after 18 days; 刘春燕 (不动产登记受理员)
# named in two complaints and a report within 90 days.
PLANTED_PETITIONS = [
    Filed(at(date(2025, 4, 7), 10, 31), "petition", None, True, ack_days=18),
    Filed(at(date(2025, 5, 12), 9, 52), "petition", PLANTED_SUBJECT, True),
    Filed(at(date(2025, 6, 23), 15, 8), "petition", PLANTED_SUBJECT, False),
    Filed(at(date(2025, 7, 28), 10, 15), "report", PLANTED_SUBJECT, True),
]


# -- official receptions (公务接待) ---------------------------------------------------

# (day, visitors' unit, guests, hosts, working meals, official letter). The centre is
# visited to learn from its 一窗通办 and by supervision and survey groups. The
# neighbouring counties and districts are fictional too.
RECEPTIONS = (
    ("2025-03-12", "白溪县（虚构）政务服务中心考察组", 6, 2, 1, True),
    ("2025-03-27", "市政务服务和数据管理局督导组", 4, 2, 0, True),
    ("2025-04-16", "青禾县（虚构）行政审批服务局考察组", 8, 3, 1, True),
    ("2025-04-24", "省营商环境评价调研组", 3, 2, 1, True),
    ("2025-05-20", "市政务服务和数据管理局“高效办成一件事”督导组", 5, 5, 1, True),  # planted
    ("2025-06-11", "梧桐区（虚构）政务服务中心考察组", 12, 4, 1, True),
    ("2025-06-26", "市人大常委会优化营商环境调研组", 7, 3, 0, True),
    ("2025-07-16", "云岭县（虚构）政务服务中心考察组", 5, 2, 1, True),
    ("2025-08-21", "市纪委监委营商环境专项监督检查组", 4, 2, 0, True),
    ("2025-09-10", "云岭县（虚构）数据局考察组", 6, 2, 1, True),
    ("2025-09-24", "省政务服务中心“一网通办”调研组", 3, 2, 1, True),
    ("2025-10-22", "市发展和改革委员会营商环境评价组", 5, 2, 1, True),
    ("2025-11-06", "白溪县（虚构）石岭镇便民服务中心", 6, 2, 1, False),  # planted
    ("2025-11-19", "青禾县（虚构）政务服务中心考察组", 10, 3, 1, True),
    ("2025-12-04", "市政务服务和数据管理局年度考核组", 6, 3, 1, True),
    ("2025-12-17", "白溪县（虚构）乡镇便民服务中心主任培训班", 15, 5, 1, True),
)
MEAL_PER_HEAD = 85  # 元, within the county's working-meal standard


def receptions(rng: random.Random) -> list[Event]:
    events = []
    for i, (day, unit, guests, hosts, meals, letter) in enumerate(RECEPTIONS):
        d = date.fromisoformat(day)
        assert CAL.is_workday(d), day
        t = at(d, rng.choice((9, 10, 14)), rng.choice((0, 30)))
        events.append(
            event(
                f"JD2025-{i + 1:03d}",
                "reception",
                t,
                actor=holder("sc_office_chief", d),
                unit="sc_office",
                official_letter=letter,
                guests=guests,
                hosts=hosts,
                working_meals=meals,
                list_signed=True,
                guest_unit=unit,
                cost=meals * (guests + hosts) * MEAL_PER_HEAD,
            )
        )
    return events


# -- the work ledger (工作台账) -------------------------------------------------------

Task = tuple[str, str, str, str, str, str]
# (task, title, owner's post, created, due, done). The ledger is exported each Monday
# (the first working day of the week) with every open task; a task also gets a record
# when it is created and when it is done.
TASKS = (
    ("TZ2025-01", "春节前窗口服务保障方案", "sc_office_chief", "01-06", "01-17", "01-15"),
    (
        "TZ2025-02",
        "2025年政务服务事项目录动态调整（第一批）",
        "sc_office_chief",
        "01-06",
        "03-31",
        "03-21",
    ),
    ("TZ2025-03", "“高效办成一件事”新生儿出生一件事落地", "sc_deputy_2", "01-13", "04-30", "04-18"),
    ("TZ2025-04", "窗口工作人员一季度业务培训", "sc_office_chief", "02-10", "03-14", "03-07"),
    ("TZ2025-05", "企业开办全程网办推广", "sc_business_chief", "02-17", "05-30", "05-16"),
    ("TZ2025-06", "不动产“带押过户”业务推广", "sc_property_chief", "02-24", "06-13", "06-06"),
    (
        "TZ2025-07",
        "工程建设项目审批“多测合一”改革",
        "sc_construction_chief",
        "03-03",
        "09-30",
        "09-19",
    ),
    ("TZ2025-08", "社保医保经办村级代办点建设", "sc_social_chief", "03-10", "08-29", "08-22"),
    (
        "TZ2025-09",
        "不动产登记档案数字化（2010年前档案）",
        "sc_property_chief",
        "03-17",
        "11-28",
        "11-14",
    ),
    ("TZ2025-10", "一季度“好差评”差评整改回访", "sc_supervision_chief", "04-01", "04-18", "04-11"),
    ("TZ2025-11", "医保电子凭证激活推广", "sc_social_chief", "04-07", "06-30", "06-13"),
    (
        "TZ2025-12",
        "综合窗口“一窗通办”事项清单梳理（第二批）",
        "sc_general_chief",
        "04-14",
        "06-30",
        "08-15",
    ),  # planted
    ("TZ2025-13", "政务服务大厅适老化改造", "sc_office_chief", "05-06", "09-12", "09-05"),
    ("TZ2025-14", "窗口人员年度轮岗方案", "sc_director", "05-12", "06-27", "06-20"),
    ("TZ2025-15", "年中窗口效能评议", "sc_deputy_1", "06-03", "07-15", "07-08"),
    (
        "TZ2025-16",
        "“高效办成一件事”企业信息变更一件事",
        "sc_business_chief",
        "06-09",
        "09-30",
        "09-26",
    ),
    ("TZ2025-17", "二季度“好差评”差评整改回访", "sc_supervision_chief", "07-01", "07-18", "07-11"),
    ("TZ2025-18", "工程建设项目联合验收试点", "sc_construction_chief", "07-07", "11-14", "11-07"),
    (
        "TZ2025-19",
        "2025年政务服务事项目录动态调整（第二批）",
        "sc_office_chief",
        "08-04",
        "10-31",
        "10-24",
    ),
    ("TZ2025-20", "窗口人员下半年业务培训", "sc_office_chief", "08-18", "09-26", "09-19"),
    ("TZ2025-21", "国庆假期网办服务保障方案", "sc_deputy_2", "09-01", "09-24", "09-17"),
    ("TZ2025-22", "政务服务网办事指南要素核查", "sc_general_chief", "09-15", "11-21", "11-13"),
    ("TZ2025-23", "三季度“好差评”差评整改回访", "sc_supervision_chief", "10-09", "10-24", "10-17"),
    ("TZ2025-24", "年度政务服务工作总结及2026年工作计划", "sc_deputy_1", "11-03", "12-19", "12-12"),
    ("TZ2025-25", "四季度“好差评”差评整改回访", "sc_supervision_chief", "12-01", "12-19", "12-12"),
)


def monthly_tasks() -> list[Task]:
    """The monthly analysis of the 12345 hotline and the 好差评 reviews: due on the
    8th working day of the next month, done on the 4th to 6th."""
    out = []
    for i in range(12):
        month = 12 if i == 0 else i  # December 2024, then January to November 2025
        first = CAL.add_workdays(date(YEAR, i + 1, 1) - timedelta(days=1), 1)
        due = CAL.add_workdays(first, 7)
        done = CAL.add_workdays(first, 3 + i % 3)
        year = YEAR - 1 if i == 0 else YEAR
        title = f"{year}年{month}月12345热线工单及“好差评”分析通报"
        out.append(
            (
                f"TZ2025-M{i + 1:02d}",
                title,
                "sc_supervision_chief",
                f"{first:%m-%d}",
                f"{due:%m-%d}",
                f"{done:%m-%d}",
            )
        )
    return out


def export_days() -> list[date]:
    """The first working day of each week."""
    firsts: dict[tuple[int, int], date] = {}
    for d in workdays():
        firsts.setdefault(d.isocalendar()[:2], d)
    return sorted(firsts.values())


def ledger_record(ident: str, t: datetime, row: Task, done_at: datetime | None = None) -> Event:
    """The task as the ledger shows it at t: owned by whoever holds its post that day."""
    task, title, post, _, due, _ = row
    return event(
        ident,
        "ledger_task",
        t,
        unit=GRAPH.positions[post].unit,
        task=task,
        owner=holder(post, t.date()),
        due=f"{YEAR}-{due}",
        title=title,
        done_at=stamp(done_at) if done_at else None,
    )


def ledger(rng: random.Random) -> list[Event]:
    events: list[Event] = []
    exports = export_days()
    for row in TASKS + tuple(monthly_tasks()):
        task, _, _, created, _, done = row
        start = at(date.fromisoformat(f"{YEAR}-{created}"), 9, rng.randrange(60))
        end = office_time(rng, date.fromisoformat(f"{YEAR}-{done}"))
        assert CAL.is_workday(start.date()) and CAL.is_workday(end.date()), task
        events.append(ledger_record(f"{task}-new", start, row))
        for day in exports:
            t = at(day, 7, 30)
            if start < t < end:
                events.append(ledger_record(f"{task}-{day:%m%d}", t, row))
        events.append(ledger_record(f"{task}-done", end, row, end))
    return events


# -- integrity statements (廉洁承诺) --------------------------------------------------

# Holders of the risk posts (廉政风险岗位: the centre's leaders and the posts that
# approve) sign a statement each year, in a round opened on 3 March, and on taking a
# risk post during the year.
RISK_POSTS = (
    "sc_director",
    "sc_deputy_1",
    "sc_deputy_2",
    "sc_deputy_3",
    "sc_business_chief",
    "sc_property_chief",
    "sc_property_examiner",
    "sc_construction_chief",
)
ROUND = date(2025, 3, 3)
ROTATION = date(2025, 7, 1)
LATE_PLEDGE = ("p135", date(2025, 8, 8))  # planted: signed after the 30 days


def pledges(rng: random.Random) -> list[Event]:
    events: list[Event] = []
    rounds = [(ROUND, post, p) for post in RISK_POSTS for p in holders(post, ROUND)]
    rounds += [
        (ROTATION, post, p)
        for post in RISK_POSTS
        for p in holders(post, ROTATION)
        if p not in holders(post, ROTATION - timedelta(days=1))
    ]
    for opened, post, person in rounds:
        ident = f"LJ2025-{person}-{post}"
        t = at(opened, 9)
        events.append(
            event(f"{ident}-0", "integrity_pledge", t, person=person, year=YEAR, position=post)
        )
        day = CAL.add_workdays(opened, rng.randint(1, 12))
        if (person, post) == (LATE_PLEDGE[0], "sc_property_examiner"):
            day = LATE_PLEDGE[1]
        signed = office_time(rng, day)
        events.append(
            event(
                f"{ident}-1",
                "integrity_pledge",
                signed,
                person=person,
                year=YEAR,
                position=post,
                signed_at=stamp(signed),
            )
        )
    return events


# -- the year ------------------------------------------------------------------------


ATTENDANCE_COLUMNS = ("id", "type", "time", "unit", "person", "day", "status")


def year() -> tuple[list[Event], list[Event], list[str]]:
    """The year's attendance records and its other events, each in order of time, and
    the ids of the planted requests."""
    rng = random.Random(SEED)
    work = workdays()
    plan = leave_plan(rng, work)
    for key in MUST_WORK:
        plan.pop(key, None)
    attended, present = attendance(rng, work, plan)
    served, planted = requests(rng, present)
    events = served + petitions(rng) + receptions(rng) + ledger(rng) + pledges(rng)
    for part in (attended, events):
        part.sort(key=lambda e: e["time"])  # all at +08:00: the text sorts as the time
    ids = Counter(e["id"] for e in attended + events)
    assert max(ids.values()) == 1, [i for i, n in ids.items() if n > 1][:5]
    return attended, events, planted


def main() -> None:
    """Write attendance.csv (as the attendance system exports it) and events.jsonl."""
    attended, events, planted = year()
    with (HERE / "attendance.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ATTENDANCE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(attended)
    with (HERE / "events.jsonl").open("w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {len(attended)} attendance records and {len(events)} other events to {HERE}")
    for kind, n in sorted(Counter(e["type"] for e in attended + events).items()):
        print(f"  {kind:18} {n:6}")
    print("planted requests:", ", ".join(planted))


if __name__ == "__main__":
    main()
