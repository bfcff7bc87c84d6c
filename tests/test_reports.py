"""The supervisor's HTML report: its counts are the store's counts for the same
reader, a reader's report holds nothing outside their view, every warning shows
its evidence, recipients and history, and the page needs nothing from outside.
The organization, warnings and store built here serve every test_reports_*.py.

The organization here (测试县)::

    gov 县政府 ─ mayor 吴刚 (principal); vm_fin 刘洋 line over fin; vm_edu 孙丽 line over edu
      ├─ fin 财政局 ─ fin_head 王芳 (principal)
      │    └─ fin_budget 预算股 ─ fin_clerk 李明
      └─ edu 教育局 ─ edu_head 陈静 (principal), edu_clerk 赵磊
    dc 纪委监委 ─ dc_fin 李强 discipline over fin (李明's brother), dc_edu 周敏 over edu

Six warnings, March and April 2026 (`WARNINGS`): three about fin, three about edu.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html

from riskwarn.calendar import WeekendCalendar
from riskwarn.graph import OrgGraph
from riskwarn.model import Level
from riskwarn.model.warning import (
    EventRef,
    Evidence,
    GraphPath,
    PathStep,
    RiskWarning,
    warning_id,
)
from riskwarn.reports import (
    Period,
    ReportError,
    View,
    build_report,
    render_report,
)
from riskwarn.store import Disposition, EscalationPolicy, SqliteStore, WarningQuery, jurisdiction
from riskwarn.store.lifecycle import Action
from tests.orgs import make_org, person, pos, tenure, unit

TZ = ZoneInfo("Asia/Shanghai")
LOOK = datetime(2026, 4, 30, 12, tzinfo=TZ)
"""When the readers look (their jurisdiction as of then)."""

NAMES = {
    "p_mayor": "吴刚",
    "p_vmf": "刘洋",
    "p_vme": "孙丽",
    "p_finhead": "王芳",
    "p_clerk": "李明",
    "p_eduhead": "陈静",
    "p_educlerk": "赵磊",
    "p_dcfin": "李强",
    "p_dcedu": "周敏",
}
POSTS = {
    "p_mayor": "mayor",
    "p_vmf": "vm_fin",
    "p_vme": "vm_edu",
    "p_finhead": "fin_head",
    "p_clerk": "fin_clerk",
    "p_eduhead": "edu_head",
    "p_educlerk": "edu_clerk",
    "p_dcfin": "dc_fin",
    "p_dcedu": "dc_edu",
}


def org_data(names: dict[str, str] | None = None, units: dict[str, str] | None = None) -> Any:
    """The organization above; ``names`` and ``units`` override display names."""
    names = {**NAMES, **(names or {})}
    unit_names = {
        "gov": "县政府",
        "fin": "财政局",
        "fin_budget": "预算股",
        "edu": "教育局",
        "dc": "纪委监委",
        **(units or {}),
    }
    return make_org(
        units=[
            unit("gov", unit_names["gov"], kind="government"),
            unit("fin", unit_names["fin"], parent="gov"),
            unit("fin_budget", unit_names["fin_budget"], kind="section", parent="fin"),
            unit("edu", unit_names["edu"], parent="gov"),
            unit("dc", unit_names["dc"], kind="discipline"),
        ],
        positions=[
            pos("mayor", "gov", name="县长", grade="county_main", principal=True),
            pos("vm_fin", "gov", name="副县长（财政）", grade="county_deputy", reports_to="mayor"),
            pos("vm_edu", "gov", name="副县长（教育）", grade="county_deputy", reports_to="mayor"),
            pos("fin_head", "fin", name="财政局长", principal=True, reports_to="vm_fin"),
            pos("fin_clerk", "fin_budget", name="预算员", grade="staff", reports_to="fin_head"),
            pos("edu_head", "edu", name="教育局长", principal=True, reports_to="vm_edu"),
            pos("edu_clerk", "edu", name="教育科员", grade="staff", reports_to="edu_head"),
            pos("dc_fin", "dc", name="派驻财政纪检组长"),
            pos("dc_edu", "dc", name="派驻教育纪检组长"),
        ],
        persons=[person(p, name=names[p]) for p in NAMES],
        tenures=[tenure(p, post, "2020-01-01") for p, post in POSTS.items()],
        kinship=[{"person": "p_dcfin", "relative": "p_clerk", "relation": "sibling"}],
        supervision=[
            {"supervisor": "vm_fin", "role": "line", "units": ["fin"]},
            {"supervisor": "vm_edu", "role": "line", "units": ["edu"]},
            {"supervisor": "mayor", "role": "line", "positions": ["vm_fin", "vm_edu"]},
            {"supervisor": "dc_fin", "role": "discipline", "units": ["fin"]},
            {"supervisor": "dc_edu", "role": "discipline", "units": ["edu"]},
        ],
    )


GRAPH = OrgGraph(org_data())


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def make_warning(
    graph: OrgGraph,
    subject: str,
    time: datetime,
    level: Level,
    category: str,
    rule: str,
    *,
    title: str = "自批自付",
    message: str | None = None,
    basis: str = "相互制约; ISO 37001 A.11",
    evidence: Evidence | None = None,
) -> RiskWarning:
    """A warning as the engine emits it: deterministic id, routed in ``graph``."""
    ref = graph.ref("person", subject)
    return RiskWarning(
        id=warning_id("funds", rule, level, ref, time.isoformat()),
        rule=rule,
        ruleset="funds",
        ruleset_version="1",
        level=level,
        category=category,
        title=title,
        title_en="Payment approved by its own initiator",
        message=message or f"{ref.name} 审批了自己发起的支付",
        basis=basis,
        subject=ref,
        time=time,
        evidence=evidence or Evidence(),
        recipients=tuple(graph.supervisors("person", subject, time)),
    )


def evidence(graph: OrgGraph, subject: str) -> Evidence:
    """A payment event, a threshold and a graph path, as a funds rule gives them."""
    holder = graph.ref("person", subject)
    post = graph.ref("position", POSTS[subject])
    return Evidence(
        events=(
            EventRef(
                id="pay-0042",
                type="payment",
                time=at(3, 2, 9),
                fields={
                    "amount": 600000,
                    "approver": subject,
                    "payee": "清溪县宏达建筑工程有限公司",
                },
            ),
        ),
        paths=(
            GraphPath(
                steps=(
                    PathStep(
                        source=holder,
                        relation="holds",
                        label="任职 holds",
                        target=post,
                        since=date(2020, 1, 1),
                    ),
                )
            ),
        ),
        threshold=500000,
        actual=600000,
        facts={"budget_item": "办公经费"},
    )


def warnings(graph: OrgGraph = GRAPH) -> list[RiskWarning]:
    """The six warnings: W0–W2 about fin, W3–W5 about edu."""
    return [
        make_warning(
            graph,
            "p_clerk",
            at(3, 2),
            Level.RED,
            "资金",
            "self_approval",
            evidence=evidence(graph, "p_clerk"),
        ),
        make_warning(graph, "p_clerk", at(3, 4), Level.YELLOW, "资金", "late_payment"),
        make_warning(graph, "p_finhead", at(3, 10), Level.ORANGE, "采购", "split"),
        make_warning(graph, "p_educlerk", at(3, 3), Level.BLUE, "行政效能", "slow"),
        make_warning(graph, "p_eduhead", at(3, 17), Level.RED, "采购", "split"),
        make_warning(graph, "p_educlerk", at(4, 1, 23, 59), Level.YELLOW, "行政效能", "slow"),
    ]


WARNINGS = warnings()
FIN = [w.id for w in WARNINGS[:3]]
EDU = [w.id for w in WARNINGS[3:]]


def fill(store: SqliteStore, graph: OrgGraph = GRAPH, note: str = "已约谈本人") -> None:
    """Store the warnings and handle some: W2 acknowledged, verified and disposed
    (诫勉); W1 referred upward by 刘洋 (yellow → orange); W3 acknowledged."""
    ws = warnings(graph)
    store.put(ws, graph=graph)
    w1, w2, w3 = ws[1].id, ws[2].id, ws[3].id
    store.transition(w2, Action.ACKNOWLEDGE, actor="p_vmf", at=at(3, 10, 15))
    store.transition(w2, Action.VERIFY, actor="p_vmf", at=at(3, 11, 10), note="调取凭证")
    store.transition(
        w2,
        Action.DISPOSE,
        actor="p_vmf",
        at=at(3, 12, 16),
        note=note,
        disposition=Disposition.ADMONISHMENT,
    )
    store.escalate(w1, actor="p_vmf", reason="涉及大额资金，提请上级关注", at=at(3, 5), graph=graph)
    store.transition(w3, Action.ACKNOWLEDGE, actor="p_vme", at=at(3, 3, 11))


def policy() -> EscalationPolicy:
    return EscalationPolicy(calendar=WeekendCalendar())


@contextmanager
def filled_store(path: Path) -> Iterator[SqliteStore]:
    """A store at ``path`` holding the six warnings, handled as `fill` says."""
    with SqliteStore(path, policy=policy()) as s:
        fill(s)
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with filled_store(tmp_path / "w.db") as s:
        yield s


def write_org(folder: Path, graph_org: Any = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "org.json"
    data = (graph_org or org_data()).model_dump(mode="json", exclude_defaults=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def store_files(folder: Path) -> tuple[Path, Path]:
    """The filled store and the organization as files in ``folder``."""
    with filled_store(folder / "w.db"):
        pass
    return folder / "w.db", write_org(folder / "org")


def page(report_html: str) -> Any:
    return lxml_html.document_fromstring(report_html)


def count_table(doc: Any, table_id: str) -> dict[str, int]:
    """A count table as ``{row key: count}``."""
    rows = doc.xpath(f'//table[@id="{table_id}"]/tbody/tr[@data-key]')
    return {r.get("data-key"): int(r.xpath("td")[1].text_content()) for r in rows}


def articles(doc: Any) -> list[str]:
    return [a.get("data-id") for a in doc.xpath("//article[@data-id]")]


def report_for(store: SqliteStore, viewer: str | None, period: Period | None = None) -> str:
    view = View(store, GRAPH, viewer, LOOK)
    return render_report(build_report(view, period or Period(None, None, TZ)))


# -- what a reader sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (None, FIN + EDU),
        ("p_vmf", FIN),
        ("p_vme", EDU),
        ("p_dcfin", FIN[2:]),  # never the warnings about his brother 李明
        ("p_dcedu", EDU),
    ],
)
def test_a_report_lists_exactly_what_the_reader_may_see(
    store: SqliteStore, viewer: str | None, expected: list[str]
) -> None:
    """The warnings shown are the reader's: all for the administrator, their units'
    for a supervisor, without those about a relative."""
    doc = page(report_for(store, viewer))
    assert sorted(articles(doc)) == sorted(expected)
    assert doc.xpath('string(//div[@data-key="total"]/span[@class="n"])') == str(len(expected))


@pytest.mark.parametrize("viewer", [None, "p_vmf", "p_vme", "p_dcfin", "p_dcedu", "p_mayor"])
def test_the_counts_are_the_stores_counts_for_the_same_reader(
    store: SqliteStore, viewer: str | None
) -> None:
    """Every count table equals the store's own tally under the reader's scope,
    and the total equals the reader's inbox count over every state."""
    doc = page(report_for(store, viewer))
    scope = jurisdiction(GRAPH, viewer, LOOK) if viewer else None
    query = WarningQuery(scope=scope)
    levels = store.tally(query, "level")
    assert count_table(doc, "by-level") == {lv.value: levels.get(lv.value, 0) for lv in Level}
    assert count_table(doc, "by-category") == store.tally(query, "category")
    assert count_table(doc, "by-state") == store.tally(query, "state")
    assert count_table(doc, "by-unit") == store.tally(query, "unit")
    dispositions = {k: n for k, n in store.tally(query, "disposition").items() if k}
    assert count_table(doc, "by-disposition") == dispositions
    total = store.inbox(viewer, GRAPH, LOOK).count(WarningQuery()) if viewer else store.count()
    assert doc.xpath('string(//div[@data-key="total"]/span[@class="n"])') == str(total)


