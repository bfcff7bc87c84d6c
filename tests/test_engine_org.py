"""The engine with an organization: graph predicates as of the event's time, the
subject resolved in the graph, recipients with reasons, graph paths as evidence."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from riskwarn.engine import Engine
from riskwarn.events import read_events
from riskwarn.rules.model import Ruleset
from tests.engine_helpers import TZ
from tests.test_graph import county

ROOT = Path(__file__).resolve().parent.parent

RULESET = Ruleset.model_validate(
    {
        "ruleset": "funds",
        "version": "3",
        "title": "资金",
        "event_types": {"pay": {"approver": "id", "payee": "id", "amount": "decimal"}},
        "rules": [
            {
                "id": "kin_payee",
                "title": "向亲属付款",
                "title_en": "Payment to a relative",
                "level": "red",
                "category": "资金",
                "basis": "回避制度",
                "when": {"event": "pay", "if": "related(pay.approver, pay.payee)"},
                "subject": "pay.approver",
                "message": "{pay.approver.name} 审批向 {pay.payee.name} 支付 {pay.amount} 元",
                "message_en": "{subject} approved paying {pay.amount} to a relative",
            }
        ],
    }
)


def test_a_graph_predicate_holds_as_of_the_event_and_the_warning_is_explained() -> None:
    engine = Engine(county(), [RULESET])
    items = [
        # 丙 (c) and 戊 (e) are spouses; c heads 财政局 from 2022
        {
            "id": "p1",
            "type": "pay",
            "time": datetime(2023, 5, 4, 10, tzinfo=TZ).isoformat(),
            "approver": "c",
            "payee": "e",
            "amount": Decimal("1200.50"),
        },
        {
            "id": "p2",
            "type": "pay",
            "time": datetime(2023, 5, 4, 11, tzinfo=TZ).isoformat(),
            "approver": "c",
            "payee": "d",
            "amount": 5,
        },
    ]
    (w,) = engine.process(read_events(items, engine.types))
    assert (w.rule, w.ruleset, w.ruleset_version, w.level.value) == (
        "kin_payee",
        "funds",
        "3",
        "red",
    )
    assert (w.subject.kind, w.subject.id, w.subject.name) == ("person", "c", "丙")
    assert w.message == "丙 审批向 戊 支付 1200.50 元"
    assert w.message_en == "丙 approved paying 1200.50 to a relative"
    assert w.time == datetime(2023, 5, 4, 10, tzinfo=TZ)
    assert [(e.id, e.fields) for e in w.evidence.events] == [
        ("p1", {"approver": "c", "payee": "e"})
    ]
    assert [str(p) for p in w.evidence.paths] == ["丙 —配偶 spouse→ 戊"]
    assert [(r.role, r.person.id) for r in w.recipients] == [("line", "b"), ("discipline", "f")]
    assert "skipped 戊" in w.recipients[1].reason


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("red", [("red", "p905"), ("yellow", "p906"), ("blue", "p907")]),
        ("yellow", [("yellow", "p905"), ("yellow", "p906"), ("blue", "p907")]),
    ],
)
def test_an_analyzer_rule_keeps_each_findings_level_up_to_its_own(
    level: str, expected: list[tuple[str, str]]
) -> None:
    """rotation_overdue grades its findings red, yellow and blue; the rule's level caps them."""
    from riskwarn import OrgGraph, load_org
    from tests.engine_helpers import engine, rule, ruleset

    graph = OrgGraph(load_org(ROOT / "examples/county/org", ROOT / "examples/county/planted"))
    rs = ruleset(rule("rot", level, analyzer={"id": "rotation_overdue"}))
    found = list(engine(rs, org=graph).process([], until=date(2026, 6, 30)))
    assert sorted((w.level.value, w.subject.id) for w in found) == sorted(expected)
    assert len({w.id for w in found}) == 3


def test_analyzer_parameters_may_name_ruleset_parameters_and_mappings() -> None:
    """``analyzer.params`` values written ``params.NAME`` take the ruleset's parameter, so
    a deployment override reaches the analyzer; mapping parameters are accepted."""
    from riskwarn import OrgGraph, load_org
    from tests.engine_helpers import engine, rule, ruleset

    graph = OrgGraph(load_org(ROOT / "examples/county/org", ROOT / "examples/county/planted"))
    rs = ruleset(
        rule("rot", analyzer={"id": "rotation_overdue", "params": {"limit_years": "params.limit"}}),
        rule(
            "home",
            analyzer={"id": "hometown_principal", "params": {"levels": {"county": "yellow"}}},
        ),
        params={"limit": 10},
    )

    def found(**params: object) -> list[tuple[str, str, str]]:
        e = engine(rs, org=graph, params={"t": params} if params else None)
        return sorted(
            (w.rule, w.level.value, w.subject.id) for w in e.process([], until=date(2026, 6, 30))
        )

    default = found()
    assert ("rot", "red", "p905") in default
    assert ("home", "yellow", "p903") in default  # the mapping made the county level yellow
    # with a 30-year leader limit p905 is no longer red, only over the key-post limit
    assert [f for f in found(limit=30) if f[0] == "rot"] == [
        ("rot", "blue", "p907"),
        ("rot", "yellow", "p905"),
        ("rot", "yellow", "p906"),
    ]


def test_an_unknown_parameter_of_an_analyzer_is_located(tmp_path: Path) -> None:
    from riskwarn.errors import RulesetError
    from riskwarn.rules.loader import load_ruleset

    path = tmp_path / "r.yaml"
    path.write_text(
        "ruleset: t\nversion: '1'\ntitle: t\nparams: {limit: 10}\nrules:\n"
        "  - id: rot\n    title: t\n    level: red\n    category: c\n    basis: b\n"
        "    analyzer: {id: rotation_overdue, params: {limit_years: params.limt}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:11: rule 'rot': analyzer.params.limit_years: unknown parameter 'limt' "
        "(did you mean 'limit'?)"
    ]
