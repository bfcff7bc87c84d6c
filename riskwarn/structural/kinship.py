"""Kinship avoidance (任职回避): relatives posted together in one organ, and a
leader's own or relatives' business in a sector their organ regulates."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

from riskwarn.graph import InterestLink, OrgGraph
from riskwarn.graph.paths import edge_step, path_of
from riskwarn.model import (
    AVOIDANCE_FUNCTIONS,
    Function,
    GraphPath,
    InterestRole,
    Level,
    Model,
    RelationClass,
)
from riskwarn.model.common import StrictBool
from riskwarn.structural.base import Finding, analyzer


class KinshipParams(Model):
    classes: frozenset[RelationClass] = frozenset(RelationClass)
    """Relation classes that require avoidance (all four by statute)."""
    functions: frozenset[Function] = AVOIDANCE_FUNCTIONS
    """Work a relative may not do where the other leads (组织人事、纪检监察、审计、财务)."""


def _post_path(graph: OrgGraph, person: str, position: str, day: date) -> GraphPath:
    unit = graph.unit_of(position, day)
    return path_of(
        graph,
        [(f"person:{person}", "holds"), (f"position:{position}", "in_unit"), (f"unit:{unit}", "")],
        day,
    )


def _leads_organ(graph: OrgGraph, position: str, day: date) -> bool:
    """A leader post of the organ itself, not of one of its sections."""
    unit = graph.unit_of(position, day)
    return (
        graph.positions[position].is_leader
        and unit is not None
        and graph.organ_of(unit, day) == unit
    )


def _conflict(
    graph: OrgGraph, pa: str, pb: str, day: date, functions: frozenset[Function]
) -> list[tuple[str, str]]:
    """Why two positions in one organ may not be held by relatives, as (Chinese,
    English) reasons; empty when they may."""
    a, b = graph.positions[pa], graph.positions[pb]
    reasons = []
    boss_a, boss_b = graph.reports_to(pa, day), graph.reports_to(pb, day)
    if boss_a is not None and boss_a == boss_b:
        boss = graph.positions[boss_a].name
        reasons.append((f"同属{boss}直接领导", f"same direct leader {boss}"))
    if pb in graph.reports_chain(pa, day) or pa in graph.reports_chain(pb, day):
        reasons.append(("有直接上下级领导关系", "direct superior and subordinate"))
    for leader, other in ((a, b), (b, a)):
        sensitive = sorted(other.functions & functions)
        if sensitive and _leads_organ(graph, leader.id, day):
            reasons.append(
                (
                    f"{other.name}在{leader.name}领导的机关从事{'、'.join(f.zh for f in sensitive)}工作",
                    f"{other.name} does {', '.join(f.value for f in sensitive)} work where {leader.name} leads",
                )
            )
    return reasons


@analyzer(
    "kinship_post_conflict",
    "亲属任职回避",
    "Relatives posted together against the avoidance rules",
    "公务员法 第74条; 党政领导干部任职回避暂行规定 第3条",
    KinshipParams,
)
def kinship_post_conflict(graph: OrgGraph, day: date, params: KinshipParams) -> Iterator[Finding]:
    pairs: set[tuple[str, str]] = set()
    for kin in graph.org.kinship:
        if kin.active(day) and kin.relation.relation_class in params.classes:
            pairs.add((min(kin.person, kin.relative), max(kin.person, kin.relative)))
    for a, b in sorted(pairs):
        for pa in graph.positions_of(a, day):
            for pb in graph.positions_of(b, day):
                ua, ub = graph.unit_of(pa, day), graph.unit_of(pb, day)
                if ua is None or ub is None or graph.organ_of(ua, day) != graph.organ_of(ub, day):
                    continue
                reasons = _conflict(graph, pa, pb, day, params.functions)
                if reasons:
                    yield _kinship_finding(graph, (a, pa), (b, pb), reasons, day)


def _kinship_finding(
    graph: OrgGraph,
    first: tuple[str, str],
    second: tuple[str, str],
    reasons: list[tuple[str, str]],
    day: date,
) -> Finding:
    (a, pa), (b, pb) = first, second
    since_a, since_b = graph.tenure_since(a, pa, day), graph.tenure_since(b, pb, day)
    # the later appointment created the conflict; on the same day, the smaller id
    b_later = since_b is not None and (
        since_a is None or since_b > since_a or (since_b == since_a and b < a)
    )
    later, other = (second, first) if b_later else (first, second)
    relation = next(r.relation for r in graph.relatives(later[0], day) if r.person == other[0])
    names = graph.persons[later[0]].name, graph.persons[other[0]].name
    organ = graph.units[graph.organ_of(graph.unit_of(pa, day) or "", day)].name
    kin_step = edge_step(graph, f"person:{later[0]}", "kin", f"person:{other[0]}", day)
    return Finding(
        level=Level.RED,
        subject=("person", later[0]),
        message=f"{names[0]} 与其{relation.zh}{names[1]} 同在{organ}任职，{'；'.join(zh for zh, _ in reasons)}",
        message_en=f"{names[0]} and their {relation.value} {names[1]} both serve in {organ}: {'; '.join(en for _, en in reasons)}",
        key=(sorted([a, b]), sorted([pa, pb])),
        paths=(
            GraphPath(steps=(kin_step,)),
            _post_path(graph, later[0], later[1], day),
            _post_path(graph, other[0], other[1], day),
        ),
        facts={
            "relation": relation.value,
            "organ": organ,
            "reasons": "; ".join(en for _, en in reasons),
        },
    )


class BusinessParams(Model):
    classes: frozenset[RelationClass] = frozenset(RelationClass)
    roles: frozenset[InterestRole] = frozenset(
        {
            InterestRole.OWNER,
            InterestRole.SHAREHOLDER,
            InterestRole.LEGAL_REPRESENTATIVE,
            InterestRole.DIRECTOR,
            InterestRole.MANAGER,
        }
    )
    include_self: StrictBool = True
    """Also report the leader's own interest (a stronger breach)."""


