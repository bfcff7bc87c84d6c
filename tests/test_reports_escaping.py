"""Nothing in the data is interpreted: hostile names, messages, categories,
evidence, notes and unit names come out of the HTML report as text, and
`md_escape` keeps Markdown inert."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from riskwarn.graph import OrgGraph
from riskwarn.model import Level
from riskwarn.model.warning import EventRef, Evidence
from riskwarn.reports import Period, View, build_report, md_escape, render_report, show_controls
from riskwarn.store import Disposition, SqliteStore
from riskwarn.store.lifecycle import Action
from tests.test_reports import LOOK, TZ, at, make_warning, org_data, page, policy

LONG = "关于进一步加强和规范党政机关公务接待管理工作的若干具体实施意见" * 60
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "{{ 7*7 }}{% if true %}x{% endif %}",
    "</style><style>body{display:none}</style>",
    "</title><script>alert(3)</script>",
    "\u202eevil.exe\u202c and \u2067isolate\u2069",
    "a|b*c`d`_e_[x](http://evil.example)\n# heading\n\n- item",
    LONG,
]


def hostile_graph() -> OrgGraph:
    return OrgGraph(
        org_data(
            names={"p_clerk": HOSTILE[0], "p_finhead": HOSTILE[1], "p_dcfin": HOSTILE[5]},
            units={"fin_budget": HOSTILE[3], "fin": HOSTILE[4]},
        )
    )


def hostile_store(path: Path) -> tuple[SqliteStore, OrgGraph]:
    graph = hostile_graph()
    store = SqliteStore(path, policy=policy())
    ws = [
        make_warning(
            graph,
            "p_clerk",
            at(3, 2),
            Level.RED,
            HOSTILE[2],
            "self_approval",
            title=HOSTILE[1],
            message=HOSTILE[0] + LONG,
            basis=HOSTILE[3],
            evidence=Evidence(
                events=(
                    EventRef(
                        id="e1", type="payment", time=at(3, 2), fields={HOSTILE[6]: HOSTILE[0]}
                    ),
                ),
                threshold=HOSTILE[1],
                actual=HOSTILE[5],
                facts={HOSTILE[2]: HOSTILE[6]},
            ),
        ),
        make_warning(graph, "p_finhead", at(3, 3), Level.YELLOW, HOSTILE[6], "x", title=HOSTILE[5]),
    ]
    store.put(ws, graph=graph)
    store.transition(ws[0].id, Action.ACKNOWLEDGE, actor="p_vmf", at=at(3, 3), note=HOSTILE[4])
    store.transition(
        ws[0].id,
        Action.DISPOSE,
        actor="p_vmf",
        at=at(3, 4),
        note=HOSTILE[6],
        disposition=Disposition.NO_VIOLATION,
    )
    return store, graph


def visible(text: str) -> str:
    """How a value reads on the page: control characters shown, line breaks as spaces."""
    from riskwarn.reports import show_controls

    return re.sub(r"\s+", " ", show_controls(text))


def assert_inert(document: str) -> Any:
    """No script, no event handler, no image, one style element (ours), no raw
    control character; returns the parsed document."""
    assert "<script" not in document.lower()
    assert "\u202e" not in document and "\u2067" not in document
    doc = page(document)
    assert doc.xpath("//script") == []
    assert doc.xpath("//img") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    (style,) = doc.xpath("//style")
    assert style.getparent().tag == "head"
    assert "alert" not in style.text_content() and "display:none" not in style.text_content()
    return doc


def test_nothing_in_the_data_is_interpreted(tmp_path: Path) -> None:
    """Hostile names, messages, categories, evidence, notes and unit names come
    out as text: no element or attribute is injected, templates syntax is not
    evaluated, bidirectional controls are shown, and the text reads as typed."""
    store, graph = hostile_store(tmp_path / "h.db")
    with store:
        document = render_report(
            build_report(View(store, graph, None, LOOK), Period(None, None, TZ))
        )
    doc = assert_inert(document)
    assert doc.xpath("string(//title)") == "测试县廉政风险预警报告"
    text = re.sub(r"\s+", " ", doc.text_content())
    for value in HOSTILE:
        assert visible(value) in text, value[:40]
    labels = doc.xpath('//table[@id="by-category"]/tbody/tr/td[1]/text()')
    assert HOSTILE[2] in labels  # {{ 7*7 }} and {% if %} are not evaluated
    assert "[U+202E]evil.exe[U+202C]" in text and "[U+2067]isolate[U+2069]" in text
    keys = doc.xpath('//table[@id="by-category"]/tbody/tr/@data-key')
    assert sorted(keys) == sorted([HOSTILE[2], HOSTILE[6]])  # each stays inside its attribute
    assert LONG in doc.xpath("string(//article//p[@class='message'])")


MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("<script>", "\\<script\\>"),
        ("[x](http://e.example)", "\\[x\\]\\(http\\://e.example\\)"),
        ("www.e.example", "www\\.e.example"),
        ("- item", "\\- item"),
        ("12. item", "12\\. item"),
        ("=", "\\="),
        ("# h", "\\# h"),
        ("&lt;", "\\&lt;"),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("\u202eabc", "\\[U\\+202E\\]abc"),  # shown, and inert like any text
        ("2026-04-01 09:30", "2026-04-01 09:30"),
        ("县财政局", "县财政局"),
    ],
)
def test_md_escape(value: str, escaped: str) -> None:
    assert md_escape(value) == escaped


@pytest.mark.parametrize("value", [*HOSTILE, "\\", "a\\|b", "~~x~~ $y$ ^z^ !not"])
def test_an_escaped_value_reads_as_typed_in_a_table_cell(value: str) -> None:
    """Rendered by a CommonMark + GFM tables parser, the cell holds the value as
    text (line breaks as <br>), and the row keeps its two cells."""
    source = f"| a | b |\n| --- | --- |\n| {md_escape(value)} | end |\n"
    tokens = MD.parse(source)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 4
    cell = inline[2]
    text = "".join("\n" if c.type == "html_inline" else c.content for c in cell.children or [])
    assert text == show_controls(value.strip()).replace("\r\n", "\n"), source
    assert inline[3].content == "end"
    assert {c.content for c in cell.children or [] if c.type == "html_inline"} <= {"<br>"}
