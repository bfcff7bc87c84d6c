"""The periodic circular (通报): each warning as it stood at the period's end,
read back from its audit trail; per unit, counts by level and category, the
dispositions, the overdue and the escalated, adding up; Markdown and HTML in
which nothing from the data is interpreted.

The store is the one of tests/test_reports.py: in March 2026, W0 (red) and W1
(yellow, referred upward on 5 March: orange) about 李明 in 预算股, W2 (orange,
disposed 诫勉 on 12 March) about 王芳 in 财政局, W3 (blue, acknowledged) and W4
(red) in 教育局; W5 on 1 April. Handling limits are the defaults on a
Monday-to-Friday calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from riskwarn.model import Level
from riskwarn.reports import (
    Circular,
    Period,
    ReportError,
    View,
    build_circular,
    render_circular,
    standing,
)
from riskwarn.store import Disposition, SqliteStore, State
from riskwarn.store.lifecycle import Action
from tests.test_reports import (
    GRAPH,
    LOOK,
    TZ,
    WARNINGS,
    articles,
    at,
    filled_store,
    page,
    policy,
    store_files,
)
from tests.test_reports_cli import run
from tests.test_reports_escaping import HOSTILE, assert_inert, hostile_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with filled_store(tmp_path / "w.db") as s:
        yield s


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return store_files(tmp_path)


MARCH = Period(date(2026, 3, 1), date(2026, 3, 31), TZ)
ISSUED = date(2026, 4, 3)


def circular(
    s: SqliteStore, viewer: str | None = None, period: Period = MARCH, **kw: Any
) -> Circular:
    return build_circular(View(s, GRAPH, viewer, LOOK), period, issued=ISSUED, **kw)


def numbers(section: Any) -> dict[str, Any]:
    return {
        "total": section.total,
        "levels": {r.key: r.count for r in section.levels() if r.count},
        "categories": {r.key: r.count for r in section.categories()},
        "disposed": len(section.disposed),
        "dispositions": {r.key: r.count for r in section.dispositions()},
        "in_hand": len(section.in_hand),
        "mitigated": len(section.mitigated),
        "overdue": sorted(s.stored.id for s in section.overdue),
        "escalated": sorted(s.stored.id for s in section.escalated),
    }


W = [w.id for w in WARNINGS]


def test_march_per_unit_checked_by_hand(store: SqliteStore) -> None:
    """As of 1 April 00:00: W0 (ack due 3 March), W1 (ack due 9 March after its
    escalation), W3 (acknowledged in time, to be disposed within 20 working days:
    by 24:00 on 31 March, the period's very end) and W4 (ack due 18 March) are overdue; only W1 was escalated; W2 was disposed by 诫勉."""
    c = circular(store)
    assert [(s.unit, s.name) for s in c.sections] == [
        ("fin", "财政局"),
        ("fin_budget", "预算股"),
        ("edu", "教育局"),
    ]
    fin, budget, edu = c.sections
    assert numbers(fin) == {
        "total": 1,
        "levels": {"orange": 1},
        "categories": {"采购": 1},
        "disposed": 1,
        "dispositions": {"admonishment": 1},
        "in_hand": 0,
        "mitigated": 0,
        "overdue": [],
        "escalated": [],
    }
    assert numbers(budget) == {
        "total": 2,
        "levels": {"red": 1, "orange": 1},
        "categories": {"资金": 2},
        "disposed": 0,
        "dispositions": {},
        "in_hand": 2,
        "mitigated": 0,
        "overdue": sorted([W[0], W[1]]),
        "escalated": [W[1]],
    }
    assert numbers(edu) == {
        "total": 2,
        "levels": {"red": 1, "blue": 1},
        "categories": {"采购": 1, "行政效能": 1},
        "disposed": 0,
        "dispositions": {},
        "in_hand": 2,
        "mitigated": 0,
        "overdue": sorted([W[3], W[4]]),
        "escalated": [],
    }
    assert numbers(c.overall)["total"] == 5
    assert numbers(c.overall)["overdue"] == sorted([W[0], W[1], W[3], W[4]])
    (w3,) = [s for s in edu.warnings if s.stored.id == W[3]]
    assert w3.due == at(4, 1, 0) and w3.state is State.ACKNOWLEDGED


def test_the_wording_of_a_section(store: SqliteStore) -> None:
    c = circular(store)
    assert c.title == "关于2026年3月1日至2026年3月31日廉政风险预警处置情况的通报"
    assert c.opening() == (
        "2026年3月1日至2026年3月31日，测试县共产生廉政风险预警5条，涉及3个单位。"
        "现将预警处置情况通报如下。"
    )
    assert c.sections[1].summary() == [
        "本期产生预警2条，其中红色1条、橙色1条。按类别：资金2条。",
        "截至2026年3月31日，已处置（含办结）0条；正在处理2条（待处理2条）；处置率0.0%。",
        "逾期未处置2条，升级处理1条。",
    ]
    assert c.sections[0].summary() == [
        "本期产生预警1条，其中橙色1条。按类别：采购1条。",
        "截至2026年3月31日，已处置（含办结）1条，其中诫勉1条；处置率100.0%。",
        "无逾期未处置和升级处理的预警。",
    ]
    assert c.requirements() == [
        "预算股、教育局要对逾期未处置的预警立即核实处置，处置结果及时报送，并说明逾期原因。",
        "对预算股升级处理的预警，升级后的接收人要督促推动，跟踪至办结。",
        "各单位要落实主体责任，对预警做到及时签收、认真核实、依规依纪处置、按时办结。",
    ]


def test_each_warning_is_taken_as_it_stood_at_the_periods_end(store: SqliteStore) -> None:
    """Up to 11 March, W2 (disposed on the 12th) is still being verified, and W1
    (escalated on the 5th) counts as escalated and orange."""
    c = circular(store, period=Period(date(2026, 3, 1), date(2026, 3, 11), TZ))
    (fin,) = [s for s in c.sections if s.unit == "fin"]
    (w2,) = fin.warnings
    assert (w2.state, w2.disposition, w2.level) == (State.VERIFYING, None, Level.ORANGE)
    assert numbers(fin)["in_hand"] == 1 and numbers(fin)["disposed"] == 0
    early = circular(store, period=Period(date(2026, 3, 1), date(2026, 3, 4), TZ))
    (budget,) = [s for s in early.sections if s.unit == "fin_budget"]
    (w1,) = [s for s in budget.warnings if s.stored.id == W[1]]
    assert (w1.level, w1.escalations) == (Level.YELLOW, 0)  # the escalation came on the 5th


def test_standing_follows_a_reopening(tmp_path: Path) -> None:
    """Disposed, sent back, disposed again: at each moment the standing is that
    moment's state and disposition; after the last change it is the store's own."""
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        w = WARNINGS[3]
        s.put([w], graph=GRAPH)
        steps = [
            (at(3, 3, 10), Action.ACKNOWLEDGE, None, None),
            (at(3, 4, 10), Action.DISPOSE, Disposition.REMINDER_TALK, "提醒"),
            (at(3, 5, 10), Action.REOPEN, None, "证据不足，重新核实"),
            (at(3, 9, 10), Action.DISPOSE, Disposition.RECTIFICATION, "限期整改"),
            (at(3, 10, 10), Action.CLOSE, None, None),
        ]
        for when, action, disposition, note in steps:
            s.transition(w.id, action, actor="p_vme", at=when, note=note, disposition=disposition)
        history = s.history(w.id)
        stored = s.get(w.id)

        def seen(when: datetime) -> tuple[State, Disposition | None, str | None]:
            x = standing(stored, history, when, s.policy)
            return x.state, x.disposition, x.disposition_note

        assert seen(at(3, 3, 9, 30)) == (State.OPEN, None, None)
        assert seen(at(3, 4, 12)) == (State.DISPOSED, Disposition.REMINDER_TALK, "提醒")
        assert seen(at(3, 6)) == (State.VERIFYING, None, None)
        assert seen(at(3, 9, 11)) == (State.DISPOSED, Disposition.RECTIFICATION, "限期整改")
        last = standing(stored, history, at(4, 1), s.policy)
        assert (last.state, last.disposition, last.level, last.escalations, last.due) == (
            stored.state,
            stored.disposition,
            stored.level,
            stored.escalations,
            stored.due,
        )
        reopened = standing(stored, history, at(3, 6), s.policy)
        assert reopened.due is not None and reopened.due > at(3, 5, 10)  # a new handling period


def test_a_warning_escalated_for_a_missed_deadline_stays_overdue(tmp_path: Path) -> None:
    """W1 (yellow, Wednesday 4 March) is not acknowledged within 3 working days
    (counted from the next day): at 24:00 on 9 March the store escalates it to
    orange with a new deadline 2 working days on, 24:00 on 12 March. Up to 10
    March it is overdue (one deadline missed) though its pending deadline has not
    passed; a referral by hand is no missed deadline."""
    with SqliteStore(tmp_path / "w.db", policy=policy()) as s:
        s.put([WARNINGS[1], WARNINGS[2]], graph=GRAPH)
        s.escalate_due(at(3, 10, 0), graph=GRAPH)
        s.escalate(WARNINGS[2].id, actor="p_vmf", reason="提请关注", at=at(3, 10, 10), graph=GRAPH)
        c = build_circular(
            View(s, GRAPH, None, LOOK),
            Period(date(2026, 3, 1), date(2026, 3, 10), TZ),
            issued=ISSUED,
        )
        (w1,) = [x for x in c.overall.warnings if x.stored.id == W[1]]
        (w2,) = [x for x in c.overall.warnings if x.stored.id == W[2]]
    assert (w1.level, w1.escalations, w1.missed, w1.due) == (Level.ORANGE, 1, 1, at(3, 13, 0))
    assert w1.overdue
    assert (w2.escalations, w2.missed, w2.overdue) == (1, 0, False)


def test_a_readers_circular_holds_only_what_they_may_see(store: SqliteStore) -> None:
    c = circular(store, "p_vme")
    assert [s.unit for s in c.sections] == ["edu"]
    assert sorted(x.stored.id for x in c.overall.warnings) == sorted([W[3], W[4]])
    text = render_circular(c, "md") + render_circular(c, "html")
    assert "李明" not in text and "王芳" not in text and "预算股" not in text


def test_a_unit_takes_its_subunits(store: SqliteStore) -> None:
    c = circular(store, units=["fin"])
    assert [(s.unit, s.total) for s in c.sections] == [("fin", 3)]
    assert sorted(x.stored.id for x in c.overall.warnings) == sorted(W[:3])
    with pytest.raises(ReportError) as err:
        circular(store, units=["fim", "edu"])
    assert str(err.value) == "--unit: no unit 'fim' (did you mean 'fin'?)"


def test_a_circular_needs_both_ends_of_its_period(store: SqliteStore) -> None:
    with pytest.raises(ReportError, match="needs a period with both ends"):
        circular(store, period=Period(date(2026, 3, 1), None, TZ))


# -- Markdown and HTML ------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (inline content, as parsed)."""
    found: list[list[list[str]]] = []
    row: list[str] = []
    tokens = MD.parse(markdown)
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            found.append([])
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            row.append(
                "".join(
                    "\n" if c.type == "html_inline" else c.content for c in inline.children or []
                )
            )
        elif t.type == "tr_close":
            found[-1].append(row)
    return found


def raw_html(markdown: str) -> set[str]:
    """The raw HTML a Markdown renderer would pass through."""
    out = set()
    for t in MD.parse(markdown):
        if t.type == "html_block":
            out.add(t.content)
        for c in t.children or []:
            if c.type == "html_inline":
                out.add(c.content)
    return out


def test_markdown_tables_hold_their_shape_and_text(store: SqliteStore) -> None:
    """Every row of every table has the header's number of cells, and the unit
    table's numbers are the sections'."""
    c = circular(store)
    md = render_circular(c, "md")
    found = tables(md)
    assert found, md
    for table in found:
        assert {len(r) for r in table} == {len(table[0])}
    units = found[0]
    assert units[0] == [
        "单位",
        "预警",
        "红色",
        "橙色",
        "黄色",
        "蓝色",
        "已处置",
        "处理中",
        "已缓释",
        "逾期",
        "升级",
    ]
    assert units[1:] == [
        ["财政局", "1", "0", "1", "0", "0", "1", "0", "0", "0", "0"],
        ["预算股", "2", "1", "1", "0", "0", "0", "2", "0", "2", "1"],
        ["教育局", "2", "1", "0", "0", "1", "0", "2", "0", "2", "0"],
        ["合计", "5", "2", "2", "0", "1", "1", "4", "0", "4", "1"],
    ]
    assert md.startswith("# 关于2026年3月1日至2026年3月31日廉政风险预警处置情况的通报\n")
    assert raw_html(md) == set()


def test_hostile_names_do_not_break_markdown(tmp_path: Path) -> None:
    """Names and notes with ``|``, ``*``, backticks, brackets, ``<script>`` and line
    breaks stay in their cells as the text they are; the only raw HTML is the
    ``<br>`` standing for a line break."""
    hostile, graph = hostile_store(tmp_path / "h.db")
    with hostile:
        c = build_circular(
            View(hostile, graph, None, LOOK), MARCH, issued=ISSUED, issuer=HOSTILE[6]
        )
        md = render_circular(c, "md")
        html = render_circular(c, "html")
    assert raw_html(md) <= {"<br>"}
    for table in tables(md):
        assert {len(r) for r in table} == {len(table[0])}, table
    disposed = [t for t in tables(md) if t[0][3] == "处置方式"]
    (row,) = [r for t in disposed for r in t[1:]]
    assert row[0] == HOSTILE[0]  # 李明's name: <script>…
    assert row[1] == HOSTILE[1]  # the title: "><img …>
    assert row[5] == HOSTILE[6]  # the note, line breaks included
    rendered = page(MD.render(md))
    assert rendered.xpath("//script | //img | //a | //h1[2] | //em | //code") == []
    assert len(rendered.xpath("//h1")) == 1
    doc = assert_inert(html)
    assert HOSTILE[6].replace("\n", "") in doc.text_content().replace("\n", "")


def test_the_circular_command_writes_markdown_and_html(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    db, org = files
    for fmt in ("md", "html"):
        out = tmp_path / f"c.{fmt}"
        result = run(
            "circular", "--store", str(db), "--org", str(org), "--admin",
            "--from", "2026-03-01", "--to", "2026-03-31", "--format", fmt,
            "--issuer", "测试县纪委监委", "--date", "2026-04-03", "--out", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.output == f"{out}: circular on 5 warning(s) in 3 unit(s)\n"
        text = out.read_text(encoding="utf-8")
        assert "测试县纪委监委" in text and "2026年4月3日" in text
    doc = page((tmp_path / "c.html").read_text(encoding="utf-8"))
    assert [s.get("data-unit") for s in doc.xpath("//section[@data-unit]")] == [
        "fin",
        "fin_budget",
        "edu",
    ]
    assert articles(doc) == []
    result = run(
        "circular", "--store", str(db), "--org", str(org), "--admin", "--from", "2026-03-01",
        "--to", "2026-03-31", "--unit", "fim", "--out", str(tmp_path / "x.md"),
    )  # fmt: skip
    assert (result.exit_code, result.output) == (1, "--unit: no unit 'fim' (did you mean 'fin'?)\n")
    result = run(
        "circular", "--store", str(db), "--org", str(org), "--admin", "--from", "2026-03-01",
        "--out", str(tmp_path / "x.md"),
    )  # fmt: skip
    assert result.exit_code == 2 and "--to" in result.output
