"""A small county for analyzer tests: each test adds what it needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from riskwarn.graph import OrgGraph
from riskwarn.model import RiskWarning
from riskwarn.structural import scan
from tests.orgs import make_org, person, pos, unit

AT = date(2026, 6, 30)


def base(**extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {
        "units": [
            unit("county", "县委", kind="party_committee"),
            unit("fin", "财政局", parent="county"),
            unit("fin_acc", "财务股", kind="section", parent="fin"),
            unit("audit", "审计局", parent="county"),
            unit("jw", "纪委监委", kind="discipline", parent="county"),
        ],
        "positions": [
            pos("sec", "county", name="县委书记", principal=True, grade="county_main"),
            pos("fin_head", "fin", name="财政局局长", principal=True, reports_to="sec"),
            pos("fin_dep", "fin", name="财政局副局长", leadership=True, reports_to="fin_head"),
            pos("acc", "fin_acc", name="财务股股长", reports_to="fin_dep"),
            pos("clerk", "fin_acc", name="财务股科员", grade="staff", reports_to="acc"),
            pos("auditor", "audit", name="审计局局长", principal=True, reports_to="sec"),
            pos("jw_1", "jw", name="监督检查室主任"),
        ],
        "persons": [person(p) for p in ("a", "b", "c", "d", "e", "f", "g")],
        "tenures": [],
    }
    for name, items in extra.items():
        sections[name] = sections.get(name, []) + items
    return sections


def run(
    rule: str, at: date = AT, params: dict[str, Any] | None = None, **sections: list[dict[str, Any]]
) -> list[RiskWarning]:
    graph = OrgGraph(make_org(**base(**sections)))
    return scan(graph, at, params={rule: params} if params else None, only=[rule])


def brief(warnings: list[RiskWarning]) -> list[tuple[str, str, str]]:
    return [(w.level.value, w.subject.kind, w.subject.id) for w in warnings]