@analyzer(
    "relative_business_regulated",
    "亲属经商回避",
    "Own or relative's business regulated by the organ one leads",
    "党政领导干部任职回避暂行规定 第4条; 公务员法 第75条",
    BusinessParams,
)
def relative_business_regulated(
    graph: OrgGraph, day: date, params: BusinessParams
) -> Iterator[Finding]:
    for position in graph.org.positions:
        if not position.active(day) or not _leads_organ(graph, position.id, day):
            continue
        organ = graph.units[graph.unit_of(position.id, day) or ""]
        if not organ.regulates:
            continue
        for person in graph.holders(position.id, day):
            links = graph.interests(person, day, relatives=True, classes=params.classes)
            seen: set[tuple[str, str]] = set()
            for link in links:
                entity = graph.entities[link.entity]
                if (
                    link.role not in params.roles
                    or not entity.active(day)
                    or entity.sector not in organ.regulates
                    or (link.via is None and not params.include_self)
                    or (link.holder, link.entity) in seen
                ):
                    continue
                seen.add((link.holder, link.entity))
                yield _business_finding(graph, person, position.id, organ.name, link, day)


def _business_finding(
    graph: OrgGraph, person: str, position: str, organ: str, link: InterestLink, day: date
) -> Finding:
    name, entity = graph.persons[person].name, graph.entities[link.entity]
    hops = [f"person:{person}"]
    who = "本人"
    who_en = "they"
    if link.via is not None:
        hops.append(f"person:{link.holder}")
        who = f"其{link.via.relation.zh}{graph.persons[link.holder].name}"
        who_en = f"their {link.via.relation.value} {graph.persons[link.holder].name}"
    steps = [edge_step(graph, a, "kin", b, day) for a, b in itertools.pairwise(hops)]
    role = link.role.value
    steps.append(
        edge_step(
            graph, hops[-1], "interest", f"entity:{link.entity}", day, lambda a: a["role"] == role
        )
    )
    return Finding(
        level=Level.RED,
        subject=("person", person),
        message=f"{name} 领导{organ}，{who}是{entity.name}（{entity.sector}）的{link.role.zh}，该行业由{organ}监管",
        message_en=f"{name} leads {organ}, which regulates {entity.sector}; {who_en} hold(s) {entity.name} as {link.role.value}",
        key=(position, link.holder, link.entity),
        paths=(_post_path(graph, person, position, day), GraphPath(steps=tuple(steps))),
        facts={"entity": link.entity, "sector": entity.sector, "role": link.role.value},
    )
