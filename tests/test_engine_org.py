"""The engine with an organization: graph predicates as of the event's time, the
subject resolved in the graph, recipients with reasons, graph paths as evidence."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from riskwarn.engine import Engine
from riskwarn.events import read_events
from riskwarn.rules.model import Ruleset
from tests.engine_helpers import TZ
from tests.test_graph import county

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
