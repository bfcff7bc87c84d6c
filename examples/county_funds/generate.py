"""Write events.jsonl of the county_funds scenario: the year 2025 of 清溪县财政局 and
清溪县住房和城乡建设局 (fictional) — payments, purchases, tenders with their steps and bids,
party-group meetings, 三重一大 decisions and who took part in them — with the planted
violations README.md lists, and nothing else wrong.

Run from the repository root: ``.venv/bin/python examples/county_funds/generate.py``.
Deterministic (one seeded ``random.Random``); standard library and riskwarn only. Every
event is validated before it is written, and who holds which post on a day is read from
the organization (../county/org merged with org/), so the events follow its tenures.

The internal control rules the clean events follow: a payment is initiated (经办) by the
section that incurred it and approved by the deputy in charge of that section below
200,000 yuan, by the head from 200,000 yuan; from 500,000 yuan it cites the party group's
collective decision (三重一大). Nobody approves a payment they initiated or receive.
Goods and services over 2,000,000 yuan a year in one budget item and category go to open
tender; a tender gives at least 20 days for bids; contracts are signed within 30 days of
the award and published within 2 working days.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from riskwarn import OrgGraph, load_org
from riskwarn.calendar import ChineseWorkCalendar
from riskwarn.events import read_events, write_events

HERE = Path(__file__).resolve().parent
OUT = HERE / "events.jsonl"
YEAR = 2025
CST = timezone(timedelta(hours=8))

graph = OrgGraph(load_org(HERE.parent / "county" / "org", HERE / "org"))
cal = ChineseWorkCalendar()
rng = random.Random(20250101)
events: list[dict[str, Any]] = []

FIN, HB = "finance_bureau", "housing_bureau"
LEGAL_REP = {e.id: e.legal_representative for e in graph.org.entities}
LEGAL_REP["hengtong_construction"] = "v40"  # the base organization does not record it

# 预算科目 (2025 政府收支分类科目)
F_ADMIN = "2010601 行政运行"
F_GENERAL = "2010602 一般行政管理事务"
F_IT = "2010607 信息化建设"
F_ENTRUSTED = "2010608 财政委托业务支出"
FLOOD = "2130314 防汛"
H_ADMIN = "2120101 行政运行"
H_GENERAL = "2120102 一般行政管理事务"
H_WORKS = "2120106 工程建设管理"
H_FACILITIES = "2120399 其他城乡社区公共设施支出"
RURAL_HOUSING = "2210105 农村危房改造"
RENTAL_HOUSING = "2210106 公共租赁住房"
OLD_ESTATES = "2210108 老旧小区改造"


# -- days and times -----------------------------------------------------------------------


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


def workday_on_or_after(day: date) -> date:
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def workday_on_or_before(day: date) -> date:
    while not cal.is_workday(day):
        day -= timedelta(days=1)
    return day


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    assert cal.is_workday(day), f"{day} is not a working day"
    return datetime.combine(day, time(hh, mm, ss), tzinfo=CST)


def office_time(day: date) -> datetime:
    """A moment of office hours (08:30–11:50, 13:30–17:20) on a working day."""
    morning = rng.randint(8 * 60 + 30, 11 * 60 + 50)
    afternoon = rng.randint(13 * 60 + 30, 17 * 60 + 20)
    minute = rng.choice([morning, afternoon])
    return at(day, minute // 60, minute % 60, rng.randint(0, 59))


def workdays_of(month: int) -> list[date]:
    days = (d(month, 1) + timedelta(days=i) for i in range(31))
    return [x for x in days if x.month == month and cal.is_workday(x)]


def money(value: float | int | str | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def between(lo: float, hi: float, step: float = 0.01) -> Decimal:
    return money(rng.randint(round(lo / step), round(hi / step)) * Decimal(str(step)))


def holder(position: str, day: date) -> str:
    """Who holds the post that day (one of them, when several share it)."""
    found = graph.holders(position, day)
    assert found, f"nobody holds {position} on {day}"
    return found[0] if len(found) == 1 else rng.choice(found)


def add(**event: Any) -> None:
    events.append({k: v for k, v in event.items() if v is not None})


# -- the two bureaus -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bureau:
    """A purchaser and payer, with the deputy in charge of each post (分管领导)."""

    unit: str
    head: str
    lines: dict[str, str]
    """post → the post that approves its spending and its staff's claims below the limit"""

    LIMIT = Decimal(200000)
    """From this amount the head approves (审批权限)."""

    def pay(
        self,
        when: date | datetime,
        post: str,
        payee: str,
        amount: float | int | str | Decimal,
        purpose: str,
        budget_item: str | None,
        *,
        project: str | None = None,
        ref: str | None = None,
        approver: str | None = None,
    ) -> None:
        """A payment initiated by the holder of ``post``, approved by their line deputy
        or, from the limit, by the head (unless ``approver`` names who did)."""
        if isinstance(when, date) and not isinstance(when, datetime):
            when = office_time(workday_on_or_after(when))
        day = when.date()
        amount = money(amount)
        initiator = holder(post, day)
        if approver is None:
            approver = holder(self.head if amount >= self.LIMIT else self.lines[post], day)
        add(
            id=None,  # numbered in time order at the end
            type="payment",
            time=when,
            actor=initiator,
            unit=self.unit,
            initiator=initiator,
            approver=approver,
            payee=payee,
            amount=amount,
            project=project,
            budget_item=budget_item,
            decision_ref=ref,
            purpose=purpose,
        )

    def claim(self, day: date, post: str, purpose: str, amount: Decimal) -> None:
        """A travel or training claim (报销): the claimant initiates and receives it."""
        who = holder(post, day)
        approver = holder(self.lines[post], day)
        self.pay(office_time(day), post, who, amount, purpose, ADMIN[self.unit], approver=approver)


F = Bureau(
    FIN,
    "fb_head",
    {
        "fb_head": "fb_deputy_1",  # the head's own claims: the deputy in charge of finance
        "fb_deputy_1": "fb_head",
        "fb_deputy_2": "fb_head",
        **dict.fromkeys(
            ["fb_budget_chief", "fb_treasury_chief", "fb_accounts_chief", "fb_township_chief"],
            "fb_deputy_1",
        ),
        **dict.fromkeys(
            ["fb_accounts_accountant", "fb_edu_chief", "fb_agri_chief", "fb_info_chief"],
            "fb_deputy_1",
        ),
        **dict.fromkeys(["fb_office_director", "fb_office_clerk"], "fb_deputy_1"),
        **dict.fromkeys(["fb_procurement_chief", "fb_procurement_clerk"], "fb_deputy_2"),
        **dict.fromkeys(
            ["fb_review_chief", "fb_review_engineer", "fb_assets_chief"], "fb_deputy_2"
        ),
    },
)
H = Bureau(
    HB,
    "hb_head",
    {
        "hb_head": "hb_deputy_2",
        "hb_deputy_1": "hb_head",
        "hb_deputy_2": "hb_head",
        **dict.fromkeys(["hb_engineering_chief", "hb_engineering_clerk"], "hb_deputy_1"),
        **dict.fromkeys(["hb_urban_chief", "hb_urban_clerk"], "hb_deputy_1"),
        **dict.fromkeys(
            ["hb_market_chief", "hb_office_director", "hb_office_clerk"], "hb_deputy_2"
        ),
        **dict.fromkeys(["hb_finance_chief", "hb_accountant", "hb_security_chief"], "hb_deputy_2"),
    },
)
ADMIN = {FIN: F_ADMIN, HB: H_ADMIN}