def test_the_counts_of_one_reader_checked_by_hand(store: SqliteStore) -> None:
    """刘洋 (vm_fin) sees W0 red, W1 orange (escalated from yellow), W2 orange:
    two in 资金 and one in 采购; W2 disposed by 诫勉, the others open."""
    doc = page(report_for(store, "p_vmf"))
    assert count_table(doc, "by-level") == {"red": 1, "orange": 2, "yellow": 0, "blue": 0}
    assert count_table(doc, "by-category") == {"资金": 2, "采购": 1}
    assert count_table(doc, "by-state") == {"open": 2, "disposed": 1}
    assert count_table(doc, "by-unit") == {"fin_budget": 2, "fin": 1}
    assert count_table(doc, "by-disposition") == {"admonishment": 1}
    units = {
        r.get("data-key"): r.xpath("td")[0].text_content()
        for r in doc.xpath('//table[@id="by-unit"]/tbody/tr')
    }
    assert units == {"fin_budget": "预算股", "fin": "财政局"}
    assert "刘洋（副县长（财政））" in doc.xpath('string(//dd[@class="reader"])')


def test_a_readers_report_never_contains_another_units_warnings(store: SqliteStore) -> None:
    """孙丽 supervises edu: no fin subject, message, id or unit appears anywhere
    in her report, not even in the counts or the chart."""
    text = report_for(store, "p_vme")
    for w in WARNINGS[:3]:
        assert w.id not in text
        assert w.subject.name not in text
        assert w.message not in text
    assert "财政局" not in text and "预算股" not in text
    assert "李强" not in text  # fin's discipline recipient


