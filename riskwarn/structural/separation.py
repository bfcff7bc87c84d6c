"""Separation of powers: one person deciding and supervising (or executing) the
same power, high-risk stages without an independent check, and principal
leaders running sensitive powers directly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from riskwarn.graph import OrgGraph
from riskwarn.graph.paths import path_of
from riskwarn.model import GraphPath, Level, Model, PowerKind, Risk, StageName
from riskwarn.model.common import StrictBool
from riskwarn.structural.base import Finding, analyzer, holding_path

_D, _S, _E = StageName.DECISION, StageName.SUPERVISION, StageName.EXECUTION


def _active_powers(graph: OrgGraph, day: date) -> list[str]:
    return [p.id for p in graph.org.powers if p.active(day)]


class SeparationParams(Model):
    bodies: StrictBool = False
    """Attribute a stage held by a collective body to each member's holder."""


@analyzer(
    "decide_supervise_same",
    "决策监督同一人",
    "One person decides and supervises (or executes) the same power",
    "权力分解与相互制约; ISO 37001 5.3.3",
    SeparationParams,
)
def decide_supervise_same(
    graph: OrgGraph, day: date, params: SeparationParams
) -> Iterator[Finding]:
    for power_id in _active_powers(graph, day):
        power = graph.powers[power_id]
        held = {
            s: set(graph.stage_persons(power_id, s, day, bodies=params.bodies))
            for s in power.stages
        }
        pairs = [(_S, Level.RED, "监督")]
        if power.risk == Risk.HIGH:
            pairs.append((_E, Level.ORANGE, "执行"))
        for other, level, zh in pairs:
            for person in sorted(held.get(_D, set()) & held.get(other, set())):
                name = graph.persons[person].name
                yield Finding(
                    level=level,
                    subject=("person", person),
                    message=f"{name} 同时行使「{power.name}」的决策与{zh}环节",
                    message_en=f"{name} holds both the decision and the {other.value} stage of '{power.name}'",
                    key=(power_id, other.value),
                    paths=_paths(graph, person, power_id, (_D, other), day),
                    facts={"power": power_id, "risk": power.risk.value},
                )


def _paths(
    graph: OrgGraph, person: str, power: str, stages: tuple[StageName, ...], day: date
) -> tuple[GraphPath, ...]:
    out = []
    for stage in stages:
        try:
            out.append(holding_path(graph, person, power, stage, day))
        except KeyError:  # held through a body: no single position path
            continue
    return tuple(out)


class UncheckedParams(Model):
    stages: frozenset[StageName] = frozenset({StageName.PROPOSAL, _D, _E})
    """Stages that need an independent check when high-risk."""


@analyzer(
    "unchecked_high_risk_stage",
    "高风险环节无制约",
    "High-risk stage without a check from another person and unit",
    "廉政风险防控机制: 交叉制约 (practice)",
    UncheckedParams,
)
def unchecked_high_risk_stage(
    graph: OrgGraph, day: date, params: UncheckedParams
) -> Iterator[Finding]:
    for power_id in _active_powers(graph, day):
        power = graph.powers[power_id]
        for stage in sorted(set(power.stages) & params.stages):
            if power.stage_risk(stage) != Risk.HIGH:
                continue
            holders = graph.stage_holders(power_id, stage, day)
            persons = {p for k, i in holders for p in graph.holder_persons(k, i, day)}
            if not persons:  # nobody exercises the stage that day
                continue
            units = {graph.holder_unit(k, i, day) for k, i in holders}
            rejected: dict[str, str] = {}
            independent = False
            for check in graph.checks_on(power_id, stage, day):
                kind = "body" if check.checker not in graph.positions else "position"
                checker_persons = set(graph.holder_persons(kind, check.checker, day))
                checker_unit = graph.holder_unit(kind, check.checker, day)
                if not checker_persons:
                    rejected[check.checker] = "vacant"
                elif checker_unit in units:
                    rejected[check.checker] = "same unit"
                elif not checker_persons - persons:
                    rejected[check.checker] = "same person"
                else:
                    independent = True
                    break
            if independent:
                continue
            stage_node = f"stage:{power_id}/{stage.value}"
            paths = tuple(
                path_of(graph, [(f"{k}:{i}", "holds_stage"), (stage_node, "")], day)
                for k, i in holders
            )
            why = "; ".join(f"{c}: {r}" for c, r in sorted(rejected.items())) or "no check"
            yield Finding(
                level=Level.ORANGE,
                subject=("power", power_id),
                route=("unit", power.unit),
                message=f"高风险事项「{power.name}」的{stage.zh}环节没有来自其他人员和其他单位的制约（{why}）",
                message_en=f"The high-risk {stage.value} stage of '{power.name}' has no check from another person in another unit ({why})",
                key=(stage.value,),
                paths=paths,
                facts={"stage": stage.value, "checks_rejected": why},
            )


class DirectControlParams(Model):
    kinds: frozenset[PowerKind] = frozenset(
        {PowerKind.FINANCE, PowerKind.PERSONNEL, PowerKind.ENGINEERING, PowerKind.PROCUREMENT}
    )
    stages: frozenset[StageName] = frozenset({StageName.PROPOSAL, _D, _E})


@analyzer(
    "principal_direct_control",
    "一把手直管人财物",
    "Principal leader directly runs finance, personnel, engineering or procurement",
    "主要负责人不直接分管财务、人事、工程项目、物资采购 (三不直接分管/五不直接分管, local rules)",
    DirectControlParams,
)
def principal_direct_control(
    graph: OrgGraph, day: date, params: DirectControlParams
) -> Iterator[Finding]:
    for power_id in _active_powers(graph, day):
        power = graph.powers[power_id]
        if power.kind not in params.kinds:
            continue
        held: dict[tuple[str, str], list[StageName]] = {}
        for stage in sorted(set(power.stages) & params.stages):
            for kind, ident in graph.stage_holders(power_id, stage, day):
                if kind == "position" and graph.positions[ident].principal:
                    for person in graph.holders(ident, day):
                        held.setdefault((person, ident), []).append(stage)
        for (person, position), stages in sorted(held.items()):
            name, post = graph.persons[person].name, graph.positions[position].name
            zh = "、".join(s.zh for s in stages)
            yield Finding(
                level=Level.ORANGE,
                subject=("person", person),
                message=f"{name}（{post}，主要负责人）直接行使「{power.name}」的{zh}环节",
                message_en=f"{name} ({post}, principal leader) directly holds the {', '.join(s.value for s in stages)} stage of '{power.name}'",
                key=(power_id, position),
                paths=tuple(holding_path(graph, person, power_id, s, day) for s in stages),
                facts={"power": power_id, "kind": power.kind.value},
            )