# -- everyday spending -----------------------------------------------------------------------

TRIPS = {
    FIN: [
        ("差旅费：赴省财政厅参加预算管理一体化业务培训", 900, 2600),
        ("差旅费：赴市财政局报送部门决算", 180, 520),
        ("差旅费：赴市财政局参加政府采购监管工作会议", 200, 560),
        ("差旅费：赴杭州参加财政投资评审业务培训", 1100, 3200),
        ("差旅费：赴乡镇开展惠民惠农财政补贴资金检查", 60, 240),
        ("差旅费：赴市财政局对接转移支付资金", 180, 480),
        ("培训费：会计人员继续教育", 300, 900),
        ("差旅费：赴省财政厅参加国有资产管理培训", 950, 2400),
    ],
    HB: [
        ("差旅费：赴市住建局参加老旧小区改造现场推进会", 200, 620),
        ("差旅费：赴省住建厅参加城建档案业务培训", 1000, 2800),
        ("差旅费：赴乡镇开展农村危房改造核查", 60, 260),
        ("差旅费：赴市住建局参加建筑施工安全生产会议", 180, 540),
        ("差旅费：赴宁波考察城市照明节能改造", 1400, 3600),
        ("培训费：二级建造师继续教育", 400, 1200),
        ("差旅费：赴乡镇开展燃气安全隐患排查", 60, 220),
    ],
}


def claims(bureau: Bureau, count: int) -> None:
    """Travel and training claims of every post, busier in spring, autumn and December."""
    posts = sorted(bureau.lines)
    weights = [5, 4, 9, 9, 9, 9, 8, 6, 9, 8, 10, 12]
    for _ in range(count):
        month = rng.choices(range(1, 13), weights=weights)[0]
        purpose, lo, hi = rng.choice(TRIPS[bureau.unit])
        bureau.claim(rng.choice(workdays_of(month)), rng.choice(posts), purpose, between(lo, hi))


def bills(bureau: Bureau, post: str, payee: str, lo: float, hi: float, what: str, item: str, day: int, summer: float = 1.0, winter: float = 1.0) -> None:  # fmt: skip
    """A bill paid each month (电费、水费、通信费 ...), higher in summer or winter."""
    for month in range(1, 13):
        scale = summer if month in (7, 8, 9) else winter if month in (1, 2, 11, 12) else 1.0
        amount = between(lo * scale, hi * scale)
        bureau.pay(d(month, day), post, payee, amount, f"{month}月{what}", item)


def routine_finance() -> None:
    clerk, office = "fb_office_clerk", "fb_office_director"
    bills(F, clerk, "state_grid_qx", 9000, 15000, "机关办公用电电费", F_ADMIN, 12, summer=1.5)
    bills(F, clerk, "qx_water", 1100, 2300, "机关用水水费", F_ADMIN, 14, summer=1.3)
    bills(F, clerk, "telecom_qx", 3800, 5200, "电子政务外网专线及固定电话通信费", F_ADMIN, 8)
    bills(F, clerk, "post_qx", 500, 1700, "机要文件及财政票据寄递费", F_ADMIN, 20)
    bills(F, office, "sinopec_qx", 2500, 4600, "公务用车加油卡充值", F_ADMIN, 5)
    for month in (2, 4, 6, 8, 10, 12):
        day = rng.choice(workdays_of(month))
        F.pay(day, office, "zhongxin_auto", between(680, 6400), "公务用车定点维修保养费", F_ADMIN)
    for day, amount, purpose in [
        (d(3, 18), 28600, "全县预算编审工作会议场地及资料费"),
        (d(4, 22), 36800, "全县会计人员继续教育培训班场地及食宿费（第一期）"),
        (d(6, 12), 17500, "全县政府采购监管业务培训班场地费"),
        (d(9, 9), 35200, "全县会计人员继续教育培训班场地及食宿费（第二期）"),
        (d(11, 6), 21400, "2026年度部门预算编制布置会场地及资料费"),
    ]:
        F.pay(day, "fb_accounts_accountant", "qx_hotel", amount, purpose, F_GENERAL)
    # 一体化系统运维 (tender QXCG2025-011, decision CZDZ-2025-02-1), quarterly from Q2
    for month, quarter in [(6, "二"), (9, "三"), (12, "四")]:
        day = workday_on_or_before(d(month, 26))
        what = f"预算管理一体化系统运维服务费（{quarter}季度）"
        F.pay(day, "fb_info_chief", "boyuan_it", 160750, what, F_IT, ref="CZDZ-2025-02-1")
    # 机关物业 (consultation QXCG2025-003, 384,000 a year), quarterly
    for day, quarter in [(d(4, 10), "一"), (d(7, 10), "二"), (d(10, 13), "三"), (d(12, 26), "四")]:
        F.pay(day, office, "anju_property", 96000, f"机关物业管理服务费（{quarter}季度）", F_ADMIN)
    # 预算绩效评价第三方服务 (contracts of 2024, below 三重一大)
    for day, payee, amount, purpose in [
        (d(4, 24), "xincheng_cpa", 126000, "2024年度部门整体支出绩效评价服务费（首期）"),
        (d(7, 17), "xincheng_cpa", 135000, "2024年度部门整体支出绩效评价服务费（二期）"),
        (d(8, 28), "zhonghe_cpa", 118000, "2024年度重点专项资金绩效评价服务费"),
        (d(12, 11), "xincheng_cpa", 96000, "2024年度部门整体支出绩效评价服务费（尾款）"),
        (d(12, 18), "zhonghe_cpa", 52000, "2025年度财政重点项目事前绩效评估服务费"),
    ]:
        F.pay(day, "fb_budget_chief", payee, amount, purpose, F_ENTRUSTED)