def test_a_reader_never_sees_a_warning_about_a_relative(store: SqliteStore) -> None:
    """李强 supervises fin but 李明 is his brother: 李明's two warnings are absent."""
    text = report_for(store, "p_dcfin")
    assert "李明" not in text
    assert FIN[0] not in text and FIN[1] not in text


def test_the_period_covers_whole_days_in_the_organizations_time_zone(
    store: SqliteStore,
) -> None:
    """--from 2026-03-04 --to 2026-04-01 takes W1 (4 March 09:00) up to W5
    (1 April 23:59 Beijing time), not W0 (2 March) or W3 (3 March)."""
    period = Period(date(2026, 3, 4), date(2026, 4, 1), TZ)
    doc = page(report_for(store, None, period))
    ids = [w.id for w in WARNINGS]
    assert sorted(articles(doc)) == sorted(ids[i] for i in (1, 2, 4, 5))
    assert "2026年3月4日至2026年4月1日" in doc.text_content()
    with pytest.raises(ReportError, match="before it starts"):
        Period(date(2026, 4, 2), date(2026, 4, 1), TZ)


def test_limit_shows_the_most_severe_in_detail_but_counts_all(store: SqliteStore) -> None:
    view = View(store, GRAPH, None, LOOK)
    doc = page(render_report(build_report(view, Period(None, None, TZ), limit=2)))
    assert sorted(articles(doc)) == sorted([WARNINGS[0].id, WARNINGS[4].id])  # the two reds
    assert doc.xpath('string(//div[@data-key="total"]/span[@class="n"])') == "6"
    assert "（2条，共6条，按严重程度排列）" in doc.text_content()