REVIEWED = [
    "青石镇中心幼儿园新建工程",
    "县第二中学运动场改造工程",
    "城东片区老旧小区改造工程（一期）",
    "县人民医院发热门诊改造工程",
    "下溪镇污水管网提升工程",
    "白云乡农村公路安全生命防护工程",
    "城区道路提升改造工程（人民路、溪滨路）",
    "县城北区农贸市场改造工程",
    "溪滨公园景观提升工程",
    "县实验小学食堂改扩建工程",
    "县文化馆维修改造工程",
    "城区主干道路灯节能改造工程",
    "青石镇美丽城镇建设项目",
    "县看守所监控系统改造工程",
    "下溪镇农村饮用水达标提标工程",
    "县职业中学实训楼改造工程",
    "白云乡高标准农田建设项目",
    "县图书馆智慧化改造工程",
]


def reviews() -> None:
    """财政投资评审委托费, paid per finished review: to the 2022–2024 panel until April,
    then to the firm of each lot of the panel tendered in QXCG2025-016."""
    lots = ["zhengxin_cost", "mingda_consult", "qiushi_cost"]
    for month in range(1, 13):
        for _ in range({1: 2, 2: 1, 3: 3, 11: 8, 12: 10}.get(month, 6)):
            firm = rng.choice(["jianheng_pm", "zhengxin_cost"] if month <= 4 else lots)
            kind = rng.choice(["预算评审", "结算评审", "结算评审", "概算评审"])
            post = rng.choice(["fb_review_engineer", "fb_review_engineer", "fb_review_chief"])
            what = f"{rng.choice(REVIEWED)}{kind}委托费"
            amount = between(5000, 58000, 10)
            F.pay(rng.choice(workdays_of(month)), post, firm, amount, what, F_ENTRUSTED)


def routine_housing() -> None:
    office, urban = "hb_office_director", "hb_urban_clerk"
    bills(H, office, "state_grid_qx", 6500, 11000, "机关办公用电电费", H_ADMIN, 13, summer=1.5)
    bills(H, office, "qx_water", 800, 1800, "机关用水水费", H_ADMIN, 15, summer=1.3)
    bills(H, office, "telecom_qx", 2600, 3900, "电子政务外网专线及固定电话通信费", H_ADMIN, 9)
    bills(H, office, "post_qx", 300, 1200, "文件寄递费", H_ADMIN, 21)
    bills(H, office, "sinopec_qx", 3200, 5800, "公务用车加油卡充值（含执法检查车辆）", H_ADMIN, 6)
    # street lighting: about 100,000 a month, more in the long winter nights
    bills(
        H, urban, "state_grid_qx", 88000, 112000, "城市道路照明电费", H_FACILITIES, 16, winter=1.2
    )
    for month in (3, 5, 7, 9, 11):
        day = rng.choice(workdays_of(month))
        H.pay(day, office, "zhongxin_auto", between(900, 7200), "公务用车定点维修保养费", H_ADMIN)
    # 园林绿化养护 (consultation QXCG2025-004, decision ZJDZ-2025-01-1), monthly in arrears
    for month in range(2, 13):
        what = f"城区园林绿化养护服务费（{month - 1}月）"
        H.pay(d(month, 10), "hb_urban_chief", "lvyuan_garden", 80000, what, H_FACILITIES, ref="ZJDZ-2025-01-1")  # fmt: skip
    # quality testing, per job
    for month in range(4, 13):
        project = rng.choice(list(PROJECTS_TESTED))
        what = f"{PROJECTS_TESTED[project]}材料及实体质量检测费"
        amount = between(12000, 48000, 10)
        H.pay(rng.choice(workdays_of(month)), "hb_engineering_clerk", "qx_testing", amount, what, H_WORKS, project=project)  # fmt: skip
    # design, supervision and cost consulting contracts below 三重一大
    for day, payee, project, amount, purpose in [
        (d(3, 20), "chengyuan_design", ROADS, 124800, "设计费（30%）"),
        (d(6, 19), "chengyuan_design", ROADS, 166400, "设计费（施工图审查后40%）"),
        (d(9, 25), "huaxin_supervision", ROADS, 108000, "监理服务费（一期）"),
        (d(12, 22), "huaxin_supervision", ROADS, 108000, "监理服务费（二期）"),
        (d(7, 24), "zhengcheng_mgmt", ESTATES, 114000, "全过程造价咨询费（首期）"),
        (d(12, 10), "zhengcheng_mgmt", ESTATES, 152000, "全过程造价咨询费（二期）"),
    ]:
        what = PROJECTS_TESTED[project] + purpose
        H.pay(day, "hb_engineering_chief", payee, amount, what, H_WORKS, project=project)


ESTATES, ROADS = "QXZJ-2025-05", "QXZJ-2025-08"
PROJECTS_TESTED = {ESTATES: "城东片区老旧小区改造工程（一期）", ROADS: "城区道路提升改造工程"}


@dataclass(frozen=True)
class Project:
    """A project decided by the party group; every payment under it cites the decision."""

    code: str
    name: str
    post: str
    budget_item: str
    ref: str
    payee: str
    payments: list[tuple[date, int, str]]


PROJECTS = [
    Project("QXZJ-2024-09", "城西片区道路改造工程", "hb_engineering_chief", H_FACILITIES, "ZJDZ-2024-09-1", "chengjian_municipal", [
        (d(1, 20), 1250000, "进度款（春节前农民工工资保障）"),
    ]),
    Project("QXZJ-2024-09", "城西片区道路改造工程", "hb_engineering_chief", H_FACILITIES, "ZJDZ-2025-12-1", "chengjian_municipal", [
        (d(9, 24), 586240, "结算款"),
    ]),
    Project("QXZJ-2024-03", "溪南小区保障性租赁住房维修改造工程", "hb_engineering_chief", RENTAL_HOUSING, "ZJDZ-2025-03-1", "hengtong_construction", [
        (d(3, 4), 644808, "结算款（至结算价97%）"),
    ]),
    Project(ESTATES, "城东片区老旧小区改造工程（一期）", "hb_engineering_chief", OLD_ESTATES, "ZJDZ-2024-15-2", "qx_design_institute", [
        (d(4, 17), 204000, "设计费（30%）"),
        (d(9, 11), 272000, "设计费（施工图审查后40%）"),
    ]),
    Project(ESTATES, "城东片区老旧小区改造工程（一期）", "hb_engineering_chief", OLD_ESTATES, "ZJDZ-2025-04-1", "qx_jiangong", [
        (d(5, 22), 3724700, "预付款（合同价20%）"),
        (d(7, 15), 2416000, "第1期进度款"),
        (d(8, 14), 2187500, "第2期进度款"),
        (d(9, 16), 2536800, "第3期进度款"),
        (d(10, 20), 1968300, "第4期进度款"),
        (d(11, 18), 2244600, "第5期进度款"),
        (d(12, 19), 1876900, "第6期进度款"),
    ]),
    Project(ESTATES, "城东片区老旧小区改造工程（一期）", "hb_engineering_clerk", OLD_ESTATES, "ZJDZ-2025-06-1", "jianye_supervision", [
        (d(7, 3), 132000, "监理服务费（一季度）"),
        (d(10, 16), 132000, "监理服务费（二季度）"),
        (d(12, 30), 132000, "监理服务费（三季度）"),
    ]),
    Project(ROADS, "城区道路提升改造工程（人民路、溪滨路）", "hb_engineering_chief", H_FACILITIES, "ZJDZ-2025-07-1", "hongyuan_road", [
        (d(7, 8), 2472960, "预付款（合同价20%）"),
        (d(8, 20), 2106000, "第1期进度款"),
        (d(9, 22), 2385400, "第2期进度款"),
        (d(10, 24), 1742000, "第3期进度款"),
        (d(11, 25), 2018600, "第4期进度款"),
        (d(12, 23), 1560000, "第5期进度款"),
    ]),
    Project("QXZJ-2025-11", "城区主干道路灯节能改造项目", "hb_urban_clerk", H_FACILITIES, "ZJDZ-2025-09-1", "minghui_lighting", [
        (d(9, 10), 1361160, "预付款（合同价30%）"),
        (d(11, 20), 2268600, "到货安装进度款（50%）"),
    ]),
    Project("QXZJ-2025-14", "城乡建设档案数字化加工服务", "hb_office_director", H_GENERAL, "ZJDZ-2025-11-1", "dangtong_archive", [
        (d(10, 20), 190500, "预付款（30%）"),
        (d(12, 18), 444500, "验收款（70%）"),
    ]),
    Project("QXZJ-2025-10", "梅雨期城区积水点应急排涝及人民路路面塌陷抢修", "hb_engineering_chief", H_FACILITIES, "ZJJJ-2025-01", "chengjian_municipal", [
        (d(7, 10), 312000, "工程款（首期40%）"),
        (d(9, 5), 468000, "工程款（余款）"),
    ]),
]  # fmt: skip
RURAL_AID = {
    "第一批": (d(5, 13), [("qingshi_town", 420000), ("xiaxi_town", 380000), ("baiyun_township", 260000)]),
    "第二批": (d(10, 15), [("qingshi_town", 300000), ("xiaxi_town", 280000), ("baiyun_township", 220000)]),
}  # fmt: skip


def project_payments() -> None:
    for p in PROJECTS:
        for day, amount, what in p.payments:
            H.pay(day, p.post, p.payee, amount, p.name + what, p.budget_item, project=p.code, ref=p.ref)  # fmt: skip
    # 农村危房改造补助, transferred to the townships in two batches (decision ZJDZ-2025-02-1)
    for batch, (day, towns) in RURAL_AID.items():
        for town, amount in towns:
            what = f"2025年度农村困难群众危房改造补助资金（{batch}）"
            H.pay(day, "hb_security_chief", town, amount, what, RURAL_HOUSING, project="QXZJ-2025-02", ref="ZJDZ-2025-02-1")  # fmt: skip


# -- purchases ------------------------------------------------------------------------------


def contract(when: datetime, bureau: Bureau, post: str, vendor: str, amount: Decimal, method: str, budget_item: str, category: str, **more: Any) -> None:  # fmt: skip
    """A contract signed (采购合同); ``more``: tender, lot, decision_ref, fiscal_year."""
    add(
        id=None,  # numbered in time order at the end
        type="purchase",
        time=when,
        actor=holder(post, when.date()),
        unit=bureau.unit,
        vendor=vendor,
        amount=amount,
        method=method,
        fiscal_year=more.pop("fiscal_year", YEAR),
        budget_item=budget_item,
        category=category,
        **more,
    )


SUPPLIES = [  # category, vendor, purchases a year, amounts
    ("办公用品", "wenhui_office", 10, 900, 6800),
    ("复印纸", "wenhui_office", 4, 2600, 5400),
    ("硒鼓墨盒等打印耗材", "hengda_pc", 5, 1800, 8600),
]
ONE_OFF = [  # bureau, day, category, vendor, amount, buyer, budget item, what
    (F, d(2, 26), "票据印制", "huayin_printing", 46800, "fb_accounts_chief", F_GENERAL, "2025年度财政票据印制"),
    (F, d(3, 13), "台式计算机", "hengda_pc", 58800, "fb_info_chief", F_ADMIN, "台式计算机12台"),
    (F, d(3, 27), "多功能一体机", "hengda_pc", 24600, "fb_office_clerk", F_ADMIN, "A3多功能一体机3台"),
    (F, d(4, 9), "会议桌椅", "meijia_furniture", 42000, "fb_office_director", F_ADMIN, "三楼会议室桌椅"),
    (F, d(5, 29), "空调机", "lengnuan_hvac", 31800, "fb_office_director", F_ADMIN, "办公室空调更新6台"),
    (F, d(6, 18), "印刷服务", "huayin_printing", 12600, "fb_office_director", F_GENERAL, "财政政策文件汇编印刷"),
    (F, d(9, 3), "信息安全测评服务", "anxin_sec", 78000, "fb_info_chief", F_IT, "预算管理一体化系统网络安全等级保护测评"),
    (F, d(11, 13), "印刷服务", "huayin_printing", 8900, "fb_accounts_chief", F_GENERAL, "会计凭证及账簿印制"),
    (H, d(3, 6), "印刷服务", "huayin_printing", 15800, "hb_office_director", H_GENERAL, "城镇燃气安全宣传资料印刷"),
    (H, d(5, 15), "台式计算机", "hengda_pc", 39200, "hb_office_director", H_ADMIN, "台式计算机8台"),
    (H, d(5, 15), "多功能一体机", "hengda_pc", 16800, "hb_office_director", H_ADMIN, "A3多功能一体机2台"),
    (H, d(6, 5), "空调机", "lengnuan_hvac", 21600, "hb_office_director", H_ADMIN, "办公室空调更新4台"),
    (H, d(8, 7), "档案密集架", "meijia_furniture", 86500, "hb_office_director", H_GENERAL, "城建档案馆库房密集架"),
]  # fmt: skip


def direct_purchases() -> None:
    """Small purchases on the e-mall (政采云电子卖场, 直接采购), paid after delivery."""
    bought: list[tuple[Bureau, date, str, str, Decimal, str, str, str]] = []
    for bureau, buyer in ((F, "fb_office_clerk"), (H, "hb_office_director")):
        for category, vendor, count, lo, hi in SUPPLIES:
            for month in sorted(rng.sample(range(1, 13), count - (bureau is H))):
                day = rng.choice(workdays_of(month))
                amount = between(lo, hi) * (Decimal("0.8") if bureau is H else 1)
                bought.append((bureau, day, category, vendor, money(amount), buyer, ADMIN[bureau.unit], category))  # fmt: skip
    for bureau, day, category, vendor, amount_, buyer, item, what in ONE_OFF:
        bought.append((bureau, workday_on_or_after(day), category, vendor, money(amount_), buyer, item, what))  # fmt: skip
    for bureau, day, category, vendor, amount, buyer, item, what in bought:
        contract(office_time(day), bureau, buyer, vendor, amount, "direct", item, category)
        paid = cal.add_workdays(day, rng.randint(3, 12))
        if paid.year == YEAR:
            bureau.pay(paid, buyer, vendor, amount, f"{what}货款", item)