# -- each warning -----------------------------------------------------------------------


def article(doc: Any, warning_id: str) -> Any:
    (found,) = doc.xpath(f'//article[@data-id="{warning_id}"]')
    return found


def cells(table: Any) -> list[list[str]]:
    return [[td.text_content().strip() for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]


def test_a_warning_shows_its_evidence_path_basis_and_recipients(store: SqliteStore) -> None:
    doc = page(report_for(store, None))
    a = article(doc, WARNINGS[0].id)
    text = a.text_content()
    for expected in ("自批自付", "李明 审批了自己发起的支付", "相互制约; ISO 37001 A.11", "资金"):
        assert expected in text
    (threshold,) = a.xpath('.//table[@class="threshold"]')
    assert cells(threshold) == [["500000", "600000"]]
    (events,) = a.xpath('.//table[@class="events"]')
    assert cells(events)[0][:3] == ["pay-0042", "payment", "2026-03-02 09:00"]
    fields = [li.text_content() for li in a.xpath('.//table[@class="events"]//li')]
    assert fields == ["amount = 600000", "approver = p_clerk", "payee = 清溪县宏达建筑工程有限公司"]
    (facts,) = a.xpath('.//table[@class="facts"]')
    assert cells(facts) == [["budget_item", "办公经费"]]
    (path,) = [li.text_content() for li in a.xpath('.//ol[@class="paths"]/li')]
    assert path == "李明 —任职 holds→ 预算员（2020-01-01～）"
    (recipients,) = a.xpath('.//table[@class="recipients"]')
    rows = cells(recipients)
    expected = [
        [
            "原始",
            {"line": "分管领导", "discipline": "纪检监察"}[r.role],
            f"{r.person.name}（{r.person.id}）",
            r.position.name,
            r.reason,
            "2026-03-02 09:00",
        ]
        for r in WARNINGS[0].recipients
    ]
    assert rows == expected and rows


def test_a_warning_shows_its_history_who_when_from_to_and_why(store: SqliteStore) -> None:
    """W2: stored, acknowledged, verified (with a note), disposed (诫勉, with a note);
    W1: referred upward by 刘洋, yellow → orange, to the mayor."""
    doc = page(report_for(store, None))
    (history,) = article(doc, WARNINGS[2].id).xpath('.//table[@class="history"]')
    rows = [row[1:] for row in cells(history)]
    assert rows == [
        ["2026-03-10 09:00", "系统", "生成", "待处理", "等级：橙色"],
        ["2026-03-10 15:00", "刘洋（p_vmf）", "签收", "待处理 → 已签收", ""],
        ["2026-03-11 10:00", "刘洋（p_vmf）", "核实", "已签收 → 核实中", "调取凭证"],
        [
            "2026-03-12 16:00",
            "刘洋（p_vmf）",
            "处置",
            "核实中 → 已处置",
            "已约谈本人处置方式：诫勉",
        ],
    ]
    (history,) = article(doc, WARNINGS[1].id).xpath('.//table[@class="history"]')
    escalation = cells(history)[1]
    assert escalation[2:5] == ["刘洋（p_vmf）", "升级", ""]
    assert escalation[5].startswith("referred upward by p_vmf: 涉及大额资金，提请上级关注")
    assert escalation[5].endswith("等级：黄色 → 橙色新增接收人：吴刚")
    a = article(doc, WARNINGS[1].id)
    assert "橙色（原为黄色，升级1次）" in a.text_content()
    assert a.get("data-level") == "orange"


def test_the_templates_ship_with_the_package() -> None:
    """The templates load through the package loader (as from an installed wheel)."""
    from riskwarn.reports.templating import html_env, markdown_env

    for name in ("report.html.j2", "chart.svg.j2", "circular.html.j2"):
        assert html_env().get_template(name) is not None
    assert markdown_env().get_template("circular.md.j2") is not None
    root = Path(__file__).resolve().parent.parent / "riskwarn" / "reports" / "templates"
    assert {p.name for p in root.iterdir()} >= {"base.css", "report.css", "circular.css"}


def test_a_report_is_self_contained(store: SqliteStore) -> None:
    """No script, no link, no external source: styles inline, the chart inline SVG,
    and a content security policy that forbids fetching anything."""
    text = report_for(store, None)
    doc = page(text)
    assert doc.xpath("//script | //link | //iframe | //object | //embed | //img") == []
    assert doc.xpath("//@src | //@href") == []
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", text)
    (csp,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp.startswith("default-src 'none'")
    assert len(doc.xpath("//svg")) == 1