@dataclass
class Tender:
    """A procurement project (采购项目) from its notice to its contract notice."""

    id: str
    bureau: Bureau
    title: str
    method: str
    notice: datetime
    deadline: datetime
    budget_item: str
    category: str
    buyer: str
    """The post that runs it (采购经办)."""
    evaluator: str
    """The post of the purchaser's representative on the evaluation panel (采购人代表)."""
    lots: dict[str | None, list[tuple[str, int]]]
    """lot → bidders and their prices; the first wins."""
    award_after: int = 4
    """Working days from the opening to the award (评审, 结果公示)."""
    sign_after: int = 8
    """Working days from the award to the contract."""
    publish_after: int = 1
    """Working days from the contract to its notice; 0: the same afternoon."""
    decision_ref: str | None = None
    fiscal_year: int = YEAR


ACCOUNTS: dict[str, str] = {}
BANKS = ["清溪农商银行城关支行", "中国农业银行清溪县支行", "中国工商银行清溪支行", "中国建设银行清溪支行", "中国银行清溪支行"]  # fmt: skip


def deposit_account(bidder: str) -> str:
    """The basic account a bidder pays its bid deposits from (基本账户), the same in every tender."""
    if bidder not in ACCOUNTS:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(15))
        ACCOUNTS[bidder] = f"{rng.choice(BANKS)} 2010{digits}"
    return ACCOUNTS[bidder]


def submission(t: Tender) -> datetime:
    """When a bid came in: in office hours of the three working days before the deadline
    (never the day of the notice), or on the deadline's morning before it."""
    day = t.deadline.date()
    before = (day - timedelta(days=k) for k in range(1, 8))
    earlier = [x for x in before if cal.is_workday(x) and x > t.notice.date()][:3]
    chosen = rng.choice([day, *earlier])
    if chosen != day:
        return office_time(chosen)
    minute = rng.randint(8 * 60, t.deadline.hour * 60 + t.deadline.minute - 10)
    return at(day, minute // 60, minute % 60, rng.randint(0, 59))


def run_tender(t: Tender) -> list[tuple[datetime, str, Decimal]]:
    """Notice, bids, opening, the purchaser's representative on the panel (one
    participation per bidder), award, contract and contract notice of each lot; returns
    the contracts (time, vendor, amount)."""
    unit = t.bureau.unit
    buyer = holder(t.buyer, t.notice.date())
    base = {"type": "procurement_step", "unit": unit, "tender": t.id, "actor": buyer}
    add(id=f"{t.id}-notice", time=t.notice, step="notice", method=t.method, title=t.title, bid_deadline=t.deadline, **base)  # fmt: skip
    n = 0
    for lot, bidders in t.lots.items():
        for bidder, price in bidders:
            n += 1
            add(id=f"{t.id}-TB-{n:02d}", type="bid", time=submission(t), unit=unit, tender=t.id, lot=lot, bidder=bidder, price=money(price), legal_representative=LEGAL_REP[bidder], deposit_account=deposit_account(bidder))  # fmt: skip
    add(id=f"{t.id}-opening", time=t.deadline, step="opening", **base)
    evaluator = holder(t.evaluator, t.deadline.date())
    everyone = sorted({b for bidders in t.lots.values() for b, _ in bidders})
    for k, bidder in enumerate(everyone, 1):
        add(id=f"{t.id}-CY-{k:02d}", type="participation", time=t.deadline + timedelta(minutes=30), actor=evaluator, unit=unit, participant=evaluator, matter=t.id, role="evaluation", counterparty=bidder)  # fmt: skip
    award_day = cal.add_workdays(t.deadline.date(), t.award_after)
    sign_day = cal.add_workdays(award_day, t.sign_after)
    signed = []
    for lot, bidders in t.lots.items():
        winner, price = bidders[0]
        key = f"{t.id}-{lot}" if lot else t.id
        add(id=f"{key}-award", time=at(award_day, 10), lot=lot, step="award", winner=winner, amount=money(price), title=t.title, **base)  # fmt: skip
        when = at(sign_day, 15, 30)
        contract(when, t.bureau, t.buyer, winner, money(price), t.method, t.budget_item, t.category, tender=t.id, lot=lot, decision_ref=t.decision_ref, fiscal_year=t.fiscal_year)  # fmt: skip
        published = at(cal.add_workdays(sign_day, t.publish_after), 9, 40) if t.publish_after else at(sign_day, 16, 40)  # fmt: skip
        add(id=f"{key}-contract_notice", time=published, lot=lot, step="contract_notice", title=t.title, **base)  # fmt: skip
        signed.append((when, winner, money(price)))
    return signed


TENDERS = [
    Tender("QXCG2025-003", F, "县财政局机关物业管理服务（2025年度）", "competitive_consultation",
           at(d(1, 6), 9), at(d(1, 17), 9, 30), F_ADMIN, "物业管理服务",
           "fb_office_director", "fb_office_director",
           {None: [("anju_property", 384000), ("chengtou_property", 396500), ("heju_property", 402000)]},
           award_after=1, sign_after=4, publish_after=0, decision_ref="CZDZ-2025-01-2"),
    Tender("QXCG2025-004", H, "2025年度城区园林绿化养护服务", "competitive_consultation",
           at(d(1, 6), 9, 30), at(d(1, 17), 14, 30), H_FACILITIES, "园林绿化养护服务",
           "hb_urban_chief", "hb_urban_chief",
           {None: [("lvyuan_garden", 960000), ("siji_garden", 978000), ("runda_municipal", 992600)]},
           award_after=2, sign_after=3, publish_after=0, decision_ref="ZJDZ-2025-01-1"),
    Tender("QXCG2025-011", F, "县财政预算管理一体化系统运维服务（2025—2026年度）", "open_tender",
           at(d(2, 17), 9), at(d(3, 11), 9, 30), F_IT, "信息系统运行维护服务",
           "fb_info_chief", "fb_info_chief",
           {None: [("boyuan_it", 1286000), ("huitong_soft", 1318000), ("shuzhi_tax", 1342500), ("shulian_net", 1365000)]},
           decision_ref="CZDZ-2025-02-1"),
    Tender("QXCG2025-016", F, "县财政投资评审委托服务机构采购（2025—2027年度）", "open_tender",
           at(d(3, 3), 9), at(d(3, 25), 9, 30), F_ENTRUSTED, "工程造价咨询服务",
           "fb_procurement_clerk", "fb_review_chief",
           {"1": [("zhengxin_cost", 620000), ("jianheng_pm", 628000), ("mingda_consult", 641000)],
            "2": [("mingda_consult", 480000), ("qiushi_cost", 486500), ("jianheng_pm", 492000)],
            "3": [("qiushi_cost", 300000), ("zhengxin_cost", 305800), ("jianheng_pm", 311000)]},
           sign_after=5, decision_ref="CZDZ-2025-03-1"),
    # planted: 华锦建设 and 锦程建筑 bid under one legal representative (郑国栋)
    Tender("QXJS2025-008", H, "城东片区老旧小区改造工程（一期）施工", "open_tender",
           at(d(3, 20), 9), at(d(4, 15), 9, 30), OLD_ESTATES, "房屋修缮工程",
           "hb_engineering_chief", "hb_engineering_chief",
           {None: [("qx_jiangong", 18623500), ("dingcheng_construction", 18795000), ("yonggu_construction", 18862400),
                   ("huajin_construction", 18910000), ("jincheng_construction", 18934600), ("hongyuan_road", 19020800)]},
           award_after=5, sign_after=11, decision_ref="ZJDZ-2025-04-1"),
    Tender("QXCG2025-031", H, "城东片区老旧小区改造工程（一期）监理服务", "competitive_consultation",
           at(d(4, 18), 9), at(d(4, 30), 9, 30), OLD_ESTATES, "工程监理服务",
           "hb_engineering_chief", "hb_engineering_clerk",
           {None: [("jianye_supervision", 528000), ("zhengcheng_mgmt", 539000), ("huaxin_supervision", 546500)]},
           award_after=3, sign_after=3, decision_ref="ZJDZ-2025-06-1"),
    # exactly the 20 days the law requires (16 May to 5 June): in time
    Tender("QXJS2025-019", H, "城区道路提升改造工程（人民路、溪滨路）施工", "open_tender",
           at(d(5, 16), 9), at(d(6, 5), 9, 30), H_FACILITIES, "市政道路工程",
           "hb_engineering_chief", "hb_engineering_chief",
           {None: [("hongyuan_road", 12364800), ("chengjian_municipal", 12418000), ("runda_municipal", 12506300),
                   ("hengtong_construction", 12560000), ("dingcheng_construction", 12612500)]},
           award_after=5, sign_after=10, decision_ref="ZJDZ-2025-07-1"),
    # planted: the purchaser's representative's cousin holds 35% of 光耀照明, a bidder
    Tender("QXCG2025-052", H, "城区主干道路灯节能改造（LED）设备采购及安装", "open_tender",
           at(d(7, 7), 9), at(d(7, 29), 9, 30), H_FACILITIES, "照明设备",
           "hb_urban_chief", "hb_urban_chief",
           {None: [("minghui_lighting", 4537200), ("guangyao_lighting", 4582600), ("liangcheng_lighting", 4610000),
                   ("yaohua_photo", 4655800)]},
           award_after=5, sign_after=9, decision_ref="ZJDZ-2025-09-1"),
    # planted: signed Monday 29 September, published Friday 10 October after National Day
    Tender("QXCG2025-078", H, "城乡建设档案数字化加工服务", "competitive_consultation",
           at(d(9, 1), 9), at(d(9, 12), 9, 30), H_GENERAL, "档案数字化服务",
           "hb_office_director", "hb_office_director",
           {None: [("dangtong_archive", 635000), ("wenjin_archive", 648000), ("shulian_net", 662500)]},
           award_after=4, sign_after=8, publish_after=3, decision_ref="ZJDZ-2025-11-1"),
    # planted: 14 days for bids on an open tender, rushed to sign before the year ends
    Tender("QXCG2025-116", F, "2026年度财政资金绩效评价及监管第三方服务", "open_tender",
           at(d(11, 24), 9), at(d(12, 8), 9, 30), F_ENTRUSTED, "绩效评价服务",
           "fb_procurement_clerk", "fb_budget_chief",
           {None: [("xincheng_cpa", 1860000), ("zhonghe_cpa", 1885000), ("hengcheng_cpa", 1912000)]},
           award_after=3, sign_after=7, decision_ref="CZDZ-2025-18-1", fiscal_year=2026),
]  # fmt: skip

SEEDLINGS = [  # tender, notice, what, winner and price, the other quotations
    ("QXCG2025-012", d(3, 3), "城区春季补植苗木（香樟、桂花）", ("qingshan_nursery", 468000), [("xipan_nursery", 476500), ("linmao_nursery", 481000)]),
    ("QXCG2025-027", d(4, 7), "溪滨公园绿化提升苗木", ("xipan_nursery", 485000), [("qingshan_nursery", 492800), ("linmao_nursery", 498000)]),
    ("QXCG2025-040", d(5, 19), "城东片区道路行道树补植苗木", ("linmao_nursery", 396000), [("qingshan_nursery", 403500), ("xipan_nursery", 409000)]),
    ("QXCG2025-093", d(10, 9), "城区秋季绿化补植苗木（红叶石楠、银杏）", ("qingshan_nursery", 472000), [("linmao_nursery", 479600), ("xipan_nursery", 486000)]),
    ("QXCG2025-108", d(11, 10), "城北片区游园绿化苗木", ("linmao_nursery", 449000), [("qingshan_nursery", 456000), ("xipan_nursery", 462500)]),
]  # fmt: skip


def tenders() -> None:
    for t in TENDERS:
        run_tender(t)
    # planted: 绿化苗木 bought in five inquiries (询价) of one budget item and category,
    # each below 500,000 yuan, together over the open-tender threshold (化整为零)
    for tid, day, title, winner, others in SEEDLINGS:
        day = workday_on_or_after(day)
        t = Tender(tid, H, title, "inquiry", at(day, 9), at(cal.add_workdays(day, 4), 9, 30), H_FACILITIES, "绿化苗木", "hb_urban_chief", "hb_urban_clerk", {None: [winner, *others]}, award_after=1, sign_after=2)  # fmt: skip
        for when, vendor, amount in run_tender(t):
            paid = cal.add_workdays(when.date(), rng.randint(12, 16))
            H.pay(paid, "hb_urban_clerk", vendor, amount, f"{title}货款（验收合格）", H_FACILITIES)


# -- party-group meetings and decisions -------------------------------------------------------


@dataclass(frozen=True)
class Matter:
    """A matter on a meeting's agenda (议题)."""

    ref: str
    title: str
    category: str | None = None
    """The 三重一大 category; None: heard or studied, nothing decided."""
    amount: int | None = None
    counterparty: str | None = None
    candidate: str | None = None
    recused: tuple[str, ...] = ()
    """Posts whose holder declared a conflict and withdrew (回避)."""


BODIES = {
    FIN: ("fb_party_group", "CZDZ", ["fb_head", "fb_deputy_1", "fb_deputy_2"]),
    HB: ("hb_party_group", "ZJDZ", ["hb_head", "hb_deputy_1", "hb_deputy_2"]),
}


def meeting(unit: str, number: int, day: date, matters: list[Matter], absent: tuple[str, ...]) -> None:  # fmt: skip
    """A party-group meeting (党组会) at 14:30: who came, who spoke in which order (the
    head last), the votes; then for each 三重一大 matter a participation record per
    member and the decision."""
    body, prefix, members = BODIES[unit]
    head = members[0]
    present = [m for m in members if m not in absent]
    start = at(day, 14, 30)
    statements, resolutions = [], []
    for matter in (m for m in matters if m.category):
        voters = [m for m in present if m not in matter.recused]
        order = [m for m in voters if m != head] + [head]
        for k, member in enumerate(order, 1):
            statements.append({"member": member, "order": k, "opinion": "agree", "is_principal": member == head, "matter": matter.ref})  # fmt: skip
        resolutions.append({"ref": matter.ref, "title": matter.title, "votes_for": len(voters)})
    meeting_id = f"HY-{prefix}-{YEAR}-{number:02d}"
    kinds = {m.category for m in matters}
    kind = "personnel" if kinds == {"personnel"} else "other" if kinds == {None} else "major_matter"
    chair = holder(head, day)
    add(id=meeting_id, type="meeting", time=start, actor=chair, unit=unit, body=body, kind=kind, members_due=members, present=present, statements=statements, resolutions=resolutions, minutes_recorded=True)  # fmt: skip
    for k, matter in enumerate(matters):
        if matter.category is None:
            continue
        decided = start + timedelta(minutes=25 + 20 * k)
        for member in present:
            who = holder(member, day)
            add(id=f"CY-{matter.ref}-{member}", type="participation", time=decided - timedelta(minutes=1), actor=who, unit=unit, participant=who, matter=matter.ref, role="decision", candidate=matter.candidate, counterparty=matter.counterparty, recused=(member in matter.recused) or None)  # fmt: skip
        amount = money(matter.amount) if matter.amount else None
        add(id=f"JC-{matter.ref}", type="decision", time=decided, actor=chair, unit=unit, ref=matter.ref, subject=matter.title, category=matter.category, mode="collective", amount=amount, meeting_ref=meeting_id)  # fmt: skip


FIN_MEETINGS = [
    (d(1, 7), [Matter("CZDZ-2025-01-1", "2025年度党风廉政建设和反腐败工作要点"), Matter("CZDZ-2025-01-2", "局机关物业管理服务采购方案（预算38.4万元）", "large_funds", 384000)]),
    (d(1, 21), [Matter("CZDZ-2025-02-1", "县财政预算管理一体化系统运维服务（2025—2026年度）采购，预算128.6万元", "large_funds", 1286000)]),
    (d(2, 18), [Matter("CZDZ-2025-03-1", "县财政投资评审委托服务机构（2025—2027年度）公开招标采购，预算140万元", "large_funds", 1400000), Matter("CZDZ-2025-03-2", "2025年全县财政重点工作任务分解方案", "major_decision")]),
    (d(3, 11), [Matter("CZDZ-2025-04-1", "2024年度财政存量资金清理收回统筹使用方案", "major_decision")]),
    (d(3, 25), [Matter("CZDZ-2025-05-1", "传达学习全县警示教育大会精神")]),
    (d(4, 15), [Matter("CZDZ-2025-06-1", "2025年度预算绩效管理工作实施方案", "major_decision")]),
    (d(4, 29), [Matter("CZDZ-2025-07-1", "一季度意识形态工作分析研判")]),
    (d(5, 20), [Matter("CZDZ-2025-08-1", "2025年度政府采购监督检查工作方案", "major_decision")]),
    (d(6, 10), [Matter("CZDZ-2025-09-1", "传达学习中央八项规定精神学习教育部署")]),
    (d(6, 24), [Matter("CZDZ-2025-10-1", "沈佳怡同志任局办公室主任（陈雅琴同志退休）", "personnel", candidate="p302")]),
    (d(7, 1), [Matter("CZJJ-2025-01", "追认：紧急预拨乡镇防汛救灾资金200万元", "large_funds", 2000000)]),
    (d(7, 22), [Matter("CZDZ-2025-12-1", "2025年上半年预算执行情况分析")]),
    (d(8, 26), [Matter("CZDZ-2025-13-1", "2026年度县级部门预算编制工作方案", "major_decision")]),
    (d(9, 9), [Matter("CZDZ-2025-14-1", "三季度党风廉政建设形势分析")]),
    (d(9, 23), [Matter("CZDZ-2025-15-1", "行政事业单位国有资产出租出借管理办法（修订）", "major_decision")]),
    (d(10, 21), [Matter("CZDZ-2025-16-1", "巡察反馈问题整改工作方案")]),
    (d(11, 4), [Matter("CZDZ-2025-17-1", "2025年度乡镇财政管理工作考核办法", "major_decision")]),
    (d(11, 11), [Matter("CZDZ-2025-18-1", "2026年度财政资金绩效评价及监管第三方服务公开招标采购，预算190万元", "large_funds", 1900000)]),
    (d(12, 9), [Matter("CZDZ-2025-19-1", "2025年度部门整体支出绩效自评报告")]),
    (d(12, 23), [Matter("CZDZ-2025-20-1", "2026年度县级部门预算草案", "major_decision")]),
]  # fmt: skip
HB_MEETINGS = [
    (d(1, 3), [Matter("ZJDZ-2025-01-1", "2025年度城区园林绿化养护服务采购，预算98万元", "large_funds", 980000)]),
    (d(1, 16), [Matter("ZJDZ-2025-02-1", "2025年度农村困难群众危房改造补助资金分配方案（186万元）", "large_funds", 1860000)]),
    # 袁杰's brother works at 恒通建设: he declares it and withdraws from the matter
    (d(2, 25), [Matter("ZJDZ-2025-03-1", "溪南小区保障性租赁住房维修改造工程结算审定及结算款支付（64.48万元）", "large_funds", 644808, counterparty="hengtong_construction", recused=("hb_deputy_2",))]),
    (d(3, 11), [Matter("ZJDZ-2025-04-1", "城东片区老旧小区改造工程（一期）实施方案及施工公开招标，总投资2150万元", "major_project", 21500000)]),
    (d(3, 25), [Matter("ZJDZ-2025-05-1", "2025年度安全生产和消防工作要点")]),
    (d(4, 15), [Matter("ZJDZ-2025-06-1", "城东片区老旧小区改造工程（一期）监理服务采购，预算55万元", "large_funds", 550000)]),
    (d(5, 6), [Matter("ZJDZ-2025-07-1", "城区道路提升改造工程（人民路、溪滨路）实施方案及施工公开招标，总投资1380万元", "major_project", 13800000)]),
    (d(5, 27), [Matter("ZJDZ-2025-08-1", "汛期建设工地安全隐患排查整治方案")]),
    (d(6, 17), [Matter("ZJDZ-2025-09-1", "城区主干道路灯节能改造项目实施方案及公开招标，总投资520万元", "major_project", 5200000)]),
    (d(7, 8), [Matter("ZJDZ-2025-10-1", "上半年党风廉政建设责任制落实情况分析")]),
    (d(8, 19), [Matter("ZJJJ-2025-01", "追认：梅雨期城区积水点应急排涝及人民路路面塌陷抢修（78万元）", "large_funds", 780000), Matter("ZJDZ-2025-11-1", "城乡建设档案数字化加工服务采购，预算65万元", "large_funds", 650000)]),
    (d(9, 16), [Matter("ZJDZ-2025-12-1", "城西片区道路改造工程结算审定及结算款支付（58.62万元）", "large_funds", 586240, counterparty="chengjian_municipal")]),
    (d(10, 28), [Matter("ZJDZ-2025-13-1", "张晨阳同志任住房保障股股长（方国华同志退休）", "personnel", candidate="p315")]),
    (d(11, 18), [Matter("ZJDZ-2025-14-1", "2026年度部门预算草案及重点项目安排", "major_decision")]),
    (d(12, 16), [Matter("ZJDZ-2025-15-1", "2025年度党建工作述职评议准备")]),
]  # fmt: skip


def meetings() -> None:
    """The party groups meet about twice a month; a deputy away on business misses some
    meetings that decide nothing."""
    for unit, schedule in ((FIN, FIN_MEETINGS), (HB, HB_MEETINGS)):
        deputies = BODIES[unit][2][1:]
        for number, (day, matters) in enumerate(schedule, 1):
            idle = all(m.category is None for m in matters)
            absent = (rng.choice(deputies),) if idle and rng.random() < 0.3 else ()
            meeting(unit, number, workday_on_or_after(day), matters, absent)


def emergencies() -> None:
    """Two decisions taken in the June floods by the head alone (临机决定): 财政局's is
    ratified at the next party-group meeting; 住建局's (planted) only 57 days later.
    The repair payments are those of project QXZJ-2025-10."""
    day = d(6, 20)
    add(id="JC-CZJJ-2025-01-emergency", type="decision", time=at(day, 8, 40), actor=holder("fb_head", day), unit=FIN, ref="CZJJ-2025-01", subject="紧急预拨乡镇防汛救灾资金200万元（县防指Ⅳ级应急响应）", category="large_funds", mode="emergency", amount=money(2000000))  # fmt: skip
    for town, amount in [("qingshi_town", 800000), ("xiaxi_town", 700000), ("baiyun_township", 500000)]:  # fmt: skip
        F.pay(at(day, 10, rng.randint(5, 50)), "fb_township_chief", town, amount, "紧急预拨防汛救灾资金", FLOOD, ref="CZJJ-2025-01")  # fmt: skip
    day = d(6, 23)
    add(id="JC-ZJJJ-2025-01-emergency", type="decision", time=at(day, 7, 50), actor=holder("hb_head", day), unit=HB, ref="ZJJJ-2025-01", subject="梅雨期城区积水点应急排涝及人民路路面塌陷抢修（78万元）", category="large_funds", mode="emergency", amount=money(780000))  # fmt: skip


def planted_payments() -> None:
    """The planted payment cases (README.md, "Planted violations")."""
    # one job of 财政信息中心 split into three direct purchases, each under the head's
    # 200,000 limit, together over 500,000 and never put to the party group
    for day, amount, what in [
        (d(8, 5), 196000, "财政业务机房精密空调及UPS改造"),
        (d(8, 14), 198000, "财政业务机房存储扩容及网络设备"),
        (d(8, 27), 189000, "财政业务大厅显示及网络布线改造"),
    ]:
        contract(at(day, 9, 50), F, "fb_info_chief", "shulian_net", money(amount), "direct", F_IT, "信息系统集成实施服务")  # fmt: skip
        F.pay(at(day, 15, 20), "fb_info_chief", "shulian_net", amount, what, F_IT)
    # the head lends 3,000,000 of treasury funds to the county investment group on her own say
    day = d(9, 16)
    add(id="JC-CZJD-2025-07", type="decision", time=at(day, 16, 10), actor=holder("fb_head", day), unit=FIN, ref="CZJD-2025-07", subject="临时调度库款300万元借给县城投集团用于城东安置房项目资金周转", category="large_funds", mode="individual", amount=money(3000000))  # fmt: skip
    F.pay(at(d(9, 17), 10, 20), "fb_treasury_chief", "city_investment", 3000000, "暂付款：借给县城投集团资金周转", None, ref="CZJD-2025-07")  # fmt: skip
    # a review commission paid to the firm of the approving deputy's spouse
    F.pay(at(d(10, 22), 15, 45), "fb_review_engineer", "yucheng_cost", 68000, "下溪镇农村饮用水达标提标工程结算评审委托费", F_ENTRUSTED)  # fmt: skip
    # a large progress payment citing no decision
    H.pay(at(d(11, 27), 16, 5), "hb_engineering_chief", "chengjian_municipal", 686000, "城北片区雨污管网修复工程进度款", H_FACILITIES, project="QXZJ-2025-19")  # fmt: skip
    # a payment its initiator approved herself
    day = d(12, 15)
    F.pay(at(day, 17, 10), "fb_accounts_chief", "qx_hotel", 18600, "全县财政系统年终决算布置会场地及资料费", F_GENERAL, approver=holder("fb_accounts_chief", day))  # fmt: skip


# -- output ---------------------------------------------------------------------------------


def numbered() -> Iterator[dict[str, Any]]:
    """The events in time order (then by id), payments (支付凭证 ZF) and contracts (合同
    HT) numbered per bureau in that order."""
    events.sort(key=lambda e: (e["time"], e.get("id") or "", e.get("amount") or 0))
    seq: Counter[str] = Counter()
    for e in events:
        if e["type"] in ("payment", "purchase"):
            prefix = ("ZF-" if e["type"] == "payment" else "HT-") + (
                "CZ" if e["unit"] == FIN else "ZJ"
            )
            seq[prefix] += 1
            width = 4 if e["type"] == "payment" else 3
            e["id"] = f"{prefix}-{YEAR}-{seq[prefix]:0{width}d}"
        yield e


def main() -> None:
    routine_finance()
    reviews()
    claims(F, 170)
    routine_housing()
    project_payments()
    claims(H, 140)
    direct_purchases()
    tenders()
    meetings()
    emergencies()
    planted_payments()
    assert all(cal.is_workday(e["time"].date()) for e in events)
    written = write_events(OUT, read_events(numbered()))
    kinds = Counter(e["type"] for e in events)
    print(f"wrote {written} events to {OUT.name}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))  # fmt: skip


if __name__ == "__main__":
    main()
